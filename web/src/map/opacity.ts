import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { StyleLayerBody } from './map-layer';

/** The paint properties that make each kind of style layer more or less transparent. */
export const OPACITY_PROPERTIES: Readonly<Record<StyleLayerBody['type'], readonly string[]>> = {
  fill: ['fill-opacity'],
  line: ['line-opacity'],
  circle: ['circle-opacity', 'circle-stroke-opacity'],
};

type OpacityValue = number | ExpressionSpecification | undefined;

const isZoom = (input: unknown) => Array.isArray(input) && input[0] === 'zoom';

/** Indices of the outputs of a zoom curve (`interpolate` over zoom: 4, 6…; `step` over zoom: 2, 4…), or null. */
function zoomCurveOutputs(list: readonly unknown[]): ((i: number) => boolean) | null {
  if (list[0] === 'interpolate' && isZoom(list[2])) return (i) => i >= 4 && i % 2 === 0;
  if (list[0] === 'step' && isZoom(list[1])) return (i) => i >= 2 && i % 2 === 0;
  return null;
}

/**
 * An opacity value multiplied by `factor`. A zoom curve must stay the outermost expression in a
 * style, so its outputs are scaled instead of the whole curve.
 */
export function scaleOpacity(value: OpacityValue, factor: number): OpacityValue {
  if (factor === 1) return value;
  if (value === undefined) return factor;
  if (typeof value === 'number') return value * factor;
  const list = value as unknown[];
  const isOutput = zoomCurveOutputs(list);
  if (isOutput) return list.map((item, i) => (isOutput(i) ? scaleOpacity(item as OpacityValue, factor) : item)) as ExpressionSpecification;
  return ['*', factor, value] as ExpressionSpecification;
}

/** The layer's paint with every opacity property scaled by `factor`. */
export function scaledPaint(layer: StyleLayerBody, factor: number): Record<string, unknown> | undefined {
  const paint = (layer.paint ?? {}) as Record<string, unknown>;
  if (factor === 1) return layer.paint as Record<string, unknown> | undefined;
  const out = { ...paint };
  for (const property of OPACITY_PROPERTIES[layer.type]) out[property] = scaleOpacity(paint[property] as OpacityValue, factor);
  return out;
}
