import type { ParamsCheck } from './analysis-params';
import { DORI_LEVEL_NAMES } from './coverage-params';
// Dependency-free on purpose (it imports only types): the API may load it without the solvers.
import { validateSitingParams } from '../kernels/siting/siting-validation';
import type { SitingMatrixParams } from '../kernels/siting/siting.types';

/**
 * Parameters of the `siting` analysis (ARCHITECTURE.md, "Analysis params and results"), in two
 * modes: with `matrix` the caller gives demand and coverage explicitly; without it the worker
 * builds them from the map (target lines as demand, streetlight poles, road points and listed
 * points as candidate sites, a camera template). Pure: the API checks them before a run is stored.
 */
export const SITING_OBJECTIVES = ['max-coverage', 'min-cost-cover'] as const;
export const SITING_TARGETS = ['school-routes', 'roads'] as const;
export const SITING_CANDIDATE_SOURCES = ['streetlights', 'roads'] as const;
export const SITING_BEARING_MODES = ['step', 'along-road'] as const;

export type SitingObjectiveName = (typeof SITING_OBJECTIVES)[number];
export type SitingTarget = (typeof SITING_TARGETS)[number];
export type SitingCandidateSource = (typeof SITING_CANDIDATE_SOURCES)[number];

export interface SitingCameraTemplate {
  hfovDeg: number;
  rangeM: number;
  resolutionPx: number;
  dori?: (typeof DORI_LEVEL_NAMES)[number];
  costYen: number;
}

export interface SitingCandidatePoint {
  lon: number;
  lat: number;
  costYen?: number;
}

export interface GeographicSitingParams {
  objective: SitingObjectiveName;
  k?: number;
  budgetYen?: number;
  /** min-cost-cover: share of the coverable weighted length to reach (default 100). */
  coverPct?: number;
  targets: SitingTarget;
  ids?: number[];
  candidates?: SitingCandidatePoint[];
  candidateSources: SitingCandidateSource[];
  spacingM: number;
  bearings: (typeof SITING_BEARING_MODES)[number];
  bearingStepDeg: number;
  camera: SitingCameraTemplate;
  demandStepM: number;
  weights: { schoolRoute: number; crime: number };
  includePlanned: boolean;
  occlusion: boolean;
  exact?: boolean;
  timeLimitS?: number;
}

export type MatrixSitingParams = SitingMatrixParams;
export type SitingParams = GeographicSitingParams | MatrixSitingParams;

export function isMatrixSiting(params: SitingParams): params is MatrixSitingParams {
  return 'matrix' in params;
}

export const SITING_DEFAULTS = {
  objective: 'max-coverage' as SitingObjectiveName,
  targets: 'school-routes' as SitingTarget,
  spacingM: 40,
  bearings: 'step' as GeographicSitingParams['bearings'],
  bearingStepDeg: 45,
  demandStepM: 5,
  camera: { hfovDeg: 90, rangeM: 30, resolutionPx: 1920, costYen: 250_000 },
  weights: { schoolRoute: 1, crime: 0 },
} as const;

/** Hard caps checked at POST time; `k` above the placements a map yields fails the run instead. */
export const SITING_CAPS = {
  maxK: 1000,
  maxBudgetYen: 1e12,
  maxCostYen: 1e10,
  maxCandidates: 10_000,
  maxCameraRangeM: 1000,
  maxTimeLimitS: 3600,
} as const;

const GEOGRAPHIC_KEYS = [
  'objective', 'k', 'budgetYen', 'coverPct', 'targets', 'ids', 'candidates', 'candidateSources', 'spacingM', 'bearings',
  'bearingStepDeg', 'camera', 'demandStepM', 'weights', 'includePlanned', 'occlusion', 'exact', 'timeLimitS',
];
const MATRIX_ONLY = ['budget', 'existing', 'alreadyCovered'];
const CAMERA_KEYS = ['hfovDeg', 'rangeM', 'resolutionPx', 'dori', 'costYen'];

type Fields = Record<string, unknown>;
type Fail = { ok: false; field: string; message: string };
const fail = (field: string, message: string): Fail => ({ ok: false, field, message });
const isFail = (v: unknown): v is Fail => typeof v === 'object' && v !== null && (v as Fail).ok === false;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `[min, max]`, or `(min, max]` when `openMin`. */
function num(raw: unknown, field: string, min: number, max: number, openMin = false): number | Fail {
  const ok = typeof raw === 'number' && Number.isFinite(raw) && (openMin ? raw > min : raw >= min) && raw <= max;
  return ok ? (raw as number) : fail(field, `${field} must be a number in ${openMin ? '(' : '['}${min}, ${max}], got ${JSON.stringify(raw)}`);
}

function optionalNum(params: Fields, key: string, fallback: number, min: number, max: number, openMin = false, prefix = ''): number | Fail {
  return params[key] === undefined ? fallback : num(params[key], prefix + key, min, max, openMin);
}

function oneOf<T extends string>(raw: unknown, field: string, values: readonly T[], fallback: T): T | Fail {
  if (raw === undefined) return fallback;
  return (values as readonly unknown[]).includes(raw) ? (raw as T) : fail(field, `${field} must be one of ${values.join(', ')}, got ${JSON.stringify(raw)}`);
}

function unknownKey(obj: Fields, allowed: readonly string[], where: string): Fail | undefined {
  const extra = Object.keys(obj).find((k) => !allowed.includes(k));
  if (extra === undefined) return undefined;
  const field = where ? `${where}.${extra}` : extra;
  const hint = !where && MATRIX_ONLY.includes(extra) ? ` (${extra} belongs to matrix mode${extra === 'budget' ? '; use budgetYen on the map' : ''})` : '';
  return fail(field, `unknown parameter "${field}" for siting${hint}; allowed: ${allowed.join(', ')}`);
}

export function checkSitingParams(raw: unknown, checkIds: (raw: unknown, field: string) => ParamsCheck<number[]>): ParamsCheck<SitingParams> {
  if (!isObject(raw)) return fail('params', 'siting params must be an object: {matrix, objective, k…} or {k | budgetYen, camera, targets…}');
  return 'matrix' in raw ? checkMatrix(raw) : checkGeographic(raw, checkIds);
}

function checkMatrix(raw: Fields): ParamsCheck<SitingParams> {
  const params = { ...raw, objective: raw.objective ?? SITING_DEFAULTS.objective };
  const [issue] = validateSitingParams(params);
  return issue ? fail(issue.field, issue.message) : { ok: true, params: params as unknown as MatrixSitingParams };
}

function checkGeographic(raw: Fields, checkIds: (raw: unknown, field: string) => ParamsCheck<number[]>): ParamsCheck<SitingParams> {
  const extra = unknownKey(raw, GEOGRAPHIC_KEYS, '');
  if (extra) return extra;
  const objective = oneOf(raw.objective, 'objective', SITING_OBJECTIVES, SITING_DEFAULTS.objective);
  if (isFail(objective)) return objective;
  const limits = checkLimits(raw, objective);
  if (isFail(limits)) return limits;
  const targets = oneOf(raw.targets, 'targets', SITING_TARGETS, SITING_DEFAULTS.targets);
  const bearings = oneOf(raw.bearings, 'bearings', SITING_BEARING_MODES, SITING_DEFAULTS.bearings);
  const spacingM = optionalNum(raw, 'spacingM', SITING_DEFAULTS.spacingM, 5, 1000);
  const bearingStepDeg = optionalNum(raw, 'bearingStepDeg', SITING_DEFAULTS.bearingStepDeg, 1, 360);
  const demandStepM = optionalNum(raw, 'demandStepM', SITING_DEFAULTS.demandStepM, 1, 1000);
  const includePlanned = raw.includePlanned === undefined ? false : raw.includePlanned;
  const occlusion = raw.occlusion === undefined ? true : raw.occlusion;
  const camera = checkCamera(raw.camera);
  const weights = checkWeights(raw.weights);
  const sources = checkSources(raw.candidateSources);
  const candidates = raw.candidates === undefined ? undefined : checkCandidates(raw.candidates);
  for (const v of [targets, bearings, spacingM, bearingStepDeg, demandStepM, camera, weights, sources, candidates]) if (isFail(v)) return v;
  for (const [key, v] of [['includePlanned', includePlanned], ['occlusion', occlusion], ['exact', raw.exact ?? false]] as const) {
    if (typeof v !== 'boolean') return fail(key, `${key} must be true or false`);
  }
  if ((sources as SitingCandidateSource[]).length === 0 && !candidates) {
    return fail('candidateSources', 'candidateSources is empty and no candidates are listed: there would be no candidate sites');
  }
  let ids: number[] | undefined;
  if (raw.ids !== undefined) {
    const checked = checkIds(raw.ids, 'ids');
    if (!checked.ok) return checked;
    ids = checked.params;
  }
  const params: GeographicSitingParams = {
    objective,
    ...(limits as Partial<GeographicSitingParams>),
    targets: targets as SitingTarget,
    candidateSources: sources as SitingCandidateSource[],
    spacingM: spacingM as number,
    bearings: bearings as GeographicSitingParams['bearings'],
    bearingStepDeg: bearingStepDeg as number,
    camera: camera as SitingCameraTemplate,
    demandStepM: demandStepM as number,
    weights: weights as GeographicSitingParams['weights'],
    includePlanned: includePlanned as boolean,
    occlusion: occlusion as boolean,
  };
  if (ids) params.ids = ids;
  if (candidates) params.candidates = candidates as SitingCandidatePoint[];
  if (raw.exact !== undefined) params.exact = raw.exact as boolean;
  return { ok: true, params };
}

function checkLimits(raw: Fields, objective: SitingObjectiveName): Partial<GeographicSitingParams> | Fail {
  const out: Partial<GeographicSitingParams> = {};
  if (raw.timeLimitS !== undefined) {
    const t = num(raw.timeLimitS, 'timeLimitS', 0, SITING_CAPS.maxTimeLimitS, true);
    if (isFail(t)) return t;
    out.timeLimitS = t;
  }
  if (objective === 'min-cost-cover') {
    if (raw.k !== undefined) return fail('k', 'k applies to max-coverage only (min-cost-cover finds the number of cameras)');
    if (raw.budgetYen !== undefined) return fail('budgetYen', 'budgetYen applies to max-coverage only');
    if (raw.coverPct === undefined) return out;
    const coverPct = num(raw.coverPct, 'coverPct', 0, 100, true);
    return isFail(coverPct) ? coverPct : { ...out, coverPct };
  }
  if (raw.coverPct !== undefined) return fail('coverPct', 'coverPct applies to min-cost-cover only');
  if (raw.k === undefined && raw.budgetYen === undefined) return fail('k', 'max-coverage needs k (number of new cameras) or budgetYen');
  if (raw.k !== undefined) {
    if (!Number.isInteger(raw.k) || (raw.k as number) < 1 || (raw.k as number) > SITING_CAPS.maxK) {
      return fail('k', `k must be a whole number from 1 to ${SITING_CAPS.maxK}, got ${JSON.stringify(raw.k)}`);
    }
    out.k = raw.k as number;
  }
  if (raw.budgetYen !== undefined) {
    const budget = num(raw.budgetYen, 'budgetYen', 0, SITING_CAPS.maxBudgetYen, true);
    if (isFail(budget)) return budget;
    out.budgetYen = budget;
  }
  return out;
}

function checkCamera(raw: unknown): SitingCameraTemplate | Fail {
  const d = SITING_DEFAULTS.camera;
  if (raw === undefined) return { ...d };
  if (!isObject(raw)) return fail('camera', 'camera must be an object {hfovDeg, rangeM, resolutionPx, dori, costYen}');
  const extra = unknownKey(raw, CAMERA_KEYS, 'camera');
  if (extra) return extra;
  const hfovDeg = optionalNum(raw, 'hfovDeg', d.hfovDeg, 0, 360, true, 'camera.');
  const rangeM = optionalNum(raw, 'rangeM', d.rangeM, 0, SITING_CAPS.maxCameraRangeM, true, 'camera.');
  const resolutionPx = optionalNum(raw, 'resolutionPx', d.resolutionPx, 1, 20000, false, 'camera.');
  const costYen = optionalNum(raw, 'costYen', d.costYen, 0, SITING_CAPS.maxCostYen, true, 'camera.');
  for (const v of [hfovDeg, rangeM, resolutionPx, costYen]) if (isFail(v)) return v;
  const camera: SitingCameraTemplate = { hfovDeg: hfovDeg as number, rangeM: rangeM as number, resolutionPx: resolutionPx as number, costYen: costYen as number };
  if (raw.dori !== undefined) {
    const dori = oneOf(raw.dori, 'camera.dori', DORI_LEVEL_NAMES, 'detect');
    if (isFail(dori)) return dori;
    camera.dori = dori;
  }
  return camera;
}

function checkWeights(raw: unknown): GeographicSitingParams['weights'] | Fail {
  const d = SITING_DEFAULTS.weights;
  if (raw === undefined) return { ...d };
  if (!isObject(raw)) return fail('weights', 'weights must be an object {schoolRoute, crime}');
  const extra = unknownKey(raw, ['schoolRoute', 'crime'], 'weights');
  if (extra) return extra;
  const schoolRoute = optionalNum(raw, 'schoolRoute', d.schoolRoute, 0, 100, false, 'weights.');
  const crime = optionalNum(raw, 'crime', d.crime, 0, 1000, false, 'weights.');
  if (isFail(schoolRoute)) return schoolRoute;
  return isFail(crime) ? crime : { schoolRoute, crime };
}

function checkSources(raw: unknown): SitingCandidateSource[] | Fail {
  if (raw === undefined) return [...SITING_CANDIDATE_SOURCES].sort();
  const bad = !Array.isArray(raw) ? 0 : raw.findIndex((s) => !(SITING_CANDIDATE_SOURCES as readonly unknown[]).includes(s));
  if (bad !== -1) {
    return fail('candidateSources', `candidateSources must be an array of ${SITING_CANDIDATE_SOURCES.join(', ')} (may be empty when candidates are listed)`);
  }
  return [...new Set(raw as SitingCandidateSource[])].sort();
}

function checkCandidates(raw: unknown): SitingCandidatePoint[] | Fail {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > SITING_CAPS.maxCandidates) {
    return fail('candidates', `candidates must be an array of 1 to ${SITING_CAPS.maxCandidates} points {lon, lat, costYen?}`);
  }
  const out: SitingCandidatePoint[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c: unknown = raw[i];
    const field = `candidates[${i}]`;
    if (!isObject(c)) return fail(field, `${field} must be an object {lon, lat, costYen?}`);
    const extra = unknownKey(c, ['lon', 'lat', 'costYen'], field);
    if (extra) return extra;
    const lon = num(c.lon, `${field}.lon`, 122, 154);
    const lat = num(c.lat, `${field}.lat`, 20, 46);
    if (isFail(lon)) return { ...lon, message: `${lon.message} (Japan: lon 122–154, lat 20–46; is it [lat, lon] swapped?)` };
    if (isFail(lat)) return { ...lat, message: `${lat.message} (Japan: lon 122–154, lat 20–46)` };
    const point: SitingCandidatePoint = { lon, lat };
    if (c.costYen !== undefined) {
      const cost = num(c.costYen, `${field}.costYen`, 0, SITING_CAPS.maxCostYen, true);
      if (isFail(cost)) return cost;
      point.costYen = cost;
    }
    out.push(point);
  }
  return out;
}
