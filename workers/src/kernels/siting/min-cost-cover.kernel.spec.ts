import { solveMinCostCover } from './min-cost-cover.kernel';
import { greedySetCover, planSetCover } from './set-cover.kernel';
import { instanceFromCoverage } from './siting-instance';

// A sees houses 0–3, B sees 0, 1, 4, C sees 2, 3, 5: B + C see everything; A is a decoy.
const HOUSES = [1, 1, 1, 1, 1, 1];
const A_B_C = [
  [0, 1, 2, 3],
  [0, 1, 4],
  [2, 3, 5],
];
const heuristicOnly = { exact: false, timeLimitS: 10 };

describe('set covering (fewest cameras / lowest cost covering all demand)', () => {
  it('greedy takes A, B, C; redundancy elimination then drops A', () => {
    const plan = planSetCover(instanceFromCoverage(HOUSES, A_B_C));
    const result = greedySetCover(plan);
    expect([...result.selected].sort()).toEqual([1, 2]);
    expect(result.totalCost).toBe(2);
    expect(result.curve[result.curve.length - 1]).toBe(6);
  });

  it('with costs, picks by cost per newly covered weight', async () => {
    // A costs 3 (4 houses: 0.75 yen per house), B and C cost 1 (3 houses: 0.33).
    const instance = instanceFromCoverage(HOUSES, A_B_C, [3, 1, 1]);
    const solution = await solveMinCostCover(instance, 100, heuristicOnly);
    expect(solution).toMatchObject({ selected: [1, 2], objective: 2, totalCost: 2, coveredDemand: 6, feasible: true });
  });

  it('the exact solver proves two cameras are the fewest', async () => {
    const solution = await solveMinCostCover(instanceFromCoverage(HOUSES, A_B_C), 100, { exact: true, timeLimitS: 10 });
    expect(solution).toMatchObject({ objective: 2, optimal: true, gap: 0, bound: 2, feasible: true });
  });

  it('names demand no candidate covers instead of failing, and still covers the rest', async () => {
    const instance = instanceFromCoverage([...HOUSES, 1, 0], A_B_C);
    const solution = await solveMinCostCover(instance, 100, { exact: true, timeLimitS: 10 });
    expect(solution.feasible).toBe(false);
    expect(solution.uncoverable).toEqual([6]);
    expect(solution).toMatchObject({ objective: 2, coveredDemand: 6, optimal: true });
  });

  it('covers a stated share of the weight: 50 % of 6 houses needs only A', async () => {
    const solution = await solveMinCostCover(instanceFromCoverage(HOUSES, A_B_C), 50, { exact: true, timeLimitS: 10 });
    expect(solution).toMatchObject({ selected: [0], objective: 1, coveredDemand: 4, feasible: true, optimal: true });
  });

  it('a share that cannot be reached names the uncoverable weight', async () => {
    // Houses 0–5 weigh 1 and house 6 weighs 10 but no one sees it: 90 % of 16 is out of reach.
    const instance = instanceFromCoverage([...HOUSES, 10], A_B_C);
    const solution = await solveMinCostCover(instance, 90, heuristicOnly);
    expect(solution).toMatchObject({ feasible: false, uncoverable: [6], objective: 2, coveredWeight: 6 });
  });

  it('existing cameras shrink the job: with C installed, B alone covers the rest', async () => {
    const instance = instanceFromCoverage(HOUSES, A_B_C, undefined, { existing: [2] });
    const solution = await solveMinCostCover(instance, 100, { exact: true, timeLimitS: 10 });
    expect(solution).toMatchObject({ selected: [1], objective: 1, coveredDemand: 6, optimal: true });
  });
});
