import { solveMaxCoverage } from './max-coverage.kernel';
import { solveMinCostCover } from './min-cost-cover.kernel';
import { buildSitingInstance } from './siting-instance';
import type { SitingInstance, SitingMatrixParams, SitingSolution, SolveOptions } from './siting.types';

/** Without `exact`, the MIP runs only on instances it usually proves within seconds. */
export const EXACT_AUTO_LIMITS = { maxCandidates: 2000, maxCoverageEntries: 200_000 } as const;
export const DEFAULT_TIME_LIMIT_S = { auto: 10, requested: 60 } as const;
export const SWAP_TIME_BUDGET_MS = 5000;

/** Solves explicit-matrix siting params that passed `validateSitingParams`. */
export function solveSiting(params: SitingMatrixParams): Promise<SitingSolution> {
  const instance = buildSitingInstance(params);
  const options = solveOptionsFor(params, instance);
  switch (params.objective) {
    case 'max-coverage':
      return solveMaxCoverage(instance, { k: params.k, budget: params.budget }, options);
    case 'min-cost-cover':
      return solveMinCostCover(instance, params.coverPct ?? 100, options);
  }
}

export function solveOptionsFor(params: Pick<SitingMatrixParams, 'exact' | 'timeLimitS'>, instance: SitingInstance): SolveOptions {
  const small =
    instance.numCandidates <= EXACT_AUTO_LIMITS.maxCandidates && instance.coverIndex.length <= EXACT_AUTO_LIMITS.maxCoverageEntries;
  const exact = params.exact ?? small;
  const timeLimitS = params.timeLimitS ?? (params.exact ? DEFAULT_TIME_LIMIT_S.requested : DEFAULT_TIME_LIMIT_S.auto);
  return { exact, timeLimitS, swapTimeBudgetMs: SWAP_TIME_BUDGET_MS };
}
