import type { GreedyResult, SelectionLimit, SitingInstance } from './siting.types';

/** Picks follow the cost-benefit ratio when a budget binds, else the plain gain. */
export function usesRatioRule(limit: SelectionLimit): boolean {
  return limit.budget !== undefined;
}

export function emptyResult(): GreedyResult {
  return { selected: [], marginalGains: [], curve: [], objective: 0, totalCost: 0, evaluations: 0 };
}

export function recordPick(result: GreedyResult, candidate: number, gain: number, cost: number): void {
  result.selected.push(candidate);
  result.marginalGains.push(gain);
  result.objective += gain;
  result.curve.push(result.objective);
  result.totalCost += cost;
}

/** Weight of candidate j's demand not yet covered. */
export function uncoveredGain(instance: SitingInstance, covered: Uint8Array, j: number): number {
  const { coverStart, coverIndex, weights } = instance;
  let gain = 0;
  for (let p = coverStart[j]; p < coverStart[j + 1]; p++) {
    const i = coverIndex[p];
    if (covered[i] === 0) gain += weights[i];
  }
  return gain;
}

export function markCovered(instance: SitingInstance, covered: Uint8Array, j: number): void {
  const { coverStart, coverIndex } = instance;
  for (let p = coverStart[j]; p < coverStart[j + 1]; p++) covered[coverIndex[p]] = 1;
}

/**
 * The best affordable single site. With the ratio rule it guards against a cheap-first greedy
 * missing one expensive site worth more (Khuller et al. 1999; Leskovec et al. 2007).
 */
export function bestSingle(instance: SitingInstance, budget: number): GreedyResult {
  const covered = new Uint8Array(instance.numDemand);
  const result = emptyResult();
  let best = -1;
  let bestGain = 0;
  for (let j = 0; j < instance.numCandidates; j++) {
    if (instance.selectable[j] === 0 || instance.costs[j] > budget) continue;
    const gain = uncoveredGain(instance, covered, j);
    result.evaluations++;
    if (gain > bestGain) {
      best = j;
      bestGain = gain;
    }
  }
  if (best >= 0) recordPick(result, best, bestGain, instance.costs[best]);
  return result;
}

export function better(a: GreedyResult, b: GreedyResult): GreedyResult {
  const chosen = b.objective > a.objective ? b : a;
  return { ...chosen, evaluations: a.evaluations + b.evaluations };
}
