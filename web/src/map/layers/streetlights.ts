import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import { hovered, isCluster, POINT_TILES_MINZOOM, selected, type MapLayerDefinition } from '../map-layer';

const LAMP = '#fab005';
const GLOW = '#ffe066';
const OFF = '#adb5bd';

/**
 * MapLibre draws 512-pixel tiles, so a pixel covers 40 075 017 m · cos(lat) / (512 · 2^zoom).
 * The lit circle uses the latitude of the demo area (35.7°N, about 0.97 m per pixel at zoom 16);
 * across Japan (20–46°N) the drawn radius stays within about 15 % of radius_m.
 */
const REFERENCE_LATITUDE = 35.7;
const METRES_PER_PIXEL_AT_ZOOM_0 = (40075016.686 * Math.cos((REFERENCE_LATITUDE * Math.PI) / 180)) / 512;

export function pixelsPerMetre(zoom: number): number {
  return 2 ** zoom / METRES_PER_PIXEL_AT_ZOOM_0;
}

const radius: ExpressionSpecification = ['to-number', ['get', 'radius_m'], 0];
const litRadius: ExpressionSpecification = [
  'interpolate',
  ['exponential', 2],
  ['zoom'],
  15,
  ['*', radius, pixelsPerMetre(15)],
  22,
  ['*', radius, pixelsPerMetre(22)],
];

export const streetlights: MapLayerDefinition = {
  id: 'streetlights',
  minzoom: 12,
  sample: true,
  interactive: ['streetlights', 'streetlights-points'],
  legend: [
    { label: 'legend.active', shape: 'circle', color: LAMP, stroke: '#7a5a00' },
    { label: 'legend.outOfService', shape: 'circle', color: OFF, stroke: '#495057' },
    { label: 'legend.litRadius', shape: 'halo', color: GLOW },
    { label: 'legend.cluster', shape: 'circle', color: 'rgba(250, 176, 5, 0.6)', stroke: '#7a5a00' },
  ],
  layers: [
    {
      id: 'streetlights-clusters',
      overlay: 'streetlights-points',
      type: 'circle',
      maxzoom: POINT_TILES_MINZOOM,
      filter: isCluster,
      paint: {
        'circle-color': LAMP,
        'circle-opacity': 0.6,
        'circle-radius': ['step', ['get', 'point_count'], 8, 10, 12, 100, 17, 500, 22],
        'circle-stroke-color': '#7a5a00',
        'circle-stroke-width': 1,
      },
    },
    {
      id: 'streetlights-points',
      overlay: 'streetlights-points',
      type: 'circle',
      maxzoom: POINT_TILES_MINZOOM,
      filter: ['!', isCluster],
      paint: {
        'circle-radius': ['case', hovered, 4, 2.5],
        'circle-color': ['match', ['get', 'status'], 'out_of_service', OFF, LAMP],
        'circle-stroke-color': ['case', selected, '#e03131', '#7a5a00'],
        'circle-stroke-width': ['case', selected, 2.5, 0.5],
      },
    },
    {
      id: 'streetlights-lit-area',
      type: 'circle',
      minzoom: 15,
      filter: ['!=', ['get', 'status'], 'out_of_service'],
      paint: {
        'circle-radius': litRadius,
        'circle-color': GLOW,
        'circle-opacity': 0.22,
        'circle-stroke-color': LAMP,
        'circle-stroke-opacity': 0.35,
        'circle-stroke-width': 0.5,
        'circle-pitch-alignment': 'map',
      },
    },
    {
      id: 'streetlights',
      type: 'circle',
      minzoom: POINT_TILES_MINZOOM,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 13, ['case', hovered, 2.5, 1], 15, ['case', hovered, 4, 1.8], 17, ['case', hovered, 6, 3.5], 19, ['case', hovered, 8, 5]],
        'circle-color': ['match', ['get', 'status'], 'out_of_service', OFF, 'planned', '#ffffff', LAMP],
        'circle-stroke-color': ['case', selected, '#e03131', ['match', ['get', 'status'], 'out_of_service', '#495057', 'planned', LAMP, '#7a5a00']],
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 14, ['case', selected, 2.5, 0.4], 17, ['case', selected, 2.5, 0.8]],
      },
    },
  ],
};
