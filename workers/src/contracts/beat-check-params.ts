import type { ParamsCheck } from './analysis-params';
import { checkPeriod, optionalNumberParam } from './patrol-params';

/**
 * Parameters of the `beat-check` analysis (ARCHITECTURE.md, "Analysis params and results").
 * The jurisdiction is an `areas` feature or the union of `blocks`; without either, gaps are the
 * holes enclosed by the beats.
 */
export interface BeatCheckParams {
  jurisdiction?: { layer: 'areas'; id: number };
  blocks?: number[];
  /** Beats to check; by default the live beats reaching into the jurisdiction (all without one). */
  ids?: number[];
  sliverMaxM2: number;
  sliverMaxWidthM: number;
  priorityYears: number;
  otherYears: number;
  /** Officers per beat id, overriding `officersPerBeat`. */
  staffing?: Record<string, number>;
  officersPerBeat?: number;
  /** Period for patrol km and hours per beat. */
  from?: string;
  to?: string;
}

export const BEAT_CHECK_DEFAULTS = { sliverMaxM2: 50, sliverMaxWidthM: 2, priorityYears: 1, otherYears: 3 };

const ALLOWED = ['jurisdiction', 'blocks', 'ids', 'sliverMaxM2', 'sliverMaxWidthM', 'priorityYears', 'otherYears', 'staffing', 'officersPerBeat', 'from', 'to'];
const MAX_OFFICERS = 1000;

type Fail = { ok: false; field: string; message: string };
const fail = (field: string, message: string): Fail => ({ ok: false, field, message });
const isFail = (v: unknown): v is Fail => typeof v === 'object' && v !== null && (v as Fail).ok === false;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkJurisdiction(raw: unknown): BeatCheckParams['jurisdiction'] | Fail {
  if (!isObject(raw) || Object.keys(raw).some((k) => k !== 'layer' && k !== 'id')) return fail('jurisdiction', 'jurisdiction must be {layer: "areas", id}');
  if (raw.layer !== 'areas') return fail('jurisdiction.layer', 'jurisdiction.layer must be "areas" (use blocks for a union of 町丁目)');
  if (typeof raw.id !== 'number' || !Number.isSafeInteger(raw.id) || raw.id < 1) return fail('jurisdiction.id', 'jurisdiction.id must be a positive integer feature id');
  return { layer: 'areas', id: raw.id };
}

function checkStaffing(raw: unknown): Record<string, number> | Fail {
  if (!isObject(raw) || Object.keys(raw).length === 0) return fail('staffing', 'staffing must be an object of beat id → officers, e.g. {"12": 3}');
  const out: Record<string, number> = {};
  for (const key of Object.keys(raw).sort((a, b) => Number(a) - Number(b))) {
    if (!/^[1-9]\d{0,15}$/.test(key)) return fail(`staffing.${key}`, `staffing keys must be beat ids, got "${key}"`);
    const officers = raw[key];
    if (typeof officers !== 'number' || !Number.isFinite(officers) || officers <= 0 || officers > MAX_OFFICERS) {
      return fail(`staffing.${key}`, `staffing.${key} must be a number of officers above 0 and at most ${MAX_OFFICERS}`);
    }
    out[key] = officers;
  }
  return out;
}

export function checkBeatCheckParams(raw: unknown, checkIds: (raw: unknown, field: string) => ParamsCheck<number[]>): ParamsCheck<BeatCheckParams> {
  const params = raw === undefined || raw === null ? {} : raw;
  if (!isObject(params)) return fail('params', 'params must be an object');
  const extra = Object.keys(params).find((k) => !ALLOWED.includes(k));
  if (extra !== undefined) return fail(extra, `unknown parameter "${extra}" for beat-check (allowed: ${ALLOWED.join(', ')})`);
  if (params.jurisdiction !== undefined && params.blocks !== undefined) return fail('blocks', 'give either jurisdiction or blocks, not both');

  const out: BeatCheckParams = { ...BEAT_CHECK_DEFAULTS };
  if (params.jurisdiction !== undefined) {
    const jurisdiction = checkJurisdiction(params.jurisdiction);
    if (isFail(jurisdiction)) return jurisdiction;
    out.jurisdiction = jurisdiction;
  }
  for (const key of ['blocks', 'ids'] as const) {
    if (params[key] === undefined) continue;
    const ids = checkIds(params[key], key);
    if (!ids.ok) return ids;
    out[key] = ids.params;
  }
  const numbers = {
    sliverMaxM2: optionalNumberParam(params, 'sliverMaxM2', BEAT_CHECK_DEFAULTS.sliverMaxM2, 0, 1_000_000),
    sliverMaxWidthM: optionalNumberParam(params, 'sliverMaxWidthM', BEAT_CHECK_DEFAULTS.sliverMaxWidthM, 0, 100),
    priorityYears: optionalNumberParam(params, 'priorityYears', BEAT_CHECK_DEFAULTS.priorityYears, 0.1, 20),
    otherYears: optionalNumberParam(params, 'otherYears', BEAT_CHECK_DEFAULTS.otherYears, 0.1, 20),
  };
  for (const [key, value] of Object.entries(numbers)) {
    if (isFail(value)) return value;
    out[key as keyof typeof numbers] = value;
  }
  if (params.officersPerBeat !== undefined) {
    const officers = optionalNumberParam(params, 'officersPerBeat', 0, 0.1, MAX_OFFICERS);
    if (isFail(officers)) return officers;
    out.officersPerBeat = officers;
  }
  if (params.staffing !== undefined) {
    const staffing = checkStaffing(params.staffing);
    if (isFail(staffing)) return staffing;
    out.staffing = staffing;
  }
  const period = checkPeriod(params, false);
  if (isFail(period)) return period;
  if (period) Object.assign(out, period);
  return { ok: true, params: out };
}
