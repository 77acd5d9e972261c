import type { MapLayerDefinition } from '../map-layer';

const FILL = '#d8d1c3';
const OUTLINE = '#bfb5a3';

export const buildings: MapLayerDefinition = {
  id: 'buildings',
  minzoom: 13,
  sample: false,
  legend: [{ label: 'legend.building', shape: 'fill', color: FILL, stroke: OUTLINE }],
  layers: [
    {
      id: 'buildings',
      type: 'fill',
      paint: {
        'fill-color': FILL,
        'fill-outline-color': OUTLINE,
        'fill-opacity': ['interpolate', ['linear'], ['zoom'], 13, 0.5, 15, 1],
      },
    },
  ],
};
