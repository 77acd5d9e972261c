import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrLibraryScp, parseSpoptSanFrancisco } from './benchmark-parsers';
import { lazyGreedy } from './lazy-greedy.kernel';
import { solveMaxCoverage } from './max-coverage.kernel';
import { solveMinCostCover } from './min-cost-cover.kernel';
import { coverageOf, instanceFromCoverage, instanceFromDistances } from './siting-instance';

const BENCHMARKS = join(__dirname, '../../../../db/data/benchmarks');
const read = (path: string) => readFileSync(join(BENCHMARKS, path), 'utf8');

describe('spopt San Francisco: maximal covering, p = 4 stores, 5,000 m network distance', () => {
  const sf = parseSpoptSanFrancisco(
    read('spopt-sf/SF_demand_205_centroid_uniform_weight.csv'),
    read('spopt-sf/SF_store_site_16_longlat.csv'),
    read('spopt-sf/SF_network_distance_candidateStore_16_censusTract_205_new.csv'),
  );
  const exact = { exact: true, timeLimitS: 30 };

  /** Every 4 of the 16 stores (1,820 sets): the optimum checked without any solver. */
  function bruteForceBest(weights: number[]): { weight: number; sets: number[][] } {
    const instance = instanceFromDistances(weights, sf.distances, 5000);
    let best = { weight: -1, sets: [] as number[][] };
    for (let a = 0; a < 16; a++)
      for (let b = a + 1; b < 16; b++)
        for (let c = b + 1; c < 16; c++)
          for (let d = c + 1; d < 16; d++) {
            const weight = coverageOf(instance, [a, b, c, d]);
            if (weight > best.weight) best = { weight, sets: [[a, b, c, d]] };
            else if (weight === best.weight) best.sets.push([a, b, c, d]);
          }
    return best;
  }

  it('reads 205 tracts (955,113 people in 2000), 16 stores and the full 205 × 16 distance table', () => {
    expect(sf.tracts).toHaveLength(205);
    expect(sf.stores).toHaveLength(16);
    expect(sf.population.reduce((a, b) => a + b, 0)).toBe(955_113);
    expect(sf.distances.every((row) => row.length === 16)).toBe(true);
  });

  it('POP2000 weights (spopt test): the proven optimum leaves 21 tracts uncovered, 89.756 % covered', async () => {
    const instance = instanceFromDistances(sf.population, sf.distances, 5000);
    const solution = await solveMaxCoverage(instance, { k: 4 }, exact);
    expect(solution.objective).toBe(875_247);
    expect(solution.optimal).toBe(true);
    expect(solution.exact?.status).toBe('optimal');
    expect(solution.coveredDemand).toBe(184);
    expect(205 - solution.coveredDemand).toBe(21);
    expect(solution.coveredDemandPct).toBeCloseTo(89.75609756097561, 10);
    expect(solution.selected.map((j) => sf.stores[j]).sort()).toEqual(['Store_11', 'Store_12', 'Store_15', 'Store_2']);
    expect(bruteForceBest(sf.population)).toEqual({ weight: 875_247, sets: [[1, 7, 8, 11]] });
  });

  it('POP2000 weights: greedy alone reaches 872,611 (99.7 %); the swap step finds the optimum', async () => {
    const instance = instanceFromDistances(sf.population, sf.distances, 5000);
    const greedy = lazyGreedy(instance, { k: 4 });
    expect(greedy.objective).toBe(872_611);
    expect(greedy.selected.map((j) => sf.stores[j])).toEqual(['Store_16', 'Store_12', 'Store_2', 'Store_11']);
    const heuristic = await solveMaxCoverage(instance, { k: 4 }, { exact: false, timeLimitS: 1 });
    expect(heuristic).toMatchObject({ objective: 875_247, method: 'lazy-greedy+swap' });
  });

  it('uniform weights: the most tracts 4 stores can reach is 185 (three optimal sets), and greedy finds one', async () => {
    const uniform = sf.tracts.map(() => 1);
    const instance = instanceFromDistances(uniform, sf.distances, 5000);
    const solution = await solveMaxCoverage(instance, { k: 4 }, exact);
    expect(solution).toMatchObject({ objective: 185, coveredDemand: 185, optimal: true, method: 'lazy-greedy' });
    const best = bruteForceBest(uniform);
    expect(best.weight).toBe(185);
    expect(best.sets).toHaveLength(3);
    expect(best.sets).toContainEqual([...solution.selected].sort((a, b) => a - b));
  });
});

describe('OR-Library scp41: weighted set covering', () => {
  const scp = parseOrLibraryScp(read('orlib-scp41/scp41.txt'));
  const instance = instanceFromCoverage(new Array<number>(scp.numRows).fill(1), scp.coverage, scp.costs);

  it('reads 200 rows and 1,000 columns with costs 1–100', () => {
    expect([scp.numRows, scp.numColumns]).toEqual([200, 1000]);
    expect(Math.min(...scp.costs)).toBe(1);
    expect(Math.max(...scp.costs)).toBe(100);
  });

  it('the exact solver reaches the published optimum 429 and proves it', async () => {
    const solution = await solveMinCostCover(instance, 100, { exact: true, timeLimitS: 60 });
    expect(solution).toMatchObject({ objective: 429, totalCost: 429, optimal: true, gap: 0, feasible: true, coveredDemand: 200 });
  });

  it('greedy with redundancy elimination alone is a valid cover within 2 % of it', async () => {
    const solution = await solveMinCostCover(instance, 100, { exact: false, timeLimitS: 1 });
    expect(solution.coveredDemand).toBe(200);
    expect(solution.objective).toBe(434);
    expect(solution.optimal).toBe(false);
    expect(solution.bound).toBeLessThanOrEqual(429);
  });
});
