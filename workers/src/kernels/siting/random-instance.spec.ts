import { mulberry32, randomClusteredInstance } from './random-instance';
import { benchSiting } from './siting-bench';

describe('synthetic clustered city', () => {
  const options = { numCandidates: 300, numDemand: 3000, seed: 7 };
  const city = randomClusteredInstance(options);

  it('is the same city for the same seed and another for another seed', () => {
    expect(randomClusteredInstance(options)).toEqual(city);
    expect(randomClusteredInstance({ ...options, seed: 8 }).coverIndex).not.toEqual(city.coverIndex);
    expect(mulberry32(1)()).toBe(mulberry32(1)());
  });

  it('gives every candidate 20–80 distinct demand points, the nearest ones', () => {
    for (let j = 0; j < options.numCandidates; j++) {
      const list = Array.from(city.coverIndex.subarray(city.coverStart[j], city.coverStart[j + 1]));
      expect(list.length).toBeGreaterThanOrEqual(20);
      expect(list.length).toBeLessThanOrEqual(80);
      expect(new Set(list).size).toBe(list.length);
    }
    const distance = (i: number, j: number) =>
      Math.hypot(city.demandXY[2 * i] - city.candidateXY[2 * j], city.demandXY[2 * i + 1] - city.candidateXY[2 * j + 1]);
    for (const j of [0, 150, 299]) {
      const covered = new Set(city.coverIndex.subarray(city.coverStart[j], city.coverStart[j + 1]));
      const farthestCovered = Math.max(...[...covered].map((i) => distance(i, j)));
      let nearestOther = Infinity;
      for (let i = 0; i < options.numDemand; i++) if (!covered.has(i)) nearestOther = Math.min(nearestOther, distance(i, j));
      expect(farthestCovered).toBeLessThanOrEqual(nearestOther);
    }
  });
});

describe('benchSiting (reduced size)', () => {
  it('lazy greedy matches naive greedy pick for pick with far fewer evaluations, within 0.5 % of the proven optimum', async () => {
    const report = await benchSiting({ numCandidates: 1000, numDemand: 10_000, k: 50, seed: 11, lazyRepeats: 3, exactTimeLimitS: 60 });
    expect(report.instance.coverageEntries).toBeGreaterThan(20 * 1000);
    expect(report.naive?.sameSelection).toBe(true);
    expect(report.naive?.objective).toBe(report.lazy.objective);
    expect(report.lazy.evaluations * 10).toBeLessThan(report.naive?.evaluations ?? 0);
    expect(report.exact?.optimal).toBe(true);
    expect(report.bestKnown).toBe(report.exact?.objective);
    expect(report.upperBound).toBeCloseTo(report.bestKnown, 6);
    expect(report.lazyShareOfBest).toBeGreaterThanOrEqual(0.995);
    expect(report.swap.objective).toBeGreaterThanOrEqual(report.lazy.objective);
  });
});
