import { solveSetCoverExact, type ExactResult } from './exact-mip.kernel';
import { orderByMarginalGain } from './lazy-greedy.kernel';
import { dropRedundant, greedySetCover, planSetCover, setCoverLowerBound } from './set-cover.kernel';
import { relativeGap } from './siting-bounds';
import { costOf } from './siting-instance';
import { coverageFacts } from './siting-summary';
import type { BoundSource, SitingInstance, SitingMethod, SitingSolution, SolveOptions } from './siting.types';

/**
 * Location set covering: the cheapest set of new sites (fewest, with unit costs) covering all
 * demand, or `coverPct` % of the weight. Greedy with redundancy elimination, then (when asked)
 * the MIP. Demand no candidate covers makes the cover infeasible: it is named in `uncoverable`
 * and everything else is still covered.
 */
export async function solveMinCostCover(
  instance: SitingInstance,
  coverPct: number,
  options: SolveOptions,
): Promise<SitingSolution> {
  const plan = planSetCover(instance, coverPct);
  const greedy = greedySetCover(plan);
  const tol = 1e-9 * Math.max(1, greedy.totalCost);
  let best = greedy.selected;
  let bestCost = greedy.totalCost;
  let method: SitingMethod = 'greedy+redundancy';
  let bound = setCoverLowerBound(plan);
  let boundSource: BoundSource = 'covering-relaxation';
  let optimal = bestCost <= bound + tol;
  let exact: ExactResult | null = null;

  if (options.exact && !optimal) {
    exact = await solveSetCoverExact(instance, plan.required, plan.targetWeight, { timeLimitS: options.timeLimitS, start: best });
    if (exact.selected) {
      const kept = dropRedundant(plan, exact.selected);
      const cost = costOf(instance, kept);
      if (cost < bestCost - tol) {
        best = kept;
        bestCost = cost;
        method = 'mip';
      }
    }
    if (exact.bound !== null && exact.bound > bound) {
      bound = Math.min(exact.bound, bestCost);
      boundSource = 'mip';
    }
    optimal = exact.optimal || bestCost <= bound + tol;
  }

  const build = orderByMarginalGain(plan.masked, best, true);
  return {
    problem: 'min-cost-cover',
    selected: build.selected,
    objective: build.totalCost,
    ...coverageFacts(instance, build),
    optimal,
    gap: optimal ? 0 : relativeGap(build.totalCost, bound, 'min'),
    bound: optimal ? build.totalCost : bound,
    boundSource,
    method,
    marginalGains: build.marginalGains,
    curve: build.curve,
    feasible: plan.uncoverable.length === 0,
    uncoverable: plan.uncoverable,
    exact: exact && { status: exact.status, seconds: exact.seconds, objective: exact.objective, bound: exact.bound },
  };
}
