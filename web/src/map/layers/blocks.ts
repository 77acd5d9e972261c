import type { MapLayerDefinition } from '../map-layer';

const FILL = '#f7f5f0';
const OUTLINE = '#b3aa98';

export const blocks: MapLayerDefinition = {
  id: 'blocks',
  minzoom: 8,
  sample: false,
  legend: [{ label: 'legend.block', shape: 'fill', color: FILL, stroke: OUTLINE }],
  layers: [
    { id: 'blocks-fill', type: 'fill', paint: { 'fill-color': FILL } },
    {
      id: 'blocks-outline',
      type: 'line',
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': OUTLINE,
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.5, 17, 1.2],
        'line-dasharray': [3, 2],
      },
    },
  ],
};
