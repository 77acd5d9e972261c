import type { MapLayerDefinition } from '../map-layer';

const COLOR = '#f76707';

export const schoolRoutes: MapLayerDefinition = {
  id: 'school-routes',
  minzoom: 10,
  sample: true,
  legend: [{ label: 'legend.route', shape: 'line', color: COLOR }],
  layers: [
    {
      id: 'school-routes',
      type: 'line',
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': COLOR,
        'line-opacity': 0.85,
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1.5, 16, 4, 19, 8],
      },
    },
  ],
};
