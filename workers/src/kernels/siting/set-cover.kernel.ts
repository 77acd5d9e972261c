import { celf, orderByMarginalGain } from './lazy-greedy.kernel';
import { coverableMask } from './siting-bounds';
import type { GreedyResult, SitingInstance } from './siting.types';

export interface SetCoverPlan {
  /** 1 for demand a cover must (full) or may (partial) include: weight > 0, not yet covered, coverable. */
  required: Uint8Array;
  /** Demand with weight that no selectable candidate covers. */
  uncoverable: number[];
  /** Weight the new sites must add; null means every required point. */
  targetWeight: number | null;
  /** The instance with the weight of demand outside `required` set to zero. */
  masked: SitingInstance;
}

/**
 * What a cover must reach. Full cover (coverPct 100): every demand point with weight that existing
 * supply leaves uncovered. Partial: existing plus new coverage ≥ coverPct % of all given weight.
 * When that cannot be reached, the plan covers everything coverable and names the rest.
 */
export function planSetCover(instance: SitingInstance, coverPct = 100): SetCoverPlan {
  const coverable = coverableMask(instance);
  const required = new Uint8Array(instance.numDemand);
  const uncoverable: number[] = [];
  const weights = new Float64Array(instance.numDemand);
  let coverableWeight = 0;
  let givenTotal = 0;
  let preCoveredWeight = 0;
  for (let i = 0; i < instance.numDemand; i++) {
    givenTotal += instance.givenWeights[i];
    if (instance.preCovered[i]) preCoveredWeight += instance.givenWeights[i];
    if (instance.weights[i] <= 0) continue;
    if (coverable[i]) {
      required[i] = 1;
      weights[i] = instance.weights[i];
      coverableWeight += weights[i];
    } else {
      uncoverable.push(i);
    }
  }
  const masked = { ...instance, weights };
  if (coverPct >= 100) return { required, uncoverable, targetWeight: null, masked };
  const needed = Math.max(0, (coverPct / 100) * givenTotal - preCoveredWeight);
  const reachable = needed <= coverableWeight * (1 + 1e-12);
  return {
    required,
    uncoverable: reachable ? [] : uncoverable,
    targetWeight: reachable ? Math.min(needed, coverableWeight) : null,
    masked,
  };
}

/**
 * Greedy set cover (Chvátal 1979): repeatedly the site with the least cost per newly covered
 * weight, lazily evaluated; then redundant sites are dropped, dearest first.
 */
export function greedySetCover(plan: SetCoverPlan): GreedyResult {
  const target = plan.targetWeight === null ? Infinity : plan.targetWeight - tolerance(plan);
  const greedy = celf(plan.masked, { ratio: true, target });
  const kept = dropRedundant(plan, greedy.selected);
  const ordered = orderByMarginalGain(plan.masked, kept, true);
  return { ...ordered, evaluations: greedy.evaluations + ordered.evaluations };
}

export function dropRedundant(plan: SetCoverPlan, selected: readonly number[]): number[] {
  const { masked } = plan;
  const { coverStart, coverIndex, weights, costs } = masked;
  const count = new Int32Array(masked.numDemand);
  let coveredWeight = 0;
  for (const j of selected) {
    for (let p = coverStart[j]; p < coverStart[j + 1]; p++) {
      if (count[coverIndex[p]]++ === 0) coveredWeight += weights[coverIndex[p]];
    }
  }
  const slack = plan.targetWeight === null ? null : coveredWeight - plan.targetWeight + tolerance(plan);
  let spare = slack ?? 0;
  const kept = new Set(selected);
  const byCost = [...selected].reverse().sort((a, b) => costs[b] - costs[a]);
  for (const j of byCost) {
    let sole = 0;
    for (let p = coverStart[j]; p < coverStart[j + 1]; p++) if (count[coverIndex[p]] === 1) sole += weights[coverIndex[p]];
    if (slack === null ? sole > 0 : sole > spare) continue;
    spare -= sole;
    kept.delete(j);
    for (let p = coverStart[j]; p < coverStart[j + 1]; p++) count[coverIndex[p]]--;
  }
  return selected.filter((j) => kept.has(j));
}

/**
 * A lower bound on the cheapest cover without a solver: the better of the dual-feasible
 * yᵢ = min over sites j covering i of cⱼ / (required points j covers) (full cover only), and the
 * fractional knapsack that ignores overlaps (any cover's sites together carry ≥ the target weight).
 */
export function setCoverLowerBound(plan: SetCoverPlan): number {
  const { masked, required, targetWeight } = plan;
  const { numCandidates, coverStart, coverIndex, weights, costs, selectable } = masked;
  const siteWeight = new Float64Array(numCandidates);
  const siteCount = new Int32Array(numCandidates);
  for (let j = 0; j < numCandidates; j++) {
    if (selectable[j] === 0) continue;
    for (let p = coverStart[j]; p < coverStart[j + 1]; p++) {
      if (required[coverIndex[p]] === 0) continue;
      siteWeight[j] += weights[coverIndex[p]];
      siteCount[j]++;
    }
  }
  let target = targetWeight ?? 0;
  if (targetWeight === null) for (let i = 0; i < masked.numDemand; i++) target += weights[i];
  const knapsack = cheapestFractional(siteWeight, costs, target);
  if (targetWeight !== null) return knapsack;
  const price = new Float64Array(masked.numDemand).fill(Infinity);
  for (let j = 0; j < numCandidates; j++) {
    if (siteCount[j] === 0) continue;
    const share = costs[j] / siteCount[j];
    for (let p = coverStart[j]; p < coverStart[j + 1]; p++) if (share < price[coverIndex[p]]) price[coverIndex[p]] = share;
  }
  let dual = 0;
  for (let i = 0; i < masked.numDemand; i++) if (required[i] === 1) dual += price[i];
  return Math.max(knapsack, dual);
}

function cheapestFractional(siteWeight: Float64Array, costs: Float64Array, target: number): number {
  const order = Array.from(siteWeight.keys()).filter((j) => siteWeight[j] > 0);
  order.sort((a, b) => costs[a] / siteWeight[a] - costs[b] / siteWeight[b]);
  let left = target;
  let total = 0;
  for (const j of order) {
    if (left <= 0) break;
    const share = Math.min(1, left / siteWeight[j]);
    total += share * costs[j];
    left -= share * siteWeight[j];
  }
  return total;
}

function tolerance(plan: SetCoverPlan): number {
  return 1e-9 * Math.max(1, plan.targetWeight ?? 0);
}
