import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import { kindIs, selected, type AnalysisLayerDefinition } from '../map-layer';
import { byPercent, FAIR, GOOD, lineWidth, POOR } from './analysis-coverage';

/** The printed report's severity colours (api/src/reports/route-map-svg.ts), so map and paper agree. */
export const SEVERITY_COLORS = { high: '#d62728', medium: '#f28e00', low: '#b8a400' } as const;

const bySeverity: ExpressionSpecification = ['match', ['get', 'severity'], 'high', SEVERITY_COLORS.high, 'medium', SEVERITY_COLORS.medium, 'low', SEVERITY_COLORS.low, '#777777'];

/** MapLibre reports multi-part features as Multi* or as the single type depending on the source: match both. */
const geometryIn = (...types: string[]): ExpressionSpecification => ['in', ['geometry-type'], ['literal', types]];
const findingArea: ExpressionSpecification = ['all', kindIs('finding'), geometryIn('Polygon', 'MultiPolygon')];
const findingLine: ExpressionSpecification = ['all', kindIs('finding'), geometryIn('LineString', 'MultiLineString')];
const findingPoint: ExpressionSpecification = ['all', kindIs('finding'), geometryIn('Point', 'MultiPoint')];

const findingWidth: ExpressionSpecification = ['interpolate', ['linear'], ['zoom'], 12, ['case', selected, 6, 3], 17, ['case', selected, 12, 6]];
/** A white casing sets findings apart from the route they lie on (both are red where it is poorly watched); dark when selected. */
const casingWidth: ExpressionSpecification = ['interpolate', ['linear'], ['zoom'], 12, ['case', selected, 10, 5], 17, ['case', selected, 18, 9]];

/**
 * Route-audit results: each `route` coloured by how much of it a camera sees, and its ranked
 * `finding`s by severity: crime blocks as areas, dark or refuge-less stretches as lines,
 * route-wide findings as points. A selected finding (clicked here or in the table) is outlined dark.
 */
export const analysisRouteAudit: AnalysisLayerDefinition = {
  id: 'analysis-route-audit',
  legend: [
    { label: 'legend.coverageGood', shape: 'line', color: GOOD },
    { label: 'legend.coverageFair', shape: 'line', color: FAIR },
    { label: 'legend.coveragePoor', shape: 'line', color: POOR },
    { label: 'legend.findingHigh', shape: 'ring', color: '#ffffff', stroke: SEVERITY_COLORS.high },
    { label: 'legend.findingMedium', shape: 'ring', color: '#ffffff', stroke: SEVERITY_COLORS.medium },
    { label: 'legend.findingLow', shape: 'ring', color: '#ffffff', stroke: SEVERITY_COLORS.low },
    { label: 'legend.findingArea', shape: 'fill', color: 'rgba(214, 39, 40, 0.15)', stroke: SEVERITY_COLORS.high },
  ],
  layers: [
    {
      id: 'analysis-finding-area',
      type: 'fill',
      filter: findingArea,
      paint: { 'fill-color': bySeverity, 'fill-opacity': ['case', selected, 0.4, 0.12] },
    },
    {
      id: 'analysis-finding-area-outline',
      type: 'line',
      filter: findingArea,
      paint: { 'line-color': bySeverity, 'line-width': ['case', selected, 3, 1], 'line-dasharray': [3, 2] },
    },
    {
      id: 'analysis-route',
      type: 'line',
      filter: kindIs('route'),
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': byPercent('seenPct'), 'line-opacity': 0.7, 'line-width': lineWidth },
    },
    {
      id: 'analysis-finding-casing',
      type: 'line',
      filter: findingLine,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': ['case', selected, '#1d1d1f', '#ffffff'], 'line-width': casingWidth },
    },
    {
      id: 'analysis-finding-line',
      type: 'line',
      filter: findingLine,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': bySeverity, 'line-width': findingWidth },
    },
    {
      id: 'analysis-finding',
      type: 'circle',
      filter: findingPoint,
      paint: {
        'circle-radius': ['case', selected, 10, 6],
        'circle-color': ['case', selected, bySeverity, '#ffffff'],
        'circle-stroke-color': ['case', selected, '#1d1d1f', bySeverity],
        'circle-stroke-width': 3,
      },
    },
  ],
};
