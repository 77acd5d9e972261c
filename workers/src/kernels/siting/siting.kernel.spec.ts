import { solveSiting } from './siting.kernel';

describe('solveSiting (explicit matrix params)', () => {
  // Three houses along a street at 0, 100 and 250 m; candidate poles at 50 and 200 m; range 60 m.
  const matrix = {
    demand: [2, 1, 5],
    distances: [
      [50, 200],
      [50, 100],
      [200, 50],
    ],
    serviceDistance: 60,
  };

  it('covers demand within the service distance: one camera takes the pole at 200 m (weight 5)', async () => {
    const solution = await solveSiting({ objective: 'max-coverage', k: 1, matrix });
    expect(solution).toMatchObject({ selected: [1], objective: 5, coveredDemand: 1, totalCost: 1 });
    expect(solution.optimal).toBe(true);
  });

  it('min-cost-cover needs both poles to see all three houses', async () => {
    const solution = await solveSiting({ objective: 'min-cost-cover', matrix });
    expect(solution).toMatchObject({ selected: [1, 0], objective: 2, coveredDemand: 3, coveredPct: 100, feasible: true });
  });

  it('with a budget in yen, buys the pole worth the most per yen that fits', async () => {
    const costs = { ...matrix, costs: [300_000, 500_000] };
    const solution = await solveSiting({ objective: 'max-coverage', budget: 400_000, matrix: costs });
    expect(solution).toMatchObject({ selected: [0], objective: 3, totalCost: 300_000, optimal: true });
  });

  it('demand already covered by other means counts zero', async () => {
    const solution = await solveSiting({ objective: 'max-coverage', k: 1, alreadyCovered: [2], matrix });
    expect(solution).toMatchObject({ selected: [0], objective: 3, coveredDemand: 3 });
  });
});
