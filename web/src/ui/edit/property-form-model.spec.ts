import type { Geometry, PropertySchema } from '../../api/client';
import { changedValues, checkForm, geometryProblem, parseField, toRaw } from './property-form-model';

/** The cameras layer's schema as GET /api/layers lists it (db/src/layers/layer-registry.ts). */
function prop(name: string, type: PropertySchema['type'], extra: Partial<PropertySchema> = {}): PropertySchema {
  return { name, type, required: false, min: null, max: null, exclusiveMin: false, maxLength: null, values: null, description: '', ...extra };
}
const CAMERAS: PropertySchema[] = [
  prop('name', 'text', { maxLength: 200 }),
  prop('bearing_deg', 'number', { required: true, min: 0, max: 360 }),
  prop('hfov_deg', 'number', { required: true, min: 0, exclusiveMin: true, max: 360 }),
  prop('range_m', 'number', { required: true, min: 0, exclusiveMin: true, max: 1000 }),
  prop('resolution_px', 'integer', { min: 1, max: 20000 }),
  prop('night_capable', 'boolean'),
  prop('status', 'enum', { required: true, values: ['active', 'planned', 'out_of_service'] }),
  prop('installed_on', 'date'),
];
const field = (name: string) => CAMERAS.find((p) => p.name === name)!;

describe('checking a feature form against the layer schema (before anything is sent)', () => {
  it('refuses a bearing of 400° with a message naming the field', () => {
    expect(parseField(field('bearing_deg'), '400')).toEqual({ ok: false, message: '向き (°)は360以下にしてください。' });
    expect(parseField(field('bearing_deg'), '359.5')).toEqual({ ok: true, value: 359.5 });
    expect(parseField(field('bearing_deg'), '-1')).toEqual({ ok: false, message: '向き (°)は0以上にしてください。' });
  });

  it('refuses a field of view of 0° (the lower bound is exclusive) and a missing range', () => {
    expect(parseField(field('hfov_deg'), '0')).toEqual({ ok: false, message: '水平画角 (°)は0より大きくしてください。' });
    expect(parseField(field('range_m'), '  ')).toEqual({ ok: false, message: '撮影距離 (m)を入力してください。' });
  });

  it('leaves an optional field empty as null, and refuses text or fractions in number fields', () => {
    expect(parseField(field('resolution_px'), '')).toEqual({ ok: true, value: null });
    expect(parseField(field('resolution_px'), '1920.5')).toMatchObject({ ok: false, message: expect.stringContaining('整数') });
    expect(parseField(field('bearing_deg'), 'north')).toMatchObject({ ok: false, message: expect.stringContaining('数値') });
  });

  it('accepts only the listed values of an enum and real calendar dates', () => {
    expect(parseField(field('status'), 'planned')).toEqual({ ok: true, value: 'planned' });
    expect(parseField(field('status'), 'broken')).toMatchObject({ ok: false });
    expect(parseField(field('installed_on'), '2025-02-29')).toMatchObject({ ok: false });
    expect(parseField(field('installed_on'), '2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
  });

  it('requires a time zone on timestamps (a bare local time would be read as UTC, 9 hours off)', () => {
    const startedAt = prop('started_at', 'timestamp');
    expect(parseField(startedAt, '2025-04-01T08:00')).toMatchObject({ ok: false });
    expect(parseField(startedAt, '2025-04-01T08:00+09:00')).toEqual({ ok: true, value: '2025-04-01T08:00+09:00' });
  });

  it('collects every problem at once, one message per field', () => {
    const check = checkForm(CAMERAS, { name: 'カメラ', bearing_deg: '400', hfov_deg: '90', range_m: '', status: 'active', night_capable: true });
    expect(Object.keys(check.errors).sort()).toEqual(['bearing_deg', 'range_m']);
    expect(check.values).toMatchObject({ name: 'カメラ', hfov_deg: 90, status: 'active', night_capable: true, resolution_px: null });
  });

  it('sends only what changed, with null for a cleared field', () => {
    const stored = { name: '旧', bearing_deg: 90, hfov_deg: 60, owner: '商店会' };
    expect(changedValues({ name: '旧', bearing_deg: 120, hfov_deg: 60, resolution_px: null }, stored)).toEqual({ bearing_deg: 120 });
    expect(changedValues({ name: null }, stored)).toEqual({ name: null });
  });

  it('shows stored values in the fields: JSON as text, booleans as checkbox states', () => {
    expect(toRaw(prop('crimes', 'json'), { 2025: { total: 3 } })).toBe('{"2025":{"total":3}}');
    expect(toRaw(field('night_capable'), null)).toBe(false);
    expect(toRaw(field('bearing_deg'), 90)).toBe('90');
  });

  it('refuses a self-intersecting beat and a one-point line', () => {
    const bowTie: Geometry = { type: 'Polygon', coordinates: [[[139.70, 35.70], [139.71, 35.71], [139.71, 35.70], [139.70, 35.71], [139.70, 35.70]]] };
    expect(geometryProblem(bowTie)).toContain('交差');
    expect(geometryProblem({ type: 'LineString', coordinates: [[139.7, 35.7]] })).toContain('2点以上');
    expect(geometryProblem({ type: 'Point', coordinates: [139.7, 35.7] })).toBeNull();
  });
});
