import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { MapLayerDefinition } from '../map-layer';

const FILL = '#f7f5f0';
const OUTLINE = '#b3aa98';

/** Five classes of a choropleth, light to dark (ColorBrewer OrRd, readable under the map's lines). */
export const CHOROPLETH_COLORS = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'] as const;

/**
 * The class of a block is set as feature-state `choropleth` = class / 5 (0, 0.2 … 0.8) by the
 * choropleth controller; without it the block keeps its plain fill.
 */
const choroplethClass: ExpressionSpecification = ['to-number', ['coalesce', ['feature-state', 'choropleth'], -1]];

export const blocks: MapLayerDefinition = {
  id: 'blocks',
  minzoom: 8,
  sample: false,
  legend: [{ label: 'legend.block', shape: 'fill', color: FILL, stroke: OUTLINE }],
  layers: [
    {
      id: 'blocks-fill',
      type: 'fill',
      paint: {
        'fill-color': ['step', choroplethClass, FILL, 0, CHOROPLETH_COLORS[0], 0.2, CHOROPLETH_COLORS[1], 0.4, CHOROPLETH_COLORS[2], 0.6, CHOROPLETH_COLORS[3], 0.8, CHOROPLETH_COLORS[4]],
        'fill-opacity': ['case', ['>=', choroplethClass, 0], 0.75, 1],
      },
    },
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
