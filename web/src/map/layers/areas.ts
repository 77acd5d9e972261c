import type { MapLayerDefinition } from '../map-layer';

const COLOR = '#343a40';

export const areas: MapLayerDefinition = {
  id: 'areas',
  minzoom: 6,
  sample: false,
  legend: [{ label: 'legend.area', shape: 'dash', color: COLOR }],
  layers: [
    {
      id: 'areas-outline',
      type: 'line',
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': COLOR,
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1.5, 17, 3],
        'line-dasharray': [4, 2],
      },
    },
  ],
};
