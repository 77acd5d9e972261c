import { CandidateHeap } from './candidate-heap';
import { bestSingle, better, emptyResult, markCovered, recordPick, uncoveredGain, usesRatioRule } from './greedy-common';
import type { GreedyResult, SelectionLimit, SitingInstance } from './siting.types';

/**
 * Maximal covering by lazy greedy (CELF, Leskovec et al. 2007). Coverage is submodular, so a
 * candidate's gain only shrinks: a stale heap key is an upper bound, and a fresh key on top of
 * the heap beats every other candidate without recomputing them. Picks the same sites as
 * `naiveGreedy`. With a budget: cost-benefit ratio rule, then the better of that and the best
 * affordable single site. Stops early when no candidate adds anything.
 */
export function lazyGreedy(instance: SitingInstance, limit: SelectionLimit): GreedyResult {
  const ratio = usesRatioRule(limit);
  const run = celf(instance, { ...limit, ratio });
  return ratio ? better(run, bestSingle(instance, limit.budget ?? Infinity)) : run;
}

/**
 * The members of `sites` in the order greedy would build them (by gain, or by gain per cost);
 * members adding nothing are dropped.
 */
export function orderByMarginalGain(instance: SitingInstance, sites: readonly number[], ratio = false): GreedyResult {
  return celf(instance, { ratio, only: sites });
}

export interface CelfOptions extends SelectionLimit {
  /** Pick by gain per cost instead of gain. */
  ratio: boolean;
  /** Consider only these candidates. */
  only?: readonly number[];
  /** Stop once the objective reaches this. */
  target?: number;
}

export function celf(instance: SitingInstance, options: CelfOptions): GreedyResult {
  const { numCandidates, costs, selectable } = instance;
  const { ratio, only } = options;
  const maxPicks = options.k ?? numCandidates;
  const target = options.target ?? Infinity;
  let remaining = options.budget ?? Infinity;
  const covered = new Uint8Array(instance.numDemand);
  const freshAt = new Int32Array(numCandidates);
  const gains = new Float64Array(numCandidates);
  const pool = only ?? rangeOf(numCandidates);
  const heap = new CandidateHeap(pool.length);
  const result = emptyResult();

  for (const j of pool) {
    if (selectable[j] === 0 || costs[j] > remaining) continue;
    const gain = uncoveredGain(instance, covered, j);
    result.evaluations++;
    if (gain <= 0) continue;
    gains[j] = gain;
    heap.append(j, ratio ? gain / costs[j] : gain);
  }
  heap.heapify();

  let round = 0;
  while (result.selected.length < maxPicks && result.objective < target && heap.size > 0) {
    const j = heap.topId();
    if (costs[j] > remaining) {
      heap.pop();
      continue;
    }
    if (freshAt[j] !== round) {
      const gain = uncoveredGain(instance, covered, j);
      result.evaluations++;
      freshAt[j] = round;
      gains[j] = gain;
      if (gain <= 0) heap.pop();
      else heap.replaceTopKey(ratio ? gain / costs[j] : gain);
      continue;
    }
    heap.pop();
    markCovered(instance, covered, j);
    recordPick(result, j, gains[j], costs[j]);
    remaining -= costs[j];
    round++;
  }
  return result;
}

function rangeOf(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) out[j] = j;
  return out;
}
