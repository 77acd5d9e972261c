import { solveMaxCoverageExact, type ExactResult } from './exact-mip.kernel';
import { lazyGreedy, orderByMarginalGain } from './lazy-greedy.kernel';
import { maxCoverageUpperBound, relativeGap, type UpperBound } from './siting-bounds';
import { coverageOf } from './siting-instance';
import { coverageFacts } from './siting-summary';
import { improveBySwaps } from './swap-improvement.kernel';
import type { SelectionLimit, SitingInstance, SitingMethod, SitingSolution, SolveOptions } from './siting.types';

/**
 * Maximal covering: lazy greedy, then 1-exchange swaps, then (when asked) the MIP started from
 * the best heuristic answer. Reports the best selection in build order with its proven bound.
 */
export async function solveMaxCoverage(
  instance: SitingInstance,
  limit: SelectionLimit,
  options: SolveOptions,
): Promise<SitingSolution> {
  const tol = tolerance(instance);
  const greedy = lazyGreedy(instance, limit);
  const swapped = improveBySwaps(instance, greedy.selected, limit, { timeBudgetMs: options.swapTimeBudgetMs });
  const swapHelped = swapped.objective > greedy.objective + tol;
  let best = swapHelped ? swapped.selected : greedy.selected;
  let bestObjective = swapHelped ? swapped.objective : greedy.objective;
  let method: SitingMethod = swapHelped ? 'lazy-greedy+swap' : 'lazy-greedy';
  let bound: UpperBound = maxCoverageUpperBound(instance, best, bestObjective, limit, greedy.objective);
  let optimal = bestObjective >= bound.bound - tol;
  let exact: ExactResult | null = null;

  if (options.exact && !optimal) {
    exact = await solveMaxCoverageExact(instance, limit, { timeLimitS: options.timeLimitS, start: best });
    if (exact.selected) {
      const value = coverageOf(instance, exact.selected);
      if (value > bestObjective + tol) {
        best = exact.selected;
        bestObjective = value;
        method = 'mip';
      }
    }
    if (exact.bound !== null && exact.bound < bound.bound) bound = { bound: Math.max(exact.bound, bestObjective), source: 'mip' };
    optimal = exact.optimal || bestObjective >= bound.bound - tol;
  }

  const build = orderByMarginalGain(instance, best);
  return {
    problem: 'max-coverage',
    selected: build.selected,
    objective: build.objective,
    ...coverageFacts(instance, build),
    optimal,
    gap: optimal ? 0 : relativeGap(build.objective, bound.bound, 'max'),
    bound: optimal ? build.objective : bound.bound,
    boundSource: bound.source,
    method,
    marginalGains: build.marginalGains,
    curve: build.curve,
    feasible: true,
    uncoverable: [],
    exact: exact && { status: exact.status, seconds: exact.seconds, objective: exact.objective, bound: exact.bound },
  };
}

function tolerance(instance: SitingInstance): number {
  let total = 0;
  for (let i = 0; i < instance.numDemand; i++) total += instance.weights[i];
  return 1e-9 * Math.max(1, total);
}
