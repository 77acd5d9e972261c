import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { ToolStyleLayer } from '../map-layer';

export const EDIT_COLOR = '#e8590c';

const role = (...roles: string[]): ExpressionSpecification => ['in', ['get', 'role'], ['literal', roles]];

/** What is being drawn or edited: the sketch (draft geometry, draft camera view) and drag handles. */
export const editLayers: readonly ToolStyleLayer[] = [
  {
    id: 'edit-sketch-fill',
    overlay: 'edit-sketch',
    type: 'fill',
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': EDIT_COLOR, 'fill-opacity': 0.18 },
  },
  {
    id: 'edit-sketch-line',
    overlay: 'edit-sketch',
    type: 'line',
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': EDIT_COLOR, 'line-width': 2.5, 'line-dasharray': [2, 1] },
  },
  {
    id: 'edit-handles',
    overlay: 'edit-handles',
    type: 'circle',
    paint: {
      'circle-radius': ['match', ['get', 'role'], 'position', 9, 'vertex', 5, 7],
      'circle-color': ['match', ['get', 'role'], 'position', EDIT_COLOR, 'bearing', '#1971c2', '#ffffff'],
      'circle-stroke-color': ['match', ['get', 'role'], 'vertex', EDIT_COLOR, '#1f2329'],
      'circle-stroke-width': 2,
    },
  },
  {
    id: 'edit-handle-targets',
    overlay: 'edit-handles',
    type: 'circle',
    filter: role('position', 'bearing', 'fov-left', 'fov-right'),
    // An invisible, larger circle so the handles are easy to grab.
    paint: { 'circle-radius': 16, 'circle-opacity': 0, 'circle-stroke-width': 0 },
  },
];
