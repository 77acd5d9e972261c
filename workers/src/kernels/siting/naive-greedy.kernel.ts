import { bestSingle, better, emptyResult, markCovered, recordPick, uncoveredGain, usesRatioRule } from './greedy-common';
import type { GreedyResult, SelectionLimit, SitingInstance } from './siting.types';

/**
 * The textbook greedy: every round recomputes every candidate's marginal gain and takes the best
 * (lowest index on ties). Same rules as `lazyGreedy`; kept as the baseline it is measured against.
 */
export function naiveGreedy(instance: SitingInstance, limit: SelectionLimit): GreedyResult {
  const ratio = usesRatioRule(limit);
  const run = naiveRun(instance, limit, ratio);
  return ratio ? better(run, bestSingle(instance, limit.budget ?? Infinity)) : run;
}

function naiveRun(instance: SitingInstance, limit: SelectionLimit, ratio: boolean): GreedyResult {
  const { numCandidates, costs, selectable } = instance;
  const maxPicks = limit.k ?? numCandidates;
  let remaining = limit.budget ?? Infinity;
  const covered = new Uint8Array(instance.numDemand);
  const chosen = new Uint8Array(numCandidates);
  const result = emptyResult();
  while (result.selected.length < maxPicks) {
    let best = -1;
    let bestKey = 0;
    let bestGain = 0;
    for (let j = 0; j < numCandidates; j++) {
      if (selectable[j] === 0 || chosen[j] === 1 || costs[j] > remaining) continue;
      const gain = uncoveredGain(instance, covered, j);
      result.evaluations++;
      const key = ratio ? gain / costs[j] : gain;
      if (key > bestKey) {
        best = j;
        bestKey = key;
        bestGain = gain;
      }
    }
    if (best < 0) break;
    chosen[best] = 1;
    markCovered(instance, covered, best);
    recordPick(result, best, bestGain, costs[best]);
    remaining -= costs[best];
  }
  return result;
}
