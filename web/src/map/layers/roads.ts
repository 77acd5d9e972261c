import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { MapLayerDefinition } from '../map-layer';

/** OSM highway values, grouped the way a street map reads. Anything else is drawn as a local street. */
const MAJOR = ['motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link'];
const MIDDLE = ['secondary', 'secondary_link', 'tertiary', 'tertiary_link'];
const SERVICE = ['service'];
export const PATH_CLASSES = ['footway', 'path', 'steps', 'pedestrian', 'cycleway', 'bridleway', 'track', 'corridor'];

const COLORS = {
  major: { fill: '#fde2a4', casing: '#c9a054' },
  middle: { fill: '#fff5d6', casing: '#cdb98a' },
  local: { fill: '#ffffff', casing: '#c2b9a8' },
  path: '#786e5e',
};

/** Line widths in pixels per class at zooms 12, 16 and 19. */
const WIDTHS: readonly { zoom: number; major: number; middle: number; local: number; service: number }[] = [
  { zoom: 12, major: 2, middle: 1.2, local: 0.4, service: 0.2 },
  { zoom: 16, major: 9, middle: 7, local: 4.5, service: 2.5 },
  { zoom: 19, major: 28, middle: 22, local: 15, service: 9 },
];

const roadClass: ExpressionSpecification = ['get', 'class'];

function widthByClass(extra: number): ExpressionSpecification {
  const stops = WIDTHS.flatMap((w) => [
    w.zoom,
    ['match', roadClass, MAJOR, w.major + extra, MIDDLE, w.middle + extra, SERVICE, w.service + extra, w.local + extra],
  ]);
  return ['interpolate', ['exponential', 1.5], ['zoom'], ...stops] as ExpressionSpecification;
}

function colorByClass(key: 'fill' | 'casing'): ExpressionSpecification {
  return ['match', roadClass, MAJOR, COLORS.major[key], MIDDLE, COLORS.middle[key], COLORS.local[key]];
}

const isPath: ExpressionSpecification = ['in', roadClass, ['literal', PATH_CLASSES]];

export const roads: MapLayerDefinition = {
  id: 'roads',
  minzoom: 10,
  sample: false,
  legend: [
    { label: 'legend.roadMajor', shape: 'line', color: COLORS.major.fill, stroke: COLORS.major.casing },
    { label: 'legend.roadLocal', shape: 'line', color: COLORS.local.fill, stroke: COLORS.local.casing },
    { label: 'legend.roadPath', shape: 'dash', color: COLORS.path },
  ],
  layers: [
    {
      id: 'roads-casing',
      type: 'line',
      filter: ['!', isPath],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': colorByClass('casing'), 'line-width': widthByClass(1.5) },
    },
    {
      id: 'roads-fill',
      type: 'line',
      filter: ['!', isPath],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': colorByClass('fill'), 'line-width': widthByClass(0) },
    },
    {
      id: 'roads-paths',
      type: 'line',
      minzoom: 14,
      filter: isPath,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': COLORS.path,
        'line-width': ['interpolate', ['linear'], ['zoom'], 14, 0.6, 17, 1.4, 19, 2.5],
        'line-dasharray': [2, 1.5],
      },
    },
  ],
};
