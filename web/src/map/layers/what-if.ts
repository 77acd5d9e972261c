import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { ToolStyleLayer } from '../map-layer';

export const WHAT_IF_COLORS = { seen: '#2f9e44', unseen: '#e03131', view: '#1971c2' } as const;

const is = (kind: string): ExpressionSpecification => ['==', ['get', 'kind'], kind];

/**
 * The live what-if while a camera is moved: the edited camera's view with building shadows,
 * nearby school routes split into seen and unseen stretches, and the frame of the area computed.
 */
export const whatIfLayers: readonly ToolStyleLayer[] = [
  {
    id: 'what-if-view',
    overlay: 'what-if',
    type: 'fill',
    filter: is('view'),
    paint: { 'fill-color': WHAT_IF_COLORS.view, 'fill-opacity': 0.22 },
  },
  {
    id: 'what-if-unseen',
    overlay: 'what-if',
    type: 'line',
    filter: is('unseen'),
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': WHAT_IF_COLORS.unseen, 'line-width': 6, 'line-opacity': 0.85 },
  },
  {
    id: 'what-if-seen',
    overlay: 'what-if',
    type: 'line',
    filter: is('seen'),
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': WHAT_IF_COLORS.seen, 'line-width': 7, 'line-opacity': 0.95 },
  },
  {
    id: 'what-if-frame',
    overlay: 'what-if',
    type: 'line',
    filter: is('frame'),
    paint: { 'line-color': WHAT_IF_COLORS.view, 'line-width': 1.5, 'line-dasharray': [4, 3], 'line-opacity': 0.7 },
  },
];
