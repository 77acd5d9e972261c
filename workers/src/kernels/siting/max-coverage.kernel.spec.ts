import { solveMaxCoverageExact } from './exact-mip.kernel';
import { solveMaxCoverage } from './max-coverage.kernel';
import { instanceFromCoverage } from './siting-instance';
import { improveBySwaps } from './swap-improvement.kernel';

// Greedy's trap: A sees houses 0–3, B sees 0, 1, 4, C sees 2, 3, 5. Greedy takes A then B (5 houses);
// B + C see all 6.
const HOUSES = [1, 1, 1, 1, 1, 1];
const A_B_C = [
  [0, 1, 2, 3],
  [0, 1, 4],
  [2, 3, 5],
];
const heuristicOnly = { exact: false, timeLimitS: 10 };

describe('maximal covering', () => {
  it('one swap turns greedy A + B into the optimum C + B', () => {
    const instance = instanceFromCoverage(HOUSES, A_B_C);
    const swapped = improveBySwaps(instance, [0, 1], { k: 2 });
    expect(swapped.selected).toEqual([2, 1]);
    expect(swapped.objective).toBe(6);
    expect(swapped.swaps).toBe(1);
  });

  it('the exact solver finds B + C and proves it', async () => {
    const result = await solveMaxCoverageExact(instanceFromCoverage(HOUSES, A_B_C), { k: 2 }, { timeLimitS: 10 });
    expect(result.status).toBe('optimal');
    expect(result.optimal).toBe(true);
    expect(result.selected).toEqual([1, 2]);
    expect(result.objective).toBeCloseTo(6, 9);
    expect(result.bound).toBeCloseTo(6, 9);
  });

  it('reports the swap answer in build order, proven optimal by covering every house', async () => {
    const solution = await solveMaxCoverage(instanceFromCoverage(HOUSES, A_B_C), { k: 2 }, heuristicOnly);
    expect(solution.method).toBe('lazy-greedy+swap');
    expect(solution.selected).toEqual([1, 2]);
    expect(solution.marginalGains).toEqual([3, 3]);
    expect(solution.curve).toEqual([3, 6]);
    expect(solution).toMatchObject({ objective: 6, coveredDemand: 6, coveredPct: 100, optimal: true, gap: 0 });
  });

  it('without the solver, reports the gap to the greedy guarantee when nothing tighter is known', async () => {
    // Two disjoint pairs and a triple: k = 1 takes the triple (3 of 7); OPT ≤ 3 / (1 − 1/e) = 4.746.
    const instance = instanceFromCoverage([1, 1, 1, 1, 1, 1, 1], [[0, 1], [2, 3], [4, 5, 6]]);
    const solution = await solveMaxCoverage(instance, { k: 1 }, heuristicOnly);
    expect(solution.selected).toEqual([2]);
    expect(solution.optimal).toBe(false);
    expect(solution.boundSource).toBe('greedy-guarantee');
    expect(solution.bound).toBeCloseTo(3 / (1 - 1 / Math.E), 9);
    expect(solution.gap).toBeCloseTo(1 / Math.E, 9);
  });

  it('the online bound (f(S) + best k marginal gains) is used when it is tighter', async () => {
    // k = 2 over ten houses: greedy takes 0–4 and 5–6 (7); three singles remain, each adding 1, so
    // OPT ≤ 7 + 1 + 1 = 9, tighter than 7 / (1 − 1/e) = 11.07 and than all 10 coverable houses.
    const instance = instanceFromCoverage(new Array(10).fill(1), [[0, 1, 2, 3, 4], [5, 6], [7], [8], [9]]);
    const solution = await solveMaxCoverage(instance, { k: 2 }, heuristicOnly);
    expect(solution.objective).toBe(7);
    expect(solution).toMatchObject({ boundSource: 'online', bound: 9, optimal: false });
    expect(solution.gap).toBeCloseTo(2 / 9, 12);
  });

  it('with the solver, a greedy answer the heuristics cannot prove gets proven with gap 0', async () => {
    const instance = instanceFromCoverage([1, 1, 1, 1, 1, 1, 1], [[0, 1], [2, 3], [4, 5, 6]]);
    const solution = await solveMaxCoverage(instance, { k: 1 }, { exact: true, timeLimitS: 10 });
    expect(solution).toMatchObject({ selected: [2], objective: 3, optimal: true, gap: 0, bound: 3, boundSource: 'mip' });
    expect(solution.exact?.status).toBe('optimal');
  });

  it('with a budget, the exact solver beats ratio greedy and the best single site', async () => {
    // Budget 10: P (6 yen, sees 13) has the best ratio and is the best single site, after it
    // nothing fits; Q + R (5 yen each, 10 each) see 20.
    const instance = instanceFromCoverage([13, 10, 10], [[0], [1], [2]], [6, 5, 5]);
    const heuristic = await solveMaxCoverage(instance, { budget: 10 }, heuristicOnly);
    expect(heuristic).toMatchObject({ selected: [0], objective: 13, totalCost: 6, optimal: false, bound: 33 });
    const exact = await solveMaxCoverage(instance, { budget: 10 }, { exact: true, timeLimitS: 10 });
    expect(exact).toMatchObject({ selected: [1, 2], objective: 20, totalCost: 10, method: 'mip', optimal: true, gap: 0 });
  });

  it('counts existing cameras in coveredDemand but not in the objective or the selection', async () => {
    const instance = instanceFromCoverage(HOUSES, A_B_C, undefined, { existing: [0] });
    const solution = await solveMaxCoverage(instance, { k: 1 }, { exact: true, timeLimitS: 10 });
    expect(solution.selected).toEqual([1]);
    expect(solution).toMatchObject({ objective: 1, coveredDemand: 5, coveredWeight: 5, totalWeight: 6, optimal: true });
  });
});
