import type { ParamsCheck } from './analysis-params';

/**
 * Parameters of the `patrol-coverage` analysis (ARCHITECTURE.md, "Analysis params and results").
 * Pure and dependency-free: the API checks them before a run is stored, the worker again.
 */
export const PATROL_KINDS = ['police', 'volunteer', 'foot'] as const;
export type PatrolKind = (typeof PATROL_KINDS)[number];

export interface PatrolCoverageParams {
  /** ISO 8601 instants (normalised to UTC), the period [from, to). */
  from: string;
  to: string;
  kinds?: PatrolKind[];
  /** Hours of the day in Asia/Tokyo; `from` after `to` wraps past midnight. */
  hours?: { from: string; to: string };
  /** Beats to report on (and whose streets count); all live beats when absent. */
  beats?: number[];
  /** Road classes that count as streets; all when absent. */
  roadClasses?: string[];
  toleranceM: number;
  headingToleranceDeg: number;
  minCoveredPct: number;
}

export const PATROL_PARAM_DEFAULTS = { toleranceM: 15, headingToleranceDeg: 45, minCoveredPct: 50 };
/** A period longer than this is almost certainly a typo (and a very long run). */
export const MAX_PERIOD_DAYS = 366;

const ALLOWED = ['from', 'to', 'kinds', 'hours', 'beats', 'roadClasses', 'toleranceM', 'headingToleranceDeg', 'minCoveredPct'];
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type Fail = { ok: false; field: string; message: string };
const fail = (field: string, message: string): Fail => ({ ok: false, field, message });
const isFail = (v: unknown): v is Fail => typeof v === 'object' && v !== null && (v as Fail).ok === false;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Seconds after midnight of "HH:MM" (00:00–24:00), or null. */
export function clockSeconds(text: unknown): number | null {
  const m = typeof text === 'string' ? /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text) : null;
  if (!m) return null;
  const s = Number(m[1]) * 3600 + Number(m[2]) * 60;
  return s <= 86400 ? s : null;
}

/** An instant as ISO text with an offset (or Z); a bare date means 00:00 in Tokyo. */
function instant(raw: unknown, field: string): string | Fail {
  const message = `${field} must be an ISO 8601 date-time with a time zone (e.g. 2026-10-01T00:00:00+09:00) or a date (Tokyo midnight)`;
  if (typeof raw !== 'string') return fail(field, message);
  const text = ISO_DATE.test(raw) ? `${raw}T00:00:00+09:00` : raw;
  if (!ISO_DATE_TIME.test(text)) return fail(field, message);
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return fail(field, `${field} is not a real date: ${raw}`);
  const year = new Date(ms).getUTCFullYear();
  if (year < 1990 || year > 2100) return fail(field, `${field} must lie between 1990 and 2100`);
  return new Date(ms).toISOString();
}

/** `from` and `to` as a checked period; both absent gives undefined when `required` is false. */
export function checkPeriod(params: Record<string, unknown>, required: boolean): { from: string; to: string } | undefined | Fail {
  if (params.from === undefined && params.to === undefined && !required) return undefined;
  if (params.from === undefined) return fail('from', required ? 'from is required (start of the period)' : 'from and to go together');
  if (params.to === undefined) return fail('to', required ? 'to is required (end of the period)' : 'from and to go together');
  const from = instant(params.from, 'from');
  if (isFail(from)) return from;
  const to = instant(params.to, 'to');
  if (isFail(to)) return to;
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (!(days > 0)) return fail('to', 'to must be after from');
  if (days > MAX_PERIOD_DAYS) return fail('to', `the period may span at most ${MAX_PERIOD_DAYS} days`);
  return { from, to };
}

function checkKinds(raw: unknown): PatrolKind[] | undefined | Fail {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.length === 0) return fail('kinds', `kinds must be a non-empty array of ${PATROL_KINDS.join(', ')}`);
  for (const k of raw) if (!(PATROL_KINDS as readonly unknown[]).includes(k)) return fail('kinds', `unknown kind ${JSON.stringify(k)} (known: ${PATROL_KINDS.join(', ')})`);
  return [...new Set(raw as PatrolKind[])].sort();
}

function checkHours(raw: unknown): { from: string; to: string } | undefined | Fail {
  if (raw === undefined) return undefined;
  if (!isObject(raw) || Object.keys(raw).some((k) => k !== 'from' && k !== 'to')) return fail('hours', 'hours must be {from: "HH:MM", to: "HH:MM"} (Tokyo time)');
  for (const key of ['from', 'to'] as const) {
    if (clockSeconds(raw[key]) === null) return fail(`hours.${key}`, `hours.${key} must be a time "HH:MM" from 00:00 to 24:00`);
  }
  if (clockSeconds(raw.from) === clockSeconds(raw.to)) return fail('hours', 'hours.from and hours.to must differ (omit hours for the whole day)');
  return { from: raw.from as string, to: raw.to as string };
}

function checkNames(raw: unknown, field: string): string[] | undefined | Fail {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 100) return fail(field, `${field} must be a non-empty array of at most 100 names`);
  if (!raw.every((v) => typeof v === 'string' && v.length > 0 && v.length <= 50)) return fail(field, `${field} must list names of 1 to 50 characters`);
  return [...new Set(raw as string[])].sort();
}

export function optionalNumberParam(params: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number | Fail {
  const v = params[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) return fail(key, `${key} must be a number from ${min} to ${max}`);
  return v;
}

export function checkPatrolCoverageParams(raw: unknown, checkIds: (raw: unknown, field: string) => ParamsCheck<number[]>): ParamsCheck<PatrolCoverageParams> {
  const params = raw === undefined || raw === null ? {} : raw;
  if (!isObject(params)) return fail('params', 'params must be an object');
  const extra = Object.keys(params).find((k) => !ALLOWED.includes(k));
  if (extra !== undefined) return fail(extra, `unknown parameter "${extra}" for patrol-coverage (allowed: ${ALLOWED.join(', ')})`);
  const period = checkPeriod(params, true);
  if (isFail(period)) return period;
  const kinds = checkKinds(params.kinds);
  if (isFail(kinds)) return kinds;
  const hours = checkHours(params.hours);
  if (isFail(hours)) return hours;
  const roadClasses = checkNames(params.roadClasses, 'roadClasses');
  if (isFail(roadClasses)) return roadClasses;
  let beats: number[] | undefined;
  if (params.beats !== undefined) {
    const checked = checkIds(params.beats, 'beats');
    if (!checked.ok) return checked;
    beats = checked.params;
  }
  const toleranceM = optionalNumberParam(params, 'toleranceM', PATROL_PARAM_DEFAULTS.toleranceM, 1, 100);
  if (isFail(toleranceM)) return toleranceM;
  const headingToleranceDeg = optionalNumberParam(params, 'headingToleranceDeg', PATROL_PARAM_DEFAULTS.headingToleranceDeg, 5, 90);
  if (isFail(headingToleranceDeg)) return headingToleranceDeg;
  const minCoveredPct = optionalNumberParam(params, 'minCoveredPct', PATROL_PARAM_DEFAULTS.minCoveredPct, 1, 100);
  if (isFail(minCoveredPct)) return minCoveredPct;

  const out: PatrolCoverageParams = { ...period!, toleranceM, headingToleranceDeg, minCoveredPct };
  if (kinds) out.kinds = kinds;
  if (hours) out.hours = hours;
  if (beats) out.beats = beats;
  if (roadClasses) out.roadClasses = roadClasses;
  return { ok: true, params: out };
}
