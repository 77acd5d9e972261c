import { crimesByYear, crimeYearOf, routeCrimes, yearTotals, type CrossedBlock } from './route-crimes';

const block = (name: string, byYear: Record<string, number>): CrossedBlock => ({ blockId: name.length, code: name, name, insideM: 100, byYear });

describe('crime along a route', () => {
  it('reads the yearly total, or adds the offences up when a year has none', () => {
    expect(yearTotals({ '2025': { total: 64, burglary: 2 }, '2024': { burglary: 3, bicycle_theft: 9 }, note: 'x' })).toEqual({ '2025': 64, '2024': 12 });
    expect(yearTotals({ '2023': 7 })).toEqual({ '2023': 7 });
    expect(yearTotals(null)).toEqual({});
    expect(yearTotals([1, 2])).toEqual({});
  });

  it('adds the crossed blocks up for the latest year, per km, with the worst block', () => {
    const blocks = [block('西早稲田２丁目', { '2024': 40, '2025': 581 }), block('戸山１丁目', { '2025': 19 }), block('百人町', {})];
    const year = crimeYearOf(blocks);
    expect(year).toBe('2025');
    // 600 crimes over 1.5 km = 400 per km.
    expect(routeCrimes(blocks, 1500, year)).toEqual({
      year: '2025',
      total: 600,
      perKm: 400,
      blocks: 3,
      worstBlock: '西早稲田２丁目',
      worstBlockCode: '西早稲田２丁目',
      worstBlockTotal: 581,
    });
    expect(crimesByYear(blocks)).toEqual({ '2024': 40, '2025': 600 });
  });

  it('reports the year asked for, and nothing for a route crossing no recorded crime', () => {
    const blocks = [block('A', { '2024': 5, '2025': 7 })];
    expect(routeCrimes(blocks, 1000, crimeYearOf(blocks, '2024')).total).toBe(5);
    expect(routeCrimes([block('B', {})], 1000, crimeYearOf([block('B', {})]))).toMatchObject({ year: null, total: 0, worstBlock: null, worstBlockTotal: 0 });
  });
});
