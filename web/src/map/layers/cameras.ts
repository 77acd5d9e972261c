import { hovered, selected, type MapLayerDefinition } from '../map-layer';

/** Camera status colours: planned cameras are drawn hollow, out-of-service ones grey. */
export const CAMERA_COLORS = {
  active: '#2b8a3e',
  planned: '#ffffff',
  out_of_service: '#868e96',
} as const;

const RING = '#2b8a3e';

export const cameras: MapLayerDefinition = {
  id: 'cameras',
  minzoom: 10,
  sample: true,
  interactive: ['cameras'],
  legend: [
    { label: 'legend.active', shape: 'circle', color: CAMERA_COLORS.active, stroke: '#ffffff' },
    { label: 'legend.planned', shape: 'ring', color: CAMERA_COLORS.planned, stroke: RING },
    { label: 'legend.outOfService', shape: 'circle', color: CAMERA_COLORS.out_of_service, stroke: '#ffffff' },
  ],
  layers: [
    {
      id: 'cameras',
      type: 'circle',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, ['case', hovered, 5, 3], 16, ['case', hovered, 9, 6], 19, ['case', hovered, 11, 8]],
        'circle-color': [
          'match',
          ['get', 'status'],
          'planned',
          CAMERA_COLORS.planned,
          'out_of_service',
          CAMERA_COLORS.out_of_service,
          CAMERA_COLORS.active,
        ],
        'circle-stroke-color': ['case', selected, '#e03131', ['==', ['get', 'status'], 'planned'], RING, '#ffffff'],
        'circle-stroke-width': ['case', selected, 3, ['==', ['get', 'status'], 'planned'], 2.5, hovered, 2.5, 1.5],
      },
    },
  ],
};
