import type { GreedyResult, SitingInstance, SitingSolution } from './siting.types';

export type CoverageFacts = Pick<
  SitingSolution,
  'coveredDemand' | 'coveredDemandPct' | 'coveredWeight' | 'totalWeight' | 'coveredPct' | 'totalCost'
>;

/** What the selection and existing supply cover, counted in demand points and in given weight. */
export function coverageFacts(instance: SitingInstance, build: GreedyResult): CoverageFacts {
  const covered = Uint8Array.from(instance.preCovered);
  for (const j of build.selected) {
    for (let p = instance.coverStart[j]; p < instance.coverStart[j + 1]; p++) covered[instance.coverIndex[p]] = 1;
  }
  let coveredDemand = 0;
  let coveredWeight = 0;
  let totalWeight = 0;
  for (let i = 0; i < instance.numDemand; i++) {
    totalWeight += instance.givenWeights[i];
    if (covered[i] === 0) continue;
    coveredDemand++;
    coveredWeight += instance.givenWeights[i];
  }
  return {
    coveredDemand,
    coveredDemandPct: (100 * coveredDemand) / instance.numDemand,
    coveredWeight,
    totalWeight,
    coveredPct: totalWeight > 0 ? (100 * coveredWeight) / totalWeight : 100,
    totalCost: build.totalCost,
  };
}
