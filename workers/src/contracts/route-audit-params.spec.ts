import { validateAnalysisParams } from './analysis-params';
import { paramReferences, paramValueReferences } from './param-references';

const check = (params: unknown) => validateAnalysisParams('route-audit', params);

describe('route-audit params', () => {
  it('fills documented defaults and normalises ids and refuge kinds', () => {
    expect(check({ school: ' 戸山小学校 ', ids: [3, 1, 3], refugeKinds: ['koban', 'refuge', 'koban'] })).toEqual({
      ok: true,
      params: {
        school: '戸山小学校',
        ids: [1, 3],
        night: false,
        occlusion: true,
        includePlanned: false,
        minGapM: 5,
        thresholds: { darkUnwatchedM: 50, refugeGapM: 300, crimeBlock: 100, seenPct: 20, litPct: 50 },
        refugeKinds: ['koban', 'refuge'],
        refugeSearchM: 1000,
      },
    });
  });

  it('takes some thresholds and keeps the defaults of the others', () => {
    const result = check({ period: 'afternoon', night: true, thresholds: { refugeGapM: 200 }, crimeYear: '2024' });
    expect(result.ok && result.params).toMatchObject({ period: 'afternoon', night: true, crimeYear: '2024', thresholds: { refugeGapM: 200, darkUnwatchedM: 50 } });
  });

  it('names the field of a bad parameter', () => {
    const cases: [unknown, string][] = [
      [[1], 'params'],
      [{ school: '' }, 'school'],
      [{ ids: [0] }, 'ids[0]'],
      [{ period: 'evening' }, 'period'],
      [{ night: 'yes' }, 'night'],
      [{ thresholds: { seenPct: 120 } }, 'thresholds.seenPct'],
      [{ thresholds: 5 }, 'thresholds'],
      [{ refugeKinds: [] }, 'refugeKinds'],
      [{ refugeSearchM: 0 }, 'refugeSearchM'],
      [{ dori: 'look' }, 'dori'],
      [{ crimeYear: '25' }, 'crimeYear'],
      [{ sources: ['cameras'] }, 'sources'],
    ];
    for (const [params, field] of cases) {
      const result = check(params);
      expect({ params, field: result.ok ? null : result.field }).toEqual({ params, field });
    }
  });

  it('names the routes and the school the API must find before queueing', () => {
    const result = check({ school: '戸山小学校', ids: [4] });
    if (!result.ok) throw new Error(result.message);
    expect(paramReferences('route-audit', result.params)).toEqual([{ field: 'ids', layer: 'school-routes', ids: [4] }]);
    expect(paramValueReferences('route-audit', result.params)).toEqual([{ field: 'school', layer: 'school-routes', property: 'school', values: ['戸山小学校'] }]);
  });
});
