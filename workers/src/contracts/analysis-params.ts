import { checkCoverageParams, type CoverageParams } from './coverage-params';
import { checkSitingParams, type SitingParams } from './siting-params';
import { checkBeatCheckParams, type BeatCheckParams } from './beat-check-params';
import { checkPatrolCoverageParams, type PatrolCoverageParams } from './patrol-params';
import { checkRouteAuditParams, type RouteAuditParams } from './route-audit-params';
import type { AnalysisType } from './index';

/**
 * Parameter checks per analysis type: pure, shared by the API (to answer 400 before anything is
 * stored) and the workers (to re-check what they load). A check returns the normalised params
 * (sorted, de-duplicated ids) so that equal requests fingerprint equally.
 */
export type ParamsCheck<P> = { ok: true; params: P } | { ok: false; field: string; message: string };

export interface BeatStatsParams {
  /** Beat feature ids; all live beats when absent. */
  ids?: number[];
}

export interface AnalysisParamsByType {
  'beat-stats': BeatStatsParams;
  coverage: CoverageParams;
  siting: SitingParams;
  'beat-check': BeatCheckParams;
  'patrol-coverage': PatrolCoverageParams;
  'route-audit': RouteAuditParams;
}

/** Layers whose versions go into a run's fingerprint: a change to any of them means a new run. */
export const ANALYSIS_INPUT_LAYERS: { readonly [T in AnalysisType]: readonly string[] } = {
  'beat-stats': ['beats', 'blocks', 'cameras', 'streetlights', 'facilities', 'roads'],
  coverage: ['school-routes', 'roads', 'cameras', 'streetlights', 'buildings', 'beats', 'blocks', 'areas'],
  siting: ['cameras', 'streetlights', 'roads', 'school-routes', 'buildings', 'blocks'],
  'beat-check': ['beats', 'areas', 'blocks', 'cameras', 'streetlights', 'facilities', 'roads', 'school-routes', 'buildings', 'patrol-tracks'],
  'patrol-coverage': ['patrol-tracks', 'roads', 'beats'],
  // countermeasures: a changed register makes a new audit (its before/after figures)
  'route-audit': ['school-routes', 'roads', 'cameras', 'streetlights', 'buildings', 'facilities', 'blocks', 'countermeasures'],
};

export const MAX_PARAM_IDS = 10000;

type Fields = Record<string, unknown>;

function fail(field: string, message: string): { ok: false; field: string; message: string } {
  return { ok: false, field, message };
}

function asObject(raw: unknown): Fields | null {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return null;
  return raw as Fields;
}

function unknownKey(params: Fields, allowed: readonly string[]): string | undefined {
  return Object.keys(params).find((key) => !allowed.includes(key));
}

function checkIds(raw: unknown, field: string): ParamsCheck<number[]> {
  if (!Array.isArray(raw)) return fail(field, `${field} must be an array of feature ids`);
  if (raw.length === 0) return fail(field, `${field} must list at least one id (omit it for all)`);
  if (raw.length > MAX_PARAM_IDS) return fail(field, `${field} may list at most ${MAX_PARAM_IDS} ids`);
  for (let i = 0; i < raw.length; i++) {
    const id: unknown = raw[i];
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
      return fail(`${field}[${i}]`, `${field}[${i}] must be a positive integer feature id, got ${JSON.stringify(id)}`);
    }
  }
  return { ok: true, params: [...new Set(raw as number[])].sort((a, b) => a - b) };
}

function checkBeatStats(raw: unknown): ParamsCheck<BeatStatsParams> {
  const params = asObject(raw);
  if (!params) return fail('params', 'params must be an object');
  const extra = unknownKey(params, ['ids']);
  if (extra !== undefined) return fail(extra, `unknown parameter "${extra}" for beat-stats (allowed: ids)`);
  if (params.ids === undefined) return { ok: true, params: {} };
  const ids = checkIds(params.ids, 'ids');
  return ids.ok ? { ok: true, params: { ids: ids.params } } : ids;
}

export const PARAM_CHECKS: { readonly [T in AnalysisType]: (raw: unknown) => ParamsCheck<AnalysisParamsByType[T]> } = {
  'beat-stats': checkBeatStats,
  coverage: (raw) => checkCoverageParams(raw, checkIds),
  siting: (raw) => checkSitingParams(raw, checkIds),
  'beat-check': (raw) => checkBeatCheckParams(raw, checkIds),
  'patrol-coverage': (raw) => checkPatrolCoverageParams(raw, checkIds),
  'route-audit': (raw) => checkRouteAuditParams(raw, checkIds),
};

export function validateAnalysisParams<T extends AnalysisType>(type: T, raw: unknown): ParamsCheck<AnalysisParamsByType[T]> {
  return PARAM_CHECKS[type](raw);
}
