import type { ParamsCheck } from './analysis-params';
import { COVERAGE_DEFAULTS, DORI_LEVEL_NAMES } from './coverage-params';

/**
 * Parameters of the `route-audit` analysis (通学路点検; ARCHITECTURE.md, "Analysis params and
 * results"). The coverage options mean exactly what they mean for `coverage`, so an audit's
 * per-route percentages equal a coverage run's with the same options.
 */
export const ROUTE_PERIODS = ['morning', 'afternoon'] as const;
export const FACILITY_KINDS = ['school', 'koban', 'refuge', 'shelter', 'station', 'convenience'] as const;
export type RoutePeriod = (typeof ROUTE_PERIODS)[number];
export type FacilityKind = (typeof FACILITY_KINDS)[number];

/** A finding is reported when a route reaches a threshold (see each rule in route-findings.ts). */
export interface RouteAuditThresholds {
  /** Longest stretch neither seen by a camera nor lit, metres. */
  darkUnwatchedM: number;
  /** Straight-line distance to the nearest refuge, metres. */
  refugeGapM: number;
  /** Recorded crimes per year in one block the route crosses. */
  crimeBlock: number;
  /** Share of the route seen by a camera, below which it is reported, %. */
  seenPct: number;
  /** Share of the route lit, below which it is reported, %. */
  litPct: number;
}

export interface RouteAuditParams {
  /** Routes of this school (the `school` property of school-routes). */
  school?: string;
  /** School-route feature ids; with `school`, routes must match both. */
  ids?: number[];
  /** Routes used in this period (routes marked `both` or without a period count for either). */
  period?: RoutePeriod;
  night: boolean;
  occlusion: boolean;
  includePlanned: boolean;
  dori?: (typeof DORI_LEVEL_NAMES)[number];
  /** Dark stretches shorter than this are ignored, as in coverage. */
  minGapM: number;
  thresholds: RouteAuditThresholds;
  /** Facility kinds a child can run to (子ども110番の家, 交番, コンビニ). */
  refugeKinds: FacilityKind[];
  /** A route with no refuge this close to any of its points has a `no-refuge` finding. */
  refugeSearchM: number;
  /** Crime year to report, e.g. "2025"; the latest year in the crossed blocks by default. */
  crimeYear?: string;
}

export const ROUTE_AUDIT_THRESHOLDS: RouteAuditThresholds = { darkUnwatchedM: 50, refugeGapM: 300, crimeBlock: 100, seenPct: 20, litPct: 50 };
export const ROUTE_AUDIT_DEFAULTS = {
  minGapM: COVERAGE_DEFAULTS.minGapM,
  refugeKinds: ['convenience', 'koban', 'refuge'] as FacilityKind[],
  refugeSearchM: 1000,
};

const ALLOWED = ['school', 'ids', 'period', 'night', 'occlusion', 'includePlanned', 'dori', 'minGapM', 'thresholds', 'refugeKinds', 'refugeSearchM', 'crimeYear'];
const THRESHOLD_RANGES: Record<keyof RouteAuditThresholds, [number, number]> = {
  darkUnwatchedM: [0, 100000],
  refugeGapM: [0, 100000],
  crimeBlock: [0, 1000000],
  seenPct: [0, 100],
  litPct: [0, 100],
};

type Fail = { ok: false; field: string; message: string };
const fail = (field: string, message: string): Fail => ({ ok: false, field, message });
const isFail = (v: unknown): v is Fail => typeof v === 'object' && v !== null && (v as Fail).ok === false;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function bool(params: Record<string, unknown>, key: string, fallback: boolean): boolean | Fail {
  const v = params[key];
  if (v === undefined) return fallback;
  return typeof v === 'boolean' ? v : fail(key, `${key} must be true or false`);
}

function number(raw: unknown, field: string, fallback: number, [min, max]: [number, number]): number | Fail {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < min || raw > max) return fail(field, `${field} must be a number from ${min} to ${max}`);
  return raw;
}

function checkThresholds(raw: unknown): RouteAuditThresholds | Fail {
  if (raw === undefined) return { ...ROUTE_AUDIT_THRESHOLDS };
  if (!isObject(raw)) return fail('thresholds', `thresholds must be an object with any of ${Object.keys(THRESHOLD_RANGES).join(', ')}`);
  const extra = Object.keys(raw).find((k) => !(k in THRESHOLD_RANGES));
  if (extra !== undefined) return fail(`thresholds.${extra}`, `unknown threshold "${extra}" (allowed: ${Object.keys(THRESHOLD_RANGES).join(', ')})`);
  const out = { ...ROUTE_AUDIT_THRESHOLDS };
  for (const key of Object.keys(THRESHOLD_RANGES) as (keyof RouteAuditThresholds)[]) {
    const v = number(raw[key], `thresholds.${key}`, ROUTE_AUDIT_THRESHOLDS[key], THRESHOLD_RANGES[key]);
    if (isFail(v)) return v;
    out[key] = v;
  }
  return out;
}

function checkRefugeKinds(raw: unknown): FacilityKind[] | Fail {
  if (raw === undefined) return [...ROUTE_AUDIT_DEFAULTS.refugeKinds];
  if (!Array.isArray(raw) || raw.length === 0) return fail('refugeKinds', `refugeKinds must be a non-empty array of ${FACILITY_KINDS.join(', ')}`);
  for (const k of raw) {
    if (!(FACILITY_KINDS as readonly unknown[]).includes(k)) return fail('refugeKinds', `unknown facility kind ${JSON.stringify(k)} (known: ${FACILITY_KINDS.join(', ')})`);
  }
  return [...new Set(raw as FacilityKind[])].sort();
}

function checkSchool(raw: unknown): string | undefined | Fail {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 200) return fail('school', 'school must be a school name (1 to 200 characters)');
  return raw.trim();
}

export function checkRouteAuditParams(raw: unknown, checkIds: (raw: unknown, field: string) => ParamsCheck<number[]>): ParamsCheck<RouteAuditParams> {
  const params = raw === undefined || raw === null ? {} : raw;
  if (!isObject(params)) return fail('params', 'params must be an object');
  const extra = Object.keys(params).find((k) => !ALLOWED.includes(k));
  if (extra !== undefined) return fail(extra, `unknown parameter "${extra}" for route-audit (allowed: ${ALLOWED.join(', ')})`);

  const school = checkSchool(params.school);
  if (isFail(school)) return school;
  const period = params.period;
  if (period !== undefined && !(ROUTE_PERIODS as readonly unknown[]).includes(period)) return fail('period', `period must be one of ${ROUTE_PERIODS.join(', ')}`);
  const dori = params.dori;
  if (dori !== undefined && !(DORI_LEVEL_NAMES as readonly unknown[]).includes(dori)) return fail('dori', `dori must be one of ${DORI_LEVEL_NAMES.join(', ')}`);
  const crimeYear = params.crimeYear;
  if (crimeYear !== undefined && (typeof crimeYear !== 'string' || !/^\d{4}$/.test(crimeYear))) return fail('crimeYear', 'crimeYear must be a year like "2025"');

  const flags = { night: bool(params, 'night', false), occlusion: bool(params, 'occlusion', true), includePlanned: bool(params, 'includePlanned', false) };
  const minGapM = number(params.minGapM, 'minGapM', ROUTE_AUDIT_DEFAULTS.minGapM, [0, 10000]);
  const refugeSearchM = number(params.refugeSearchM, 'refugeSearchM', ROUTE_AUDIT_DEFAULTS.refugeSearchM, [1, 20000]);
  const thresholds = checkThresholds(params.thresholds);
  const refugeKinds = checkRefugeKinds(params.refugeKinds);
  for (const v of [...Object.values(flags), minGapM, refugeSearchM, thresholds, refugeKinds]) if (isFail(v)) return v;

  const out: RouteAuditParams = {
    night: flags.night as boolean,
    occlusion: flags.occlusion as boolean,
    includePlanned: flags.includePlanned as boolean,
    minGapM: minGapM as number,
    thresholds: thresholds as RouteAuditThresholds,
    refugeKinds: refugeKinds as FacilityKind[],
    refugeSearchM: refugeSearchM as number,
  };
  if (params.ids !== undefined) {
    const ids = checkIds(params.ids, 'ids');
    if (!ids.ok) return ids;
    out.ids = ids.params;
  }
  if (school !== undefined) out.school = school;
  if (period !== undefined) out.period = period as RoutePeriod;
  if (dori !== undefined) out.dori = dori as RouteAuditParams['dori'];
  if (crimeYear !== undefined) out.crimeYear = crimeYear;
  return { ok: true, params: out };
}
