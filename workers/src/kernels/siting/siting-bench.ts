import { solveMaxCoverageExact } from './exact-mip.kernel';
import { lazyGreedy } from './lazy-greedy.kernel';
import { naiveGreedy } from './naive-greedy.kernel';
import { randomClusteredInstance } from './random-instance';
import { maxCoverageUpperBound } from './siting-bounds';
import { coverageOf, instanceFromCsr } from './siting-instance';
import { improveBySwaps } from './swap-improvement.kernel';
import type { GreedyResult, SitingInstance } from './siting.types';

export interface SitingBenchOptions {
  numCandidates?: number;
  numDemand?: number;
  k?: number;
  seed?: number;
  /** Timed lazy-greedy runs after one warm-up; the median is reported. */
  lazyRepeats?: number;
  /** Run the naive baseline (k rounds over every candidate). */
  naive?: boolean;
  /** 0 skips the MIP. */
  exactTimeLimitS?: number;
  swapTimeBudgetMs?: number;
}

export interface SitingBenchReport {
  instance: { numCandidates: number; numDemand: number; coverageEntries: number; k: number; seed: number; generateSeconds: number };
  lazy: { seconds: number; runs: number[]; objective: number; evaluations: number };
  naive: { seconds: number; objective: number; evaluations: number; sameSelection: boolean } | null;
  swap: { seconds: number; objective: number; swaps: number };
  exact: { seconds: number; status: string; objective: number | null; bound: number | null; optimal: boolean } | null;
  /** The best objective any method found, and the least proven upper bound on the optimum. */
  bestKnown: number;
  upperBound: number;
  /** lazy objective / bestKnown. */
  lazyShareOfBest: number;
  /** naive seconds / lazy seconds. */
  speedup: number | null;
}

export const SITING_BENCH_DEFAULTS = {
  numCandidates: 10_000,
  numDemand: 100_000,
  k: 500,
  seed: 20_240_601,
  lazyRepeats: 5,
  naive: true,
  exactTimeLimitS: 120,
  swapTimeBudgetMs: 30_000,
} as const;

/**
 * Lazy vs naive greedy (and swaps, and the MIP) on one synthetic city, measured in the same run.
 * Pure: returns timings and objectives; printing and pass/fail are the bench runner's.
 */
export async function benchSiting(options: SitingBenchOptions = {}): Promise<SitingBenchReport> {
  const o = { ...SITING_BENCH_DEFAULTS, ...options };
  let started = performance.now();
  const generated = randomClusteredInstance({ numCandidates: o.numCandidates, numDemand: o.numDemand, seed: o.seed });
  const instance = instanceFromCsr(generated);
  const generateSeconds = seconds(started);
  const limit = { k: o.k };

  lazyGreedy(instance, limit);
  const runs: number[] = [];
  let lazy: GreedyResult = lazyGreedy(instance, limit);
  for (let r = 0; r < o.lazyRepeats; r++) {
    started = performance.now();
    lazy = lazyGreedy(instance, limit);
    runs.push(seconds(started));
  }
  const lazySeconds = median(runs);

  let naive: SitingBenchReport['naive'] = null;
  if (o.naive) {
    started = performance.now();
    const result = naiveGreedy(instance, limit);
    const naiveSeconds = seconds(started);
    const sameSelection = result.selected.length === lazy.selected.length && result.selected.every((j, t) => j === lazy.selected[t]);
    naive = { seconds: naiveSeconds, objective: result.objective, evaluations: result.evaluations, sameSelection };
  }

  started = performance.now();
  const swapped = improveBySwaps(instance, lazy.selected, limit, { timeBudgetMs: o.swapTimeBudgetMs });
  const swap = { seconds: seconds(started), objective: swapped.objective, swaps: swapped.swaps };
  const heuristicBest = swapped.objective > lazy.objective ? swapped.selected : lazy.selected;
  const exact = o.exactTimeLimitS > 0 ? await exactRun(instance, o.k, heuristicBest, o.exactTimeLimitS) : null;

  const bestKnown = Math.max(lazy.objective, swap.objective, exact?.objective ?? 0);
  const heuristicBound = maxCoverageUpperBound(instance, heuristicBest, Math.max(lazy.objective, swap.objective), limit, lazy.objective);
  return {
    instance: { numCandidates: o.numCandidates, numDemand: o.numDemand, coverageEntries: instance.coverIndex.length, k: o.k, seed: o.seed, generateSeconds },
    lazy: { seconds: lazySeconds, runs, objective: lazy.objective, evaluations: lazy.evaluations },
    naive,
    swap,
    exact,
    bestKnown,
    upperBound: Math.min(heuristicBound.bound, exact?.bound ?? Infinity),
    lazyShareOfBest: bestKnown > 0 ? lazy.objective / bestKnown : 1,
    speedup: naive ? naive.seconds / lazySeconds : null,
  };
}

async function exactRun(instance: SitingInstance, k: number, start: readonly number[], timeLimitS: number) {
  const run = await solveMaxCoverageExact(instance, { k }, { timeLimitS, start });
  return {
    seconds: run.seconds,
    status: run.status,
    objective: run.selected ? coverageOf(instance, run.selected) : null,
    bound: run.bound,
    optimal: run.optimal,
  };
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
