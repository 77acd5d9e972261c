import type { PropertySpec } from '@mimamori/db';
import { checkPropertyValue, isCalendarDate, parseTimestamp, parseTrackTimes } from './property-rules';

const hfov: PropertySpec = { name: 'hfov_deg', type: 'number', min: 0, exclusiveMin: true, max: 360, description: 'fov' };
const bearing: PropertySpec = { name: 'bearing_deg', type: 'number', min: 0, max: 360, description: 'bearing' };
const pixels: PropertySpec = { name: 'resolution_px', type: 'integer', min: 1, max: 20000, description: 'px' };
const kind: PropertySpec = { name: 'kind', type: 'enum', values: ['police', 'volunteer', 'foot'], description: 'kind' };
const label: PropertySpec = { name: 'name', type: 'text', maxLength: 5, description: 'name' };

const ok = (spec: PropertySpec, value: unknown) => checkPropertyValue(spec, value).ok;
const message = (spec: PropertySpec, value: unknown) => {
  const result = checkPropertyValue(spec, value);
  return result.ok ? null : result.rejection.message;
};

describe('checkPropertyValue', () => {
  it('keeps an inclusive minimum inclusive and an exclusive one exclusive', () => {
    expect(ok(bearing, 0)).toBe(true);
    expect(ok(bearing, 360)).toBe(true);
    expect(message(bearing, 360.5)).toBe('bearing_deg must be ≤ 360, got 360.5');
    expect(message(hfov, 0)).toBe('hfov_deg must be > 0, got 0');
    expect(ok(hfov, 0.1)).toBe(true);
  });

  it('wants JSON numbers, whole ones for integers', () => {
    expect(message(bearing, '90')).toBe('bearing_deg must be a number, got "90"');
    expect(message(pixels, 1920.5)).toBe('resolution_px must be a whole number, got 1920.5');
    expect(ok(pixels, 1920)).toBe(true);
  });

  it('checks enums and text length', () => {
    expect(message(kind, 'car')).toBe('kind must be one of police, volunteer, foot, got "car"');
    expect(ok(label, 'abcde')).toBe(true);
    expect(message(label, 'abcdef')).toBe('name must be at most 5 characters, got "abcdef"');
  });

  it('reports the field name with every rejection', () => {
    const result = checkPropertyValue(kind, 3);
    expect(result).toEqual({ ok: false, rejection: { code: 'INVALID_PROPERTY', message: 'kind must be one of police, volunteer, foot, got 3', field: 'kind' } });
  });
});

describe('dates and times', () => {
  it('knows real calendar days', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-4-1')).toBe(false);
  });

  it('needs a time zone on a timestamp', () => {
    expect(parseTimestamp('2025-04-01T08:00:00')).toBeNull();
    expect(parseTimestamp('2025-04-01T08:00:00+09:00')).toBe(Date.UTC(2025, 2, 31, 23, 0, 0));
    expect(parseTimestamp('2025-04-01T08:00:00Z')).toBe(Date.UTC(2025, 3, 1, 8, 0, 0));
    expect(parseTimestamp('2025-04-31T08:00:00Z')).toBeNull();
  });
});

describe('parseTrackTimes', () => {
  it('turns ISO times and epoch seconds into epoch seconds', () => {
    // 2025-04-01T08:00:00+09:00 is 2025-03-31T23:00:00Z = 1 743 462 000 s.
    const result = parseTrackTimes(['2025-04-01T08:00:00+09:00', 1743462060, null], 3);
    expect(result.ok && result.value.slice(0, 2)).toEqual([1743462000, 1743462060]);
    expect(result.ok && Number.isNaN(result.value[2])).toBe(true);
  });

  it('stores unknown times as NaN when there are none', () => {
    const result = parseTrackTimes(undefined, 2);
    expect(result.ok && result.value.every(Number.isNaN)).toBe(true);
  });

  it('rejects a length mismatch, milliseconds and unparseable times, naming `times`', () => {
    expect(parseTrackTimes([1, 2], 3)).toEqual({
      ok: false,
      rejection: { code: 'INVALID_PROPERTY', message: 'times has 2 entries but the line has 3 vertices', field: 'times' },
    });
    const ms = parseTrackTimes([1743462000000, 1743462060000], 2);
    expect(!ms.ok && ms.rejection.message).toMatch(/looks like milliseconds/);
    const text = parseTrackTimes(['yesterday', 1], 2);
    expect(!text.ok && text.rejection.message).toMatch(/^times\[0\] must be an ISO 8601 time/);
  });
});
