import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import { kindIs, selected, type AnalysisLayerDefinition } from '../map-layer';

export const BLIND_SPOT_COLOR = '#e03131';
export const DARK_SPOT_COLOR = '#1c2e6b';
export const POOR = '#e03131';
export const FAIR = '#fab005';
export const GOOD = '#2f9e44';

/** 0 % red, 50 % amber, 100 % green: how much of a line is seen (or lit). */
export function byPercent(property: string): ExpressionSpecification {
  return ['interpolate', ['linear'], ['to-number', ['get', property], 0], 0, POOR, 50, FAIR, 100, GOOD];
}

export const lineWidth: ExpressionSpecification = ['interpolate', ['linear'], ['zoom'], 12, ['case', selected, 5, 3], 17, ['case', selected, 11, 8]];
const spotWidth: ExpressionSpecification = ['interpolate', ['linear'], ['zoom'], 12, 2, 17, 4];

/** Coverage results: `line`, `blind-spot`, `dark-spot`, `blind-area`. */
export const analysisCoverage: AnalysisLayerDefinition = {
  id: 'analysis-coverage',
  legend: [
    { label: 'legend.coverageGood', shape: 'line', color: GOOD },
    { label: 'legend.coverageFair', shape: 'line', color: FAIR },
    { label: 'legend.coveragePoor', shape: 'line', color: POOR },
    { label: 'legend.blindSpot', shape: 'line', color: BLIND_SPOT_COLOR },
    { label: 'legend.darkSpot', shape: 'line', color: DARK_SPOT_COLOR },
    { label: 'legend.blindArea', shape: 'fill', color: 'rgba(224, 49, 49, 0.3)', stroke: BLIND_SPOT_COLOR },
  ],
  layers: [
    {
      id: 'analysis-blind-area',
      type: 'fill',
      filter: kindIs('blind-area'),
      paint: { 'fill-color': BLIND_SPOT_COLOR, 'fill-opacity': 0.3, 'fill-outline-color': BLIND_SPOT_COLOR },
    },
    {
      id: 'analysis-coverage-line',
      type: 'line',
      filter: kindIs('line'),
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': byPercent('seenOrLitPct'), 'line-opacity': 0.55, 'line-width': lineWidth },
    },
    {
      id: 'analysis-blind-spot',
      type: 'line',
      filter: kindIs('blind-spot'),
      layout: { 'line-cap': 'butt' },
      paint: { 'line-color': BLIND_SPOT_COLOR, 'line-width': spotWidth, 'line-offset': -3 },
    },
    {
      id: 'analysis-dark-spot',
      type: 'line',
      filter: kindIs('dark-spot'),
      layout: { 'line-cap': 'butt' },
      paint: { 'line-color': DARK_SPOT_COLOR, 'line-width': spotWidth, 'line-offset': 3 },
    },
  ],
};
