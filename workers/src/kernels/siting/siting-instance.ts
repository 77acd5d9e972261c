import type { DemandIndex, SitingInstance, SitingMatrixParams } from './siting.types';

export interface ExistingSupply {
  /** Installed candidates: their demand counts as covered and they cannot be picked again. */
  existing?: readonly number[];
  /** Demand covered by other means. */
  alreadyCovered?: readonly number[];
}

export interface CsrCoverage {
  weights: ArrayLike<number>;
  coverStart: Int32Array;
  coverIndex: Int32Array;
  costs?: ArrayLike<number>;
}

/** Builds the instance from params that passed `validateSitingParams`. */
export function buildSitingInstance(params: SitingMatrixParams): SitingInstance {
  const { matrix } = params;
  const supply = { existing: params.existing, alreadyCovered: params.alreadyCovered };
  if (matrix.coverage) return instanceFromCoverage(matrix.demand, matrix.coverage, matrix.costs, supply);
  return instanceFromDistances(matrix.demand, matrix.distances ?? [], matrix.serviceDistance ?? 0, matrix.costs, supply);
}

export function instanceFromCoverage(
  weights: ArrayLike<number>,
  coverage: ArrayLike<ArrayLike<number>>,
  costs?: ArrayLike<number>,
  supply: ExistingSupply = {},
): SitingInstance {
  const coverStart = new Int32Array(coverage.length + 1);
  const lists: Int32Array[] = [];
  for (let j = 0; j < coverage.length; j++) {
    const list = uniqueSorted(coverage[j]);
    lists.push(list);
    coverStart[j + 1] = coverStart[j] + list.length;
  }
  const coverIndex = new Int32Array(coverStart[coverage.length]);
  lists.forEach((list, j) => coverIndex.set(list, coverStart[j]));
  return instanceFromCsr({ weights, coverStart, coverIndex, costs }, supply);
}

/** Demand i is covered by candidate j when `distances[i][j] ≤ serviceDistance` (null: unreachable). */
export function instanceFromDistances(
  weights: ArrayLike<number>,
  distances: ArrayLike<ArrayLike<number | null>>,
  serviceDistance: number,
  costs?: ArrayLike<number>,
  supply: ExistingSupply = {},
): SitingInstance {
  const numCandidates = distances.length > 0 ? distances[0].length : 0;
  const coverage: number[][] = Array.from({ length: numCandidates }, () => []);
  for (let i = 0; i < distances.length; i++) {
    const row = distances[i];
    for (let j = 0; j < numCandidates; j++) {
      const d = row[j];
      if (d !== null && d <= serviceDistance) coverage[j].push(i);
    }
  }
  return instanceFromCoverage(weights, coverage, costs, supply);
}

/** Wraps CSR coverage (lists sorted, without repeats) as an instance, applying existing supply. */
export function instanceFromCsr(csr: CsrCoverage, supply: ExistingSupply = {}): SitingInstance {
  const numDemand = csr.weights.length;
  const numCandidates = csr.coverStart.length - 1;
  const givenWeights = Float64Array.from(csr.weights);
  const costs = csr.costs ? Float64Array.from(csr.costs) : new Float64Array(numCandidates).fill(1);
  const preCovered = new Uint8Array(numDemand);
  const selectable = new Uint8Array(numCandidates).fill(1);
  const existing = [...new Set(supply.existing ?? [])];
  for (const i of supply.alreadyCovered ?? []) preCovered[i] = 1;
  for (const j of existing) {
    selectable[j] = 0;
    for (let p = csr.coverStart[j]; p < csr.coverStart[j + 1]; p++) preCovered[csr.coverIndex[p]] = 1;
  }
  const weights = Float64Array.from(givenWeights);
  for (let i = 0; i < numDemand; i++) if (preCovered[i]) weights[i] = 0;
  return {
    numDemand,
    numCandidates,
    weights,
    givenWeights,
    costs,
    coverStart: csr.coverStart,
    coverIndex: csr.coverIndex,
    preCovered,
    selectable,
    existing,
  };
}

export function buildDemandIndex(instance: SitingInstance): DemandIndex {
  const { numDemand, numCandidates, coverStart, coverIndex } = instance;
  const byDemandStart = new Int32Array(numDemand + 1);
  for (let p = 0; p < coverIndex.length; p++) byDemandStart[coverIndex[p] + 1]++;
  for (let i = 0; i < numDemand; i++) byDemandStart[i + 1] += byDemandStart[i];
  const fill = byDemandStart.slice(0, numDemand);
  const byDemandIndex = new Int32Array(coverIndex.length);
  for (let j = 0; j < numCandidates; j++) {
    for (let p = coverStart[j]; p < coverStart[j + 1]; p++) byDemandIndex[fill[coverIndex[p]]++] = j;
  }
  return { byDemandStart, byDemandIndex };
}

/** Weight newly covered by a set of candidates (demand counted once however often it is covered). */
export function coverageOf(instance: SitingInstance, selected: readonly number[]): number {
  const seen = new Uint8Array(instance.numDemand);
  let total = 0;
  for (const j of selected) {
    for (let p = instance.coverStart[j]; p < instance.coverStart[j + 1]; p++) {
      const i = instance.coverIndex[p];
      if (!seen[i]) {
        seen[i] = 1;
        total += instance.weights[i];
      }
    }
  }
  return total;
}

export function costOf(instance: SitingInstance, selected: readonly number[]): number {
  let total = 0;
  for (const j of selected) total += instance.costs[j];
  return total;
}

function uniqueSorted(list: ArrayLike<number>): Int32Array {
  const sorted = Int32Array.from(list).sort();
  let n = 0;
  for (let p = 0; p < sorted.length; p++) if (p === 0 || sorted[p] !== sorted[p - 1]) sorted[n++] = sorted[p];
  return sorted.slice(0, n);
}
