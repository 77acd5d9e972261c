import { validateAnalysisParams } from './analysis-params';
import { isAnalysisType } from './index';

describe('beat-stats params', () => {
  it('accepts no params, an empty object or null as "all beats"', () => {
    expect(validateAnalysisParams('beat-stats', undefined)).toEqual({ ok: true, params: {} });
    expect(validateAnalysisParams('beat-stats', {})).toEqual({ ok: true, params: {} });
    expect(validateAnalysisParams('beat-stats', null)).toEqual({ ok: true, params: {} });
  });

  it('sorts and de-duplicates ids so that equal requests look equal', () => {
    expect(validateAnalysisParams('beat-stats', { ids: [7, 3, 7, 12] })).toEqual({ ok: true, params: { ids: [3, 7, 12] } });
  });

  it.each([
    ['a string instead of an object', 'all', 'params'],
    ['an array instead of an object', [1, 2], 'params'],
    ['ids that are not an array', { ids: 3 }, 'ids'],
    ['an empty id list', { ids: [] }, 'ids'],
    ['a text id', { ids: [1, 'two'] }, 'ids[1]'],
    ['a fractional id', { ids: [1.5] }, 'ids[0]'],
    ['a zero id', { ids: [4, 0] }, 'ids[1]'],
    ['an unknown parameter', { ids: [1], radius: 5 }, 'radius'],
  ])('rejects %s, naming the field', (_, params, field) => {
    const check = validateAnalysisParams('beat-stats', params);
    expect(check).toMatchObject({ ok: false, field });
    expect(check.ok ? '' : check.message).toContain(field);
  });

  it('rejects more than 10000 ids', () => {
    const ids = Array.from({ length: 10001 }, (_, i) => i + 1);
    expect(validateAnalysisParams('beat-stats', { ids })).toMatchObject({ ok: false, field: 'ids' });
  });
});

describe('analysis types', () => {
  it('knows beat-stats and nothing made up', () => {
    expect([isAnalysisType('beat-stats'), isAnalysisType('coverage-2'), isAnalysisType(42)]).toEqual([true, false, false]);
  });
});
