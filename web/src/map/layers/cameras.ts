import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import { hovered, isCluster, POINT_TILES_MINZOOM, selected, type MapLayerDefinition } from '../map-layer';

/** Camera status colours: planned cameras are drawn hollow, out-of-service ones grey. */
export const CAMERA_COLORS = {
  active: '#2b8a3e',
  planned: '#ffffff',
  out_of_service: '#868e96',
} as const;

const RING = '#2b8a3e';
const PLANNED_VIEW = '#1864ab';
const CLUSTER = '#2b8a3e';

const isPlanned: ExpressionSpecification = ['==', ['get', 'status'], 'planned'];
const viewColor: ExpressionSpecification = ['match', ['get', 'status'], 'planned', PLANNED_VIEW, 'out_of_service', CAMERA_COLORS.out_of_service, CAMERA_COLORS.active];

export const cameras: MapLayerDefinition = {
  id: 'cameras',
  minzoom: 10,
  sample: true,
  interactive: ['cameras', 'cameras-points'],
  legend: [
    { label: 'legend.active', shape: 'circle', color: CAMERA_COLORS.active, stroke: '#ffffff' },
    { label: 'legend.planned', shape: 'ring', color: CAMERA_COLORS.planned, stroke: RING },
    { label: 'legend.outOfService', shape: 'circle', color: CAMERA_COLORS.out_of_service, stroke: '#ffffff' },
    { label: 'legend.fieldOfView', shape: 'wedge', color: 'rgba(43, 138, 62, 0.25)', stroke: CAMERA_COLORS.active },
    { label: 'legend.plannedView', shape: 'wedge', color: 'rgba(24, 100, 171, 0.15)', stroke: PLANNED_VIEW },
    { label: 'legend.cluster', shape: 'circle', color: 'rgba(43, 138, 62, 0.55)', stroke: CLUSTER },
  ],
  layers: [
    {
      id: 'camera-wedges-fill',
      overlay: 'camera-wedges',
      type: 'fill',
      minzoom: POINT_TILES_MINZOOM,
      paint: {
        'fill-color': viewColor,
        'fill-opacity': ['case', selected, 0.4, ['==', ['get', 'status'], 'out_of_service'], 0.08, 0.18],
      },
    },
    {
      id: 'camera-wedges-outline',
      overlay: 'camera-wedges',
      type: 'line',
      minzoom: POINT_TILES_MINZOOM,
      filter: ['!', isPlanned],
      paint: { 'line-color': viewColor, 'line-opacity': 0.7, 'line-width': ['case', selected, 2.5, 1] },
    },
    {
      id: 'camera-wedges-planned',
      overlay: 'camera-wedges',
      type: 'line',
      minzoom: POINT_TILES_MINZOOM,
      filter: isPlanned,
      paint: { 'line-color': PLANNED_VIEW, 'line-opacity': 0.9, 'line-width': ['case', selected, 2.5, 1.5], 'line-dasharray': [3, 2] },
    },
    {
      id: 'cameras-clusters',
      overlay: 'cameras-points',
      type: 'circle',
      maxzoom: POINT_TILES_MINZOOM,
      filter: isCluster,
      paint: {
        'circle-color': CLUSTER,
        'circle-opacity': 0.55,
        'circle-radius': ['step', ['get', 'point_count'], 10, 10, 14, 50, 19, 200, 24],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'cameras-points',
      overlay: 'cameras-points',
      type: 'circle',
      maxzoom: POINT_TILES_MINZOOM,
      filter: ['!', isCluster],
      paint: {
        'circle-radius': ['case', hovered, 6, 4],
        'circle-color': ['match', ['get', 'status'], 'planned', CAMERA_COLORS.planned, 'out_of_service', CAMERA_COLORS.out_of_service, CAMERA_COLORS.active],
        'circle-stroke-color': ['case', selected, '#e03131', isPlanned, RING, '#ffffff'],
        'circle-stroke-width': ['case', selected, 3, 1.5],
      },
    },
    {
      id: 'cameras',
      type: 'circle',
      minzoom: POINT_TILES_MINZOOM,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, ['case', hovered, 5, 3], 16, ['case', hovered, 9, 6], 19, ['case', hovered, 11, 8]],
        'circle-color': ['match', ['get', 'status'], 'planned', CAMERA_COLORS.planned, 'out_of_service', CAMERA_COLORS.out_of_service, CAMERA_COLORS.active],
        'circle-stroke-color': ['case', selected, '#e03131', isPlanned, RING, '#ffffff'],
        'circle-stroke-width': ['case', selected, 3, isPlanned, 2.5, hovered, 2.5, 1.5],
      },
    },
  ],
};
