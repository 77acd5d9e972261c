import { lazyGreedy } from './lazy-greedy.kernel';
import { naiveGreedy } from './naive-greedy.kernel';
import { randomClusteredInstance } from './random-instance';
import { instanceFromCoverage, instanceFromCsr } from './siting-instance';

// Six houses, weight 1 each. A sees houses 0–3, B sees 0, 1, 4 and C sees 2, 3, 5.
const HOUSES = [1, 1, 1, 1, 1, 1];
const A_B_C = [
  [0, 1, 2, 3],
  [0, 1, 4],
  [2, 3, 5],
];

describe('greedy maximal covering', () => {
  it('takes the biggest site first and so misses the optimum B + C on the trap instance', () => {
    const instance = instanceFromCoverage(HOUSES, A_B_C);
    for (const greedy of [lazyGreedy, naiveGreedy]) {
      const result = greedy(instance, { k: 2 });
      expect(result.selected).toEqual([0, 1]);
      expect(result.marginalGains).toEqual([4, 1]);
      expect(result.curve).toEqual([4, 5]);
      expect(result.objective).toBe(5);
    }
  });

  it('stops early when no further site adds anything', () => {
    const instance = instanceFromCoverage([1, 1, 1], [[0, 1], [1], [0, 2]]);
    const result = lazyGreedy(instance, { k: 3 });
    expect(result.selected).toEqual([0, 2]);
    expect(result.objective).toBe(3);
  });

  it('with a budget, falls back to the best single site when cheap-first picks add up to less', () => {
    // X covers 30 for 10 yen; Z covers 10 for 3 yen (better ratio); Y covers 1 for 1 yen.
    const instance = instanceFromCoverage([10, 10, 10, 1], [[0, 1, 2], [3], [0]], [10, 1, 3]);
    for (const greedy of [lazyGreedy, naiveGreedy]) {
      const result = greedy(instance, { budget: 10 });
      expect(result.selected).toEqual([0]);
      expect(result.objective).toBe(30);
      expect(result.totalCost).toBe(10);
    }
  });

  it('with a budget, follows gain per yen and skips sites it can no longer afford', () => {
    // Ratios: 0 → 8/4 = 2, 1 → 6/2 = 3, 2 → 5/5 = 1. Budget 6 buys 1 then 0 (2 + 4); 2 no longer fits.
    const instance = instanceFromCoverage([8, 6, 5], [[0], [1], [2]], [4, 2, 5]);
    const result = lazyGreedy(instance, { budget: 6 });
    expect(result.selected).toEqual([1, 0]);
    expect(result.objective).toBe(14);
    expect(result.totalCost).toBe(6);
  });

  it('never re-selects installed cameras and counts what they already see as zero', () => {
    const instance = instanceFromCoverage(HOUSES, A_B_C, undefined, { existing: [0] });
    const result = lazyGreedy(instance, { k: 1 });
    expect(result.selected).toEqual([1]);
    expect(result.objective).toBe(1);
  });

  it.each([1, 2, 3])('picks exactly the sites naive greedy picks on a synthetic city (seed %i)', (seed) => {
    const instance = instanceFromCsr(randomClusteredInstance({ numCandidates: 400, numDemand: 4000, seed }));
    for (const limit of [{ k: 40 }, { budget: 8_000_000 }]) {
      const lazy = lazyGreedy(instance, limit);
      const naive = naiveGreedy(instance, limit);
      expect(lazy.selected).toEqual(naive.selected);
      expect(lazy.objective).toBe(naive.objective);
      expect(lazy.evaluations).toBeLessThan(naive.evaluations / 5);
    }
  });
});
