import { validateSitingParams } from './siting-validation';

const valid = {
  objective: 'max-coverage',
  k: 1,
  matrix: { demand: [1, 2, 3], coverage: [[0, 1], [2]] },
};

function issuesOf(params: unknown) {
  return validateSitingParams(params);
}

describe('siting params validation', () => {
  it('accepts coverage lists and a distance matrix with a service distance', () => {
    expect(issuesOf(valid)).toEqual([]);
    const distances = { objective: 'min-cost-cover', matrix: { demand: [1, 1], distances: [[10, null], [600, 20]], serviceDistance: 500 } };
    expect(issuesOf(distances)).toEqual([]);
  });

  it.each([
    ['k larger than the candidates', { ...valid, k: 3 }, 'k', 'k (3) is larger than the number of selectable candidates (2)'],
    ['k not counting installed ones', { ...valid, k: 2, existing: [0] }, 'k', 'k (2) is larger than the number of selectable candidates (1)'],
    ['a fractional k', { ...valid, k: 1.5 }, 'k', 'k must be a whole number ≥ 1, got 1.5'],
    ['neither k nor budget', { ...valid, k: undefined }, 'k', 'max-coverage needs k (number of new sites) or budget'],
    ['a negative weight', { ...valid, matrix: { ...valid.matrix, demand: [1, -2, 3] } }, 'matrix.demand[1]', 'demand weight must be a finite number ≥ 0, got -2'],
    [
      'a coverage index out of range',
      { ...valid, matrix: { ...valid.matrix, coverage: [[0, 1], [3]] } },
      'matrix.coverage[1][0]',
      'demand index 3 is out of range (matrix.demand has 3 entries: 0…2)',
    ],
    [
      'too few distance rows',
      { objective: 'max-coverage', k: 1, matrix: { demand: [1, 1, 1], distances: [[1, 2], [3, 4]], serviceDistance: 5 } },
      'matrix.distances',
      'distance matrix shape mismatch: 2 rows but matrix.demand has 3 entries (rows are demand points)',
    ],
    [
      'a short distance row',
      { objective: 'max-coverage', k: 1, matrix: { demand: [1, 1], distances: [[1, 2], [3]], serviceDistance: 5 } },
      'matrix.distances[1]',
      'distance matrix shape mismatch: row 1 has 1 entries, row 0 has 2',
    ],
    [
      'distances without a service distance',
      { objective: 'max-coverage', k: 1, matrix: { demand: [1], distances: [[1]] } },
      'matrix.serviceDistance',
      'matrix.serviceDistance must be a distance in metres ≥ 0 when distances are given, got undefined',
    ],
    ['both coverage and distances', { ...valid, matrix: { ...valid.matrix, distances: [[1, 2]] } }, 'matrix', 'give exactly one of matrix.coverage and matrix.distances'],
    ['a cost per candidate missing', { ...valid, matrix: { ...valid.matrix, costs: [5] } }, 'matrix.costs', 'matrix.costs must have one cost per candidate (2), got 1 entries'],
    ['a zero cost', { ...valid, matrix: { ...valid.matrix, costs: [5, 0] } }, 'matrix.costs[1]', 'cost must be a finite number > 0, got 0'],
    ['an unknown objective', { ...valid, objective: 'p-median' }, 'objective', 'objective must be "max-coverage" or "min-cost-cover", got "p-median"'],
    ['k with min-cost-cover', { ...valid, objective: 'min-cost-cover' }, 'k', 'k applies to max-coverage only (min-cost-cover finds the number of sites)'],
    ['coverPct above 100', { ...valid, objective: 'min-cost-cover', k: undefined, coverPct: 120 }, 'coverPct', 'coverPct must be in (0, 100], got 120'],
    ['an unknown field', { ...valid, radius: 5 }, 'radius', 'unknown params field "radius" (allowed: objective, matrix, k, budget, exact, existing, alreadyCovered, coverPct, timeLimitS)'],
    ['a budget below every cost', { ...valid, k: undefined, budget: 4, matrix: { ...valid.matrix, costs: [5, 9] } }, 'budget', 'budget (4) is below the cheapest candidate (5)'],
    ['an existing site out of range', { ...valid, existing: [2] }, 'existing[0]', 'candidate index 2 is out of range (0…1)'],
    ['a non-boolean exact', { ...valid, exact: 'yes' }, 'exact', 'exact must be true or false'],
  ])('rejects %s', (_case, params, field, message) => {
    expect(issuesOf(params)).toContainEqual({ field, message });
  });

  it('rejects a non-object and an empty demand list', () => {
    expect(issuesOf(null)).toEqual([{ field: 'params', message: 'params must be an object' }]);
    expect(issuesOf({ ...valid, matrix: { demand: [], coverage: [[]] } })).toContainEqual({
      field: 'matrix.demand',
      message: 'matrix.demand must be a non-empty array of demand weights',
    });
  });
});
