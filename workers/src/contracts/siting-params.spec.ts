import { validateAnalysisParams } from './analysis-params';
import { isMatrixSiting, SITING_CAPS, type GeographicSitingParams } from './siting-params';

const check = (params: unknown) => validateAnalysisParams('siting', params);
const failure = (params: unknown) => {
  const result = check(params);
  if (result.ok) throw new Error(`expected ${JSON.stringify(params)} to be rejected`);
  return result;
};

describe('siting params, geographic mode', () => {
  it('fills the documented defaults around k', () => {
    const result = check({ k: 3 });
    expect(result).toEqual({
      ok: true,
      params: {
        objective: 'max-coverage',
        k: 3,
        targets: 'school-routes',
        candidateSources: ['roads', 'streetlights'],
        spacingM: 40,
        bearings: 'step',
        bearingStepDeg: 45,
        camera: { hfovDeg: 90, rangeM: 30, resolutionPx: 1920, costYen: 250000 },
        demandStepM: 5,
        weights: { schoolRoute: 1, crime: 0 },
        includePlanned: false,
        occlusion: true,
      },
    });
    expect(result.ok && isMatrixSiting(result.params)).toBe(false);
  });

  it('keeps what was given and re-accepts its own output (the worker checks stored params again)', () => {
    const given = {
      objective: 'max-coverage',
      budgetYen: 1_000_000,
      targets: 'roads',
      ids: [9, 3, 9],
      candidates: [{ lon: 139.71, lat: 35.70, costYen: 180000 }, { lon: 139.72, lat: 35.71 }],
      candidateSources: ['streetlights'],
      camera: { hfovDeg: 360, rangeM: 20, dori: 'recognise' },
      weights: { crime: 0.01 },
      bearings: 'along-road',
      exact: false,
    };
    const first = check(given);
    expect(first.ok).toBe(true);
    const params = (first as { params: GeographicSitingParams }).params;
    expect(params).toMatchObject({
      budgetYen: 1_000_000,
      ids: [3, 9],
      candidateSources: ['streetlights'],
      camera: { hfovDeg: 360, rangeM: 20, resolutionPx: 1920, dori: 'recognise', costYen: 250000 },
      weights: { schoolRoute: 1, crime: 0.01 },
      exact: false,
    });
    expect(check(params)).toEqual(first);
  });

  it('takes min-cost-cover with an optional coverPct and no k', () => {
    expect(check({ objective: 'min-cost-cover' })).toMatchObject({ ok: true, params: { objective: 'min-cost-cover' } });
    expect(check({ objective: 'min-cost-cover', coverPct: 80 })).toMatchObject({ ok: true, params: { coverPct: 80 } });
  });

  it.each([
    ['no k and no budget for max-coverage', {}, 'k'],
    ['a fractional k', { k: 2.5 }, 'k'],
    [`k above the hard cap of ${SITING_CAPS.maxK}`, { k: SITING_CAPS.maxK + 1 }, 'k'],
    ['a zero budget', { budgetYen: 0 }, 'budgetYen'],
    ['k with min-cost-cover', { objective: 'min-cost-cover', k: 3 }, 'k'],
    ['coverPct with max-coverage', { k: 3, coverPct: 90 }, 'coverPct'],
    ['coverPct above 100', { objective: 'min-cost-cover', coverPct: 120 }, 'coverPct'],
    ['an unknown objective', { objective: 'p-median', k: 3 }, 'objective'],
    ['an unknown parameter', { k: 3, radius: 5 }, 'radius'],
    ['a zero field of view', { k: 3, camera: { hfovDeg: 0 } }, 'camera.hfovDeg'],
    ['a field of view above 360°', { k: 3, camera: { hfovDeg: 400 } }, 'camera.hfovDeg'],
    ['a zero range', { k: 3, camera: { rangeM: 0 } }, 'camera.rangeM'],
    ['an unknown DORI level', { k: 3, camera: { dori: 'admire' } }, 'camera.dori'],
    ['an unknown camera field', { k: 3, camera: { zoom: 2 } }, 'camera.zoom'],
    ['an unknown target layer', { k: 3, targets: 'rivers' }, 'targets'],
    ['a negative weight', { k: 3, weights: { crime: -1 } }, 'weights.crime'],
    ['a demand step below 1 m', { k: 3, demandStepM: 0.2 }, 'demandStepM'],
    ['a bearing step of 0', { k: 3, bearingStepDeg: 0 }, 'bearingStepDeg'],
    ['no candidate source and no listed candidates', { k: 3, candidateSources: [] }, 'candidateSources'],
    ['an unknown candidate source', { k: 3, candidateSources: ['trees'] }, 'candidateSources'],
    ['a candidate with lat and lon swapped', { k: 1, candidates: [{ lon: 35.7, lat: 139.7 }] }, 'candidates[0].lon'],
    ['a candidate with a zero cost', { k: 1, candidates: [{ lon: 139.7, lat: 35.7, costYen: 0 }] }, 'candidates[0].costYen'],
    ['a text id', { k: 1, ids: [1, 'x'] }, 'ids[1]'],
    ['exact given as text', { k: 1, exact: 'yes' }, 'exact'],
  ])('rejects %s, naming the field', (_, params, field) => {
    const result = failure(params);
    expect(result.field).toBe(field);
    expect(result.message).toContain(field);
  });

  it('points a matrix-mode key used on the map to its geographic name', () => {
    expect(failure({ budget: 5 }).message).toContain('use budgetYen');
  });

  it('rejects something that is not an object', () => {
    expect(failure('k=3').field).toBe('params');
    expect(failure(null).field).toBe('params');
  });
});

describe('siting params, explicit matrix', () => {
  const matrix = { demand: [5, 3, 2], coverage: [[0, 1], [1, 2], [2]] };

  it('accepts a coverage matrix and defaults the objective to max-coverage', () => {
    const result = check({ matrix, k: 2 });
    expect(result).toEqual({ ok: true, params: { matrix, k: 2, objective: 'max-coverage' } });
    expect(result.ok && isMatrixSiting(result.params)).toBe(true);
  });

  it('answers a k larger than the candidates before anything runs', () => {
    expect(failure({ matrix, k: 4 })).toMatchObject({ field: 'k', message: expect.stringContaining('(3)') });
  });

  it.each([
    ['a demand index outside the demand list', { matrix: { demand: [1, 1], coverage: [[0, 2]] }, k: 1 }, 'matrix.coverage[0][1]'],
    ['a distance matrix of the wrong shape', { matrix: { demand: [1, 1], distances: [[1, 2]], serviceDistance: 5 }, k: 1 }, 'matrix.distances'],
    ['geographic keys mixed in', { matrix, k: 1, camera: { rangeM: 30 } }, 'camera'],
    ['a budget with min-cost-cover', { matrix, objective: 'min-cost-cover', budget: 3 }, 'budget'],
  ])('rejects %s, naming the field', (_, params, field) => {
    expect(failure(params).field).toBe(field);
  });
});
