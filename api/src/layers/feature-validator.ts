import { canSee, LAMP_DEFAULT_RADIUS_M, type LayerDefinition, type Sensitivity } from '@mimamori/db';
import { checkGeometry, positionsOf, type Rejection } from './geojson-geometry';
import { type GeoJsonGeometry, isPlainObject } from './geojson-types';
import { checkPropertyValue, parseTrackTimes } from './property-rules';

/** Column names a client may never set through properties. */
export const RESERVED_PROPERTIES: readonly string[] = [
  'id',
  'organisation_id',
  'version',
  'external_id',
  'sample',
  'extra',
  'created_at',
  'updated_at',
  'deleted_at',
  'geom',
  'geom_3857',
];

/** A feature ready to store: every registry property (null when absent), the rest as extra. */
export interface ValidFeature {
  geometry: GeoJsonGeometry;
  values: Record<string, unknown>;
  extra: Record<string, unknown>;
  /** Per-vertex epoch seconds for LineStringM layers (NaN = unknown), else null. */
  measures: number[] | null;
}

export type Validation = { ok: true; feature: ValidFeature } | { ok: false; rejection: Rejection };

export interface ValidationContext {
  layer: LayerDefinition;
  /** What the writer may see; properties above it cannot be set. */
  clearance: Sensitivity;
}

/** A stored feature as read back with every property. */
export interface StoredFeature {
  geometry: GeoJsonGeometry;
  properties: Record<string, unknown>;
}

export function validateNewFeature(ctx: ValidationContext, input: unknown): Validation {
  if (!isPlainObject(input) || input.type !== 'Feature') return fail('INVALID_GEOJSON', notAFeature(input), 'type');
  const props = input.properties ?? {};
  if (!isPlainObject(props)) return fail('INVALID_GEOJSON', 'properties must be an object', 'properties');
  return validateCandidate(ctx, input.geometry, { ...props }, props, false);
}

/** A PATCH: `properties` are merged into the stored ones (null removes one), `geometry` replaces. */
export function validateFeaturePatch(ctx: ValidationContext, stored: StoredFeature, patch: unknown): Validation {
  if (!isPlainObject(patch) || (patch.type !== undefined && patch.type !== 'Feature')) {
    const message = patch === undefined ? notAFeature(patch) : 'expected a (partial) GeoJSON Feature: {"properties": {…}} and/or {"geometry": …}';
    return fail('INVALID_GEOJSON', message, 'type');
  }
  const changes = patch.properties ?? {};
  if (!isPlainObject(changes)) return fail('INVALID_GEOJSON', 'properties must be an object', 'properties');
  if (patch.geometry === null) return fail('INVALID_GEOJSON', 'geometry cannot be removed; send a new one or leave it out', 'geometry');
  // No prototype, so a property named "__proto__" is data like any other.
  const merged: Record<string, unknown> = Object.assign(Object.create(null), stored.properties);
  // New vertices make the stored per-vertex times meaningless.
  if (patch.geometry !== undefined && ctx.layer.geometry === 'LineStringM') delete merged.times;
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return validateCandidate(ctx, patch.geometry ?? stored.geometry, merged, changes, stored.properties.sample === true);
}

function validateCandidate(
  ctx: ValidationContext,
  geometry: unknown,
  properties: Record<string, unknown>,
  supplied: Record<string, unknown>,
  currentSample: boolean,
): Validation {
  const geometryProblem = checkGeometry(geometry, ctx.layer.accepts);
  if (geometryProblem) return { ok: false, rejection: geometryProblem };
  for (const [key, value] of Object.entries(supplied)) {
    const problem = checkSuppliedKey(ctx, key, value, currentSample);
    if (problem) return { ok: false, rejection: problem };
  }
  const props = withDefaults(ctx.layer, properties);
  const values: Record<string, unknown> = {};
  for (const spec of ctx.layer.properties) {
    const value = props[spec.name];
    if (value === undefined || value === null) {
      if (spec.required) return fail('MISSING_PROPERTY', `${spec.name} is required (${spec.description})`, spec.name);
      values[spec.name] = null;
      continue;
    }
    const checked = checkPropertyValue(spec, value);
    if (!checked.ok) return checked;
    values[spec.name] = checked.value;
  }
  const valid = geometry as GeoJsonGeometry;
  let measures: number[] | null = null;
  if (ctx.layer.geometry === 'LineStringM') {
    const times = parseTrackTimes(props.times, positionsOf(valid).length);
    if (!times.ok) return times;
    measures = times.value;
  }
  return { ok: true, feature: { geometry: valid, values, extra: extraOf(ctx.layer, props), measures } };
}

function checkSuppliedKey(ctx: ValidationContext, key: string, value: unknown, currentSample: boolean): Rejection | null {
  // Our own responses and exports carry `sample`; sending it back unchanged is a round trip, not a write.
  if (key === 'sample' && value === currentSample) return null;
  if (RESERVED_PROPERTIES.includes(key)) {
    return { code: 'RESERVED_PROPERTY', message: `${key} is reserved (set by the system); rename it to keep it as data`, field: key };
  }
  const spec = ctx.layer.properties.find((p) => p.name === key);
  if (spec && !canSee(spec.sensitivity ?? 'public', ctx.clearance)) {
    return { code: 'INVALID_PROPERTY', message: `only police and admin may set ${key}`, field: key };
  }
  return null;
}

function withDefaults(layer: LayerDefinition, properties: Record<string, unknown>): Record<string, unknown> {
  const out = { ...properties };
  const status = layer.properties.find((p) => p.name === 'status');
  if (status?.values?.includes('active') && out.status == null) out.status = 'active';
  if (layer.id === 'streetlights') {
    out.lamp_type ??= 'unknown';
    if (out.radius_m == null && typeof out.lamp_type === 'string' && Object.hasOwn(LAMP_DEFAULT_RADIUS_M, out.lamp_type)) {
      out.radius_m = LAMP_DEFAULT_RADIUS_M[out.lamp_type];
    }
  }
  return out;
}

function extraOf(layer: LayerDefinition, properties: Record<string, unknown>): Record<string, unknown> {
  const modelled = new Set(layer.properties.map((p) => p.name));
  modelled.add('sample');
  if (layer.geometry === 'LineStringM') modelled.add('times');
  return Object.fromEntries(Object.entries(properties).filter(([key, value]) => !modelled.has(key) && value !== null && value !== undefined));
}

function notAFeature(input: unknown): string {
  if (input === undefined) return 'the request has no JSON body (send it as application/json or application/geo+json)';
  if (!isPlainObject(input)) return `expected a GeoJSON Feature object, got ${Array.isArray(input) ? 'an array' : typeof input}`;
  if (input.type === 'FeatureCollection') return 'expected a GeoJSON Feature, got a FeatureCollection (send collections to /import)';
  if (typeof input.type === 'string' && input.type !== 'Feature') {
    return `expected a GeoJSON Feature, got a bare ${input.type}: wrap it as {"type": "Feature", "geometry": …, "properties": {…}}`;
  }
  return 'expected a GeoJSON Feature: {"type": "Feature", "geometry": …, "properties": {…}}';
}

function fail(code: Rejection['code'], message: string, field: string): Validation {
  return { ok: false, rejection: { code, message, field } };
}
