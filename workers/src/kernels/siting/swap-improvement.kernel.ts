import { buildDemandIndex, coverageOf } from './siting-instance';
import type { DemandIndex, SelectionLimit, SitingInstance } from './siting.types';

export interface SwapOptions {
  maxPasses?: number;
  /** Stop starting new swaps after this many milliseconds. */
  timeBudgetMs?: number;
  demandIndex?: DemandIndex;
}

export interface SwapResult {
  selected: number[];
  objective: number;
  swaps: number;
  passes: number;
}

/**
 * 1-exchange local search: replace one chosen site by an unchosen one whenever that covers more
 * weight (within k and the budget), until no single swap helps. Per chosen site s it needs only
 * the demand s alone covers and the candidates touching that demand; every other candidate's
 * gain is its gain on uncovered demand, kept up to date incrementally.
 */
export function improveBySwaps(
  instance: SitingInstance,
  start: readonly number[],
  limit: SelectionLimit,
  options: SwapOptions = {},
): SwapResult {
  const state = new SwapState(instance, options.demandIndex ?? buildDemandIndex(instance));
  for (const j of start) state.add(j);
  const budget = limit.budget ?? Infinity;
  const deadline = Date.now() + (options.timeBudgetMs ?? Infinity);
  const maxPasses = options.maxPasses ?? 100;
  const eps = 1e-9 * Math.max(1, instance.weights.reduce((a, b) => a + b, 0));
  const selected = [...start];
  let swaps = 0;
  let passes = 0;
  let improved = true;
  while (improved && passes < maxPasses && Date.now() < deadline) {
    improved = false;
    passes++;
    for (let slot = 0; slot < selected.length && Date.now() < deadline; slot++) {
      const s = selected[slot];
      const move = state.bestReplacement(s, budget - state.totalCost + instance.costs[s]);
      if (move.candidate >= 0 && move.delta > eps) {
        state.remove(s);
        state.add(move.candidate);
        selected[slot] = move.candidate;
        swaps++;
        improved = true;
      }
    }
  }
  if (limit.budget !== undefined) fillBudget(instance, state, selected, limit);
  return { selected, objective: coverageOf(instance, selected), swaps, passes };
}

/** After swapping to cheaper sites, budget may be left for more. */
function fillBudget(instance: SitingInstance, state: SwapState, selected: number[], limit: SelectionLimit): void {
  const maxPicks = limit.k ?? instance.numCandidates;
  while (selected.length < maxPicks) {
    const j = state.bestAddition((limit.budget ?? Infinity) - state.totalCost);
    if (j < 0) return;
    state.add(j);
    selected.push(j);
  }
}

class SwapState {
  /** How many chosen sites cover each demand point. */
  private readonly count: Int32Array;
  /** Per candidate, the weight it covers that no chosen site covers. */
  private readonly freeGain: Float64Array;
  private readonly extra: Float64Array;
  private readonly touched: Int32Array;
  private readonly chosen: Uint8Array;
  totalCost = 0;

  constructor(
    private readonly instance: SitingInstance,
    private readonly index: DemandIndex,
  ) {
    const { numDemand, numCandidates, coverStart, coverIndex, weights } = instance;
    this.count = new Int32Array(numDemand);
    this.freeGain = new Float64Array(numCandidates);
    this.extra = new Float64Array(numCandidates);
    this.touched = new Int32Array(numCandidates);
    this.chosen = new Uint8Array(numCandidates);
    for (let j = 0; j < numCandidates; j++) {
      let gain = 0;
      for (let p = coverStart[j]; p < coverStart[j + 1]; p++) gain += weights[coverIndex[p]];
      this.freeGain[j] = gain;
    }
  }

  add(j: number): void {
    const { coverStart, coverIndex } = this.instance;
    for (let p = coverStart[j]; p < coverStart[j + 1]; p++) {
      const i = coverIndex[p];
      if (this.count[i] === 0) this.shiftFreeGain(i, -1);
      this.count[i]++;
    }
    this.chosen[j] = 1;
    this.totalCost += this.instance.costs[j];
  }

  remove(j: number): void {
    const { coverStart, coverIndex } = this.instance;
    for (let p = coverStart[j]; p < coverStart[j + 1]; p++) {
      const i = coverIndex[p];
      this.count[i]--;
      if (this.count[i] === 0) this.shiftFreeGain(i, 1);
    }
    this.chosen[j] = 0;
    this.totalCost -= this.instance.costs[j];
  }

  /** The unchosen candidate costing at most `costCap` that best replaces chosen site s. */
  bestReplacement(s: number, costCap: number): { candidate: number; delta: number } {
    const { coverStart, coverIndex, weights, numCandidates, selectable, costs } = this.instance;
    const { byDemandStart, byDemandIndex } = this.index;
    let loss = 0;
    let touchedCount = 0;
    for (let p = coverStart[s]; p < coverStart[s + 1]; p++) {
      const i = coverIndex[p];
      if (this.count[i] !== 1 || weights[i] === 0) continue;
      loss += weights[i];
      for (let q = byDemandStart[i]; q < byDemandStart[i + 1]; q++) {
        const c = byDemandIndex[q];
        if (this.extra[c] === 0) this.touched[touchedCount++] = c;
        this.extra[c] += weights[i];
      }
    }
    let best = -1;
    let bestValue = 0;
    for (let c = 0; c < numCandidates; c++) {
      if (this.chosen[c] === 1 || selectable[c] === 0 || costs[c] > costCap) continue;
      const value = this.freeGain[c] + this.extra[c];
      if (value > bestValue) {
        best = c;
        bestValue = value;
      }
    }
    for (let t = 0; t < touchedCount; t++) this.extra[this.touched[t]] = 0;
    return { candidate: best, delta: bestValue - loss };
  }

  bestAddition(costCap: number): number {
    const { numCandidates, selectable, costs } = this.instance;
    let best = -1;
    let bestGain = 1e-12;
    for (let c = 0; c < numCandidates; c++) {
      if (this.chosen[c] === 1 || selectable[c] === 0 || costs[c] > costCap) continue;
      if (this.freeGain[c] > bestGain) {
        best = c;
        bestGain = this.freeGain[c];
      }
    }
    return best;
  }

  private shiftFreeGain(i: number, sign: number): void {
    const w = this.instance.weights[i];
    if (w === 0) return;
    const { byDemandStart, byDemandIndex } = this.index;
    for (let q = byDemandStart[i]; q < byDemandStart[i + 1]; q++) this.freeGain[byDemandIndex[q]] += sign * w;
  }
}
