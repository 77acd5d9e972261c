import { getLayer, type LayerId, type Sensitivity } from '@mimamori/db';
import { validateFeaturePatch, validateNewFeature, type Validation } from './feature-validator';

const ctx = (layer: LayerId, clearance: Sensitivity = 'internal') => ({ layer: getLayer(layer), clearance });
const camera = (properties: Record<string, unknown>) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [139.7101, 35.7013] },
  properties: { bearing_deg: 90, hfov_deg: 60, range_m: 30, ...properties },
});
const streetlight = (properties: Record<string, unknown>) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [139.7101, 35.7013] },
  properties,
});
const track = (coordinates: number[][], properties: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: { type: 'LineString', coordinates },
  properties: { unit: '戸塚1', kind: 'police', ...properties },
});

function accepted(result: Validation) {
  if (!result.ok) throw new Error(`expected a valid feature, got ${JSON.stringify(result.rejection)}`);
  return result.feature;
}

function rejected(result: Validation) {
  if (result.ok) throw new Error('expected a rejection');
  return result.rejection;
}

describe('validateNewFeature', () => {
  it('requires a camera bearing', () => {
    const { bearing_deg: _omitted, ...rest } = camera({}).properties;
    const problem = rejected(validateNewFeature(ctx('cameras'), { ...camera({}), properties: rest }));
    expect(problem).toMatchObject({ code: 'MISSING_PROPERTY', field: 'bearing_deg' });
  });

  it('fills status with active and keeps every registry property, null when absent', () => {
    const feature = accepted(validateNewFeature(ctx('cameras'), camera({ name: '戸山口' })));
    expect(feature.values).toMatchObject({ name: '戸山口', bearing_deg: 90, status: 'active', owner: null, installed_on: null });
    expect(Object.keys(feature.values)).toHaveLength(getLayer('cameras').properties.length);
  });

  it('gives a streetlight the documented lit radius of its lamp type', () => {
    expect(accepted(validateNewFeature(ctx('streetlights'), streetlight({}))).values).toMatchObject({ lamp_type: 'unknown', radius_m: 12 });
    expect(accepted(validateNewFeature(ctx('streetlights'), streetlight({ lamp_type: 'sodium' }))).values.radius_m).toBe(18);
    expect(accepted(validateNewFeature(ctx('streetlights'), streetlight({ lamp_type: 'led', radius_m: 9 }))).values.radius_m).toBe(9);
  });

  it('rejects an unknown lamp type instead of defaulting its radius', () => {
    expect(rejected(validateNewFeature(ctx('streetlights'), streetlight({ lamp_type: 'constructor' })))).toMatchObject({
      code: 'INVALID_PROPERTY',
      field: 'lamp_type',
    });
  });

  it('keeps properties the registry does not know as extra data', () => {
    const feature = accepted(validateNewFeature(ctx('cameras'), camera({ 'osm:id': 42, maker: 'Panasonic', note: null })));
    expect(feature.extra).toEqual({ 'osm:id': 42, maker: 'Panasonic' });
  });

  it('rejects reserved names but lets our own sample=false round-trip', () => {
    expect(rejected(validateNewFeature(ctx('cameras'), camera({ id: 7 })))).toMatchObject({ code: 'RESERVED_PROPERTY', field: 'id' });
    expect(rejected(validateNewFeature(ctx('cameras'), camera({ organisation_id: 'x' }))).field).toBe('organisation_id');
    expect(rejected(validateNewFeature(ctx('cameras'), camera({ sample: true }))).code).toBe('RESERVED_PROPERTY');
    expect(accepted(validateNewFeature(ctx('cameras'), camera({ sample: false }))).extra).toEqual({});
  });

  it('lets only police set police-only properties', () => {
    const beat = {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[139.7, 35.7], [139.71, 35.7], [139.71, 35.71], [139.7, 35.7]]] },
      properties: { code: 'T-1', households: 1200 },
    };
    expect(rejected(validateNewFeature(ctx('beats', 'internal'), beat))).toMatchObject({ code: 'INVALID_PROPERTY', field: 'households' });
    expect(accepted(validateNewFeature(ctx('beats', 'police'), beat)).values.households).toBe(1200);
  });

  it('names the body problem when it is not a Feature', () => {
    const collection = rejected(validateNewFeature(ctx('cameras'), { type: 'FeatureCollection', features: [] }));
    expect(collection).toMatchObject({ code: 'INVALID_GEOJSON', field: 'type' });
    expect(collection.message).toMatch(/import/);
    expect(rejected(validateNewFeature(ctx('cameras'), { type: 'Point', coordinates: [139.7, 35.7] })).message).toMatch(/bare Point/);
    expect(rejected(validateNewFeature(ctx('cameras'), { ...camera({}), geometry: null })).field).toBe('geometry');
  });

  it('stores a track without times as NaN measures, one per vertex', () => {
    const feature = accepted(validateNewFeature(ctx('patrol-tracks', 'police'), track([[139.7, 35.7], [139.71, 35.7], [139.72, 35.7]])));
    expect(feature.measures).toHaveLength(3);
    expect(feature.measures?.every(Number.isNaN)).toBe(true);
    expect(feature.extra).toEqual({});
  });

  it('rejects track times that do not match the vertices', () => {
    const result = validateNewFeature(ctx('patrol-tracks', 'police'), track([[139.7, 35.7], [139.71, 35.7]], { times: [1743462000] }));
    expect(rejected(result)).toMatchObject({ code: 'INVALID_PROPERTY', field: 'times' });
  });
});

describe('validateFeaturePatch', () => {
  const stored = {
    geometry: { type: 'Point', coordinates: [139.7101, 35.7013] },
    properties: { bearing_deg: 90, hfov_deg: 60, range_m: 30, status: 'active', name: '戸山口', maker: 'Panasonic', sample: false },
  };

  it('merges properties and removes those set to null', () => {
    const feature = accepted(validateFeaturePatch(ctx('cameras'), stored, { properties: { bearing_deg: 180, name: null, maker: null } }));
    expect(feature.values).toMatchObject({ bearing_deg: 180, hfov_deg: 60, name: null });
    expect(feature.extra).toEqual({});
    expect(feature.geometry).toEqual(stored.geometry);
  });

  it('keeps a property named __proto__ as data instead of changing the object', () => {
    const patch = JSON.parse('{"properties": {"__proto__": {"bearing_deg": 5}}}');
    const feature = accepted(validateFeaturePatch(ctx('cameras'), stored, patch));
    expect(feature.values.bearing_deg).toBe(90);
    expect(Object.keys(feature.extra)).toEqual(['maker', '__proto__']);
  });

  it('explains a missing body', () => {
    expect(rejected(validateFeaturePatch(ctx('cameras'), stored, undefined)).message).toMatch(/no JSON body/);
  });

  it('cannot remove a required property', () => {
    expect(rejected(validateFeaturePatch(ctx('cameras'), stored, { properties: { range_m: null } }))).toMatchObject({
      code: 'MISSING_PROPERTY',
      field: 'range_m',
    });
  });

  it('replaces the geometry but refuses to drop it', () => {
    const moved = { type: 'Point', coordinates: [139.72, 35.7] };
    expect(accepted(validateFeaturePatch(ctx('cameras'), stored, { geometry: moved })).geometry).toEqual(moved);
    expect(rejected(validateFeaturePatch(ctx('cameras'), stored, { geometry: null })).code).toBe('INVALID_GEOJSON');
  });

  it('forgets the per-vertex times of a track whose line is replaced', () => {
    const storedTrack = {
      geometry: { type: 'LineString', coordinates: [[139.7, 35.7], [139.71, 35.7]] },
      properties: { unit: '戸塚1', kind: 'police', times: [1743462000, 1743462060] },
    };
    const kept = accepted(validateFeaturePatch(ctx('patrol-tracks', 'police'), storedTrack, { properties: { unit: '戸塚2' } }));
    expect(kept.measures).toEqual([1743462000, 1743462060]);
    const newLine = { type: 'LineString', coordinates: [[139.7, 35.7], [139.71, 35.7], [139.72, 35.7]] };
    const replaced = accepted(validateFeaturePatch(ctx('patrol-tracks', 'police'), storedTrack, { geometry: newLine }));
    expect(replaced.measures?.every(Number.isNaN)).toBe(true);
  });
});
