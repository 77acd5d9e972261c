import type { PropertySpec } from '@mimamori/db';
import type { Rejection } from './geojson-geometry';

export type Checked<T> = { ok: true; value: T } | { ok: false; rejection: Rejection };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// A time zone is required: a bare local time would silently be read as UTC, 9 hours off in Japan.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;
/** Epoch seconds above this are almost certainly milliseconds (year 5138). */
const MAX_EPOCH_SECONDS = 1e11;

/** Checks one non-null property value against its registry spec and returns the value to store. */
export function checkPropertyValue(spec: PropertySpec, value: unknown): Checked<unknown> {
  const bad = (why: string): Checked<unknown> => ({
    ok: false,
    rejection: { code: 'INVALID_PROPERTY', message: `${spec.name} ${why}, got ${describe(value)}`, field: spec.name },
  });
  switch (spec.type) {
    case 'text':
      if (typeof value !== 'string') return bad('must be a string');
      if (spec.maxLength !== undefined && value.length > spec.maxLength) return bad(`must be at most ${spec.maxLength} characters`);
      return { ok: true, value };
    case 'enum':
      if (typeof value !== 'string' || !spec.values?.includes(value)) return bad(`must be one of ${spec.values?.join(', ')}`);
      return { ok: true, value };
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad('must be a number');
      if (spec.type === 'integer' && !Number.isInteger(value)) return bad('must be a whole number');
      const range = rangeProblem(spec, value);
      return range ? bad(range) : { ok: true, value };
    }
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : bad('must be true or false');
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? { ok: true, value } : bad('must be a date YYYY-MM-DD');
    case 'timestamp':
      return typeof value === 'string' && parseTimestamp(value) !== null
        ? { ok: true, value }
        : bad('must be an ISO 8601 time with a time zone, e.g. 2025-04-01T08:00:00+09:00');
    case 'json':
      return { ok: true, value };
  }
}

function rangeProblem(spec: PropertySpec, value: number): string | null {
  if (spec.min !== undefined) {
    if (spec.exclusiveMin ? value <= spec.min : value < spec.min) return `must be ${spec.exclusiveMin ? '>' : '≥'} ${spec.min}`;
  }
  if (spec.max !== undefined && value > spec.max) return `must be ≤ ${spec.max}`;
  return null;
}

export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Epoch milliseconds of an ISO 8601 timestamp with a time zone, or null. */
export function parseTimestamp(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (!m || !isRealDay(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[4]) > 23 || Number(m[5]) > 59) return null;
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isNaN(ms) ? null : ms;
}

function isRealDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Per-vertex times of a track as epoch seconds (the M of a LineStringM). Without times every
 * M is NaN: "time unknown", which analyses skip, rather than an invented time.
 */
export function parseTrackTimes(times: unknown, vertices: number): Checked<number[]> {
  if (times === undefined || times === null) return { ok: true, value: new Array<number>(vertices).fill(NaN) };
  const bad = (message: string): Checked<number[]> => ({ ok: false, rejection: { code: 'INVALID_PROPERTY', message, field: 'times' } });
  if (!Array.isArray(times)) return bad(`times must be an array of ISO 8601 times or epoch seconds, one per vertex, got ${describe(times)}`);
  if (times.length !== vertices) return bad(`times has ${times.length} entries but the line has ${vertices} vertices`);
  const out: number[] = [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t === null) {
      out.push(NaN);
    } else if (typeof t === 'number' && Number.isFinite(t) && t >= 0 && t < MAX_EPOCH_SECONDS) {
      out.push(t);
    } else if (typeof t === 'number' && Number.isFinite(t) && t >= MAX_EPOCH_SECONDS) {
      return bad(`times[${i}] ${t} looks like milliseconds; send epoch seconds`);
    } else {
      const ms = typeof t === 'string' ? parseTimestamp(t) : null;
      if (ms === null) return bad(`times[${i}] must be an ISO 8601 time with a time zone or epoch seconds, got ${describe(t)}`);
      out.push(ms / 1000);
    }
  }
  return { ok: true, value: out };
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
