import { validateAnalysisParams } from './analysis-params';
import { clockSeconds } from './patrol-params';

const check = (params: unknown) => validateAnalysisParams('patrol-coverage', params);
const period = { from: '2026-10-01T00:00:00+09:00', to: '2026-11-01T00:00:00+09:00' };

describe('patrol-coverage params', () => {
  it('normalises the period to UTC and fills in the defaults', () => {
    expect(check(period)).toEqual({
      ok: true,
      params: { from: '2026-09-30T15:00:00.000Z', to: '2026-10-31T15:00:00.000Z', toleranceM: 15, headingToleranceDeg: 45, minCoveredPct: 50 },
    });
  });

  it('reads a bare date as midnight in Tokyo', () => {
    const r = check({ from: '2026-10-01', to: '2026-10-02' });
    expect(r.ok && r.params.from).toBe('2026-09-30T15:00:00.000Z');
  });

  it('sorts and de-duplicates kinds, beats and road classes so equal requests fingerprint equally', () => {
    const r = check({ ...period, kinds: ['foot', 'police', 'foot'], beats: [3, 1, 3], roadClasses: ['service', 'residential'] });
    expect(r).toMatchObject({ ok: true, params: { kinds: ['foot', 'police'], beats: [1, 3], roadClasses: ['residential', 'service'] } });
  });

  it.each([
    [{}, 'from'],
    [{ from: period.from }, 'to'],
    [{ from: '2026-10-01 00:00', to: period.to }, 'from'],
    [{ from: '2026-10-01T00:00:00', to: period.to }, 'from'],
    [{ from: period.to, to: period.from }, 'to'],
    [{ from: '2024-01-01', to: '2026-01-01' }, 'to'],
    [{ ...period, kinds: ['bicycle'] }, 'kinds'],
    [{ ...period, kinds: [] }, 'kinds'],
    [{ ...period, hours: { from: '15:00' } }, 'hours.to'],
    [{ ...period, hours: { from: '25:00', to: '18:00' } }, 'hours.from'],
    [{ ...period, hours: { from: '18:00', to: '18:00' } }, 'hours'],
    [{ ...period, toleranceM: 0 }, 'toleranceM'],
    [{ ...period, beats: [1, 'x'] }, 'beats[1]'],
    [{ ...period, radius: 3 }, 'radius'],
  ])('rejects %j naming %s', (params, field) => {
    expect(check(params)).toMatchObject({ ok: false, field });
  });

  it('accepts an hours window that wraps past midnight', () => {
    expect(check({ ...period, hours: { from: '22:00', to: '02:00' } })).toMatchObject({ ok: true, params: { hours: { from: '22:00', to: '02:00' } } });
    expect(clockSeconds('22:00')).toBe(79200);
    expect(clockSeconds('24:00')).toBe(86400);
    expect(clockSeconds('7:00')).toBeNull();
  });
});
