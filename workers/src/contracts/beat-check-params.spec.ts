import { validateAnalysisParams } from './analysis-params';

const check = (params: unknown) => validateAnalysisParams('beat-check', params);

describe('beat-check params', () => {
  it('fills in the defaults (50 m², 2 m slivers; priority yearly, others every 3 years)', () => {
    expect(check(undefined)).toEqual({ ok: true, params: { sliverMaxM2: 50, sliverMaxWidthM: 2, priorityYears: 1, otherYears: 3 } });
  });

  it('takes a jurisdiction, beat ids, staffing and a patrol period', () => {
    const r = check({
      jurisdiction: { layer: 'areas', id: 2 },
      ids: [5, 4, 5],
      staffing: { '5': 3, '4': 2.5 },
      officersPerBeat: 2,
      from: '2026-10-01',
      to: '2026-11-01',
    });
    expect(r).toEqual({
      ok: true,
      params: {
        jurisdiction: { layer: 'areas', id: 2 },
        ids: [4, 5],
        staffing: { '4': 2.5, '5': 3 },
        officersPerBeat: 2,
        from: '2026-09-30T15:00:00.000Z',
        to: '2026-10-31T15:00:00.000Z',
        sliverMaxM2: 50,
        sliverMaxWidthM: 2,
        priorityYears: 1,
        otherYears: 3,
      },
    });
  });

  it.each([
    [{ jurisdiction: { layer: 'blocks', id: 1 } }, 'jurisdiction.layer'],
    [{ jurisdiction: { layer: 'areas', id: 0 } }, 'jurisdiction.id'],
    [{ jurisdiction: { layer: 'areas', id: 1 }, blocks: [1] }, 'blocks'],
    [{ blocks: [] }, 'blocks'],
    [{ sliverMaxM2: -1 }, 'sliverMaxM2'],
    [{ priorityYears: 0 }, 'priorityYears'],
    [{ staffing: { abc: 2 } }, 'staffing.abc'],
    [{ staffing: { '3': 0 } }, 'staffing.3'],
    [{ staffing: [] }, 'staffing'],
    [{ from: '2026-10-01' }, 'to'],
    [{ to: '2026-10-01' }, 'from'],
    [{ officersPerBeat: 'two' }, 'officersPerBeat'],
    [{ gaps: true }, 'gaps'],
  ])('rejects %j naming %s', (params, field) => {
    expect(check(params)).toMatchObject({ ok: false, field });
  });
});
