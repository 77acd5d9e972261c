import type { BoundSource, SelectionLimit, SitingInstance } from './siting.types';

const GREEDY_FACTOR = 1 - 1 / Math.E;

export interface UpperBound {
  bound: number;
  source: BoundSource;
}

/**
 * An upper bound on the best coverage within `limit`, from a heuristic solution `selected`
 * (any feasible set): the least of
 * - the greedy guarantee: greedy ≥ (1 − 1/e)·OPT for k sites (Nemhauser et al. 1978), and
 *   ≥ ½(1 − 1/e)·OPT with a budget for the better of ratio greedy and best single site;
 * - the online bound OPT ≤ f(S) + the best k (or fractional-knapsack) marginal gains w.r.t. S
 *   (Leskovec et al. 2007), valid for any S because coverage is submodular;
 * - all weight that some selectable candidate covers.
 */
export function maxCoverageUpperBound(
  instance: SitingInstance,
  selected: readonly number[],
  objective: number,
  limit: SelectionLimit,
  greedyObjective: number,
): UpperBound {
  const factor = limit.budget !== undefined ? GREEDY_FACTOR / 2 : GREEDY_FACTOR;
  const candidates: UpperBound[] = [
    { bound: greedyObjective / factor, source: 'greedy-guarantee' },
    { bound: objective + onlineSlack(instance, selected, limit), source: 'online' },
    { bound: coverableWeight(instance), source: 'coverable-weight' },
  ];
  return candidates.reduce((a, b) => (b.bound < a.bound ? b : a));
}

/** Weight of the demand that at least one selectable candidate covers. */
export function coverableWeight(instance: SitingInstance): number {
  const reachable = coverableMask(instance);
  let total = 0;
  for (let i = 0; i < instance.numDemand; i++) if (reachable[i]) total += instance.weights[i];
  return total;
}

export function coverableMask(instance: SitingInstance): Uint8Array {
  const { coverStart, coverIndex, selectable, numCandidates } = instance;
  const mask = new Uint8Array(instance.numDemand);
  for (let j = 0; j < numCandidates; j++) {
    if (selectable[j] === 0) continue;
    for (let p = coverStart[j]; p < coverStart[j + 1]; p++) mask[coverIndex[p]] = 1;
  }
  return mask;
}

/** The most that adding sites worth `limit` could add on top of `selected`, by marginal gains. */
function onlineSlack(instance: SitingInstance, selected: readonly number[], limit: SelectionLimit): number {
  const { numDemand, numCandidates, coverStart, coverIndex, weights, selectable, costs } = instance;
  const covered = new Uint8Array(numDemand);
  for (const j of selected) for (let p = coverStart[j]; p < coverStart[j + 1]; p++) covered[coverIndex[p]] = 1;
  const gains = new Float64Array(numCandidates);
  for (let j = 0; j < numCandidates; j++) {
    if (selectable[j] === 0) continue;
    for (let p = coverStart[j]; p < coverStart[j + 1]; p++) if (!covered[coverIndex[p]]) gains[j] += weights[coverIndex[p]];
  }
  let slack = Infinity;
  if (limit.k !== undefined) {
    const sorted = gains.slice().sort().reverse();
    let sum = 0;
    for (let t = 0; t < Math.min(limit.k, sorted.length); t++) sum += sorted[t];
    slack = sum;
  }
  if (limit.budget !== undefined) slack = Math.min(slack, fractionalKnapsack(gains, costs, limit.budget));
  return slack;
}

function fractionalKnapsack(gains: Float64Array, costs: Float64Array, capacity: number): number {
  const order = Array.from(gains.keys()).filter((j) => gains[j] > 0);
  order.sort((a, b) => gains[b] / costs[b] - gains[a] / costs[a]);
  let room = capacity;
  let total = 0;
  for (const j of order) {
    if (room <= 0) break;
    const share = Math.min(1, room / costs[j]);
    total += share * gains[j];
    room -= share * costs[j];
  }
  return total;
}

export function relativeGap(objective: number, bound: number, sense: 'max' | 'min'): number {
  if (sense === 'max') return bound <= 0 ? 0 : Math.max(0, (bound - objective) / bound);
  return objective <= 0 ? 0 : Math.max(0, (objective - bound) / objective);
}
