import { flatProperties, resultsCsv } from './analysis-csv';

describe('analysis results as CSV', () => {
  it('writes a BOM, id and kind, identifying columns first, then the rest alphabetically', () => {
    const csv = resultsCsv([
      { id: 7, kind: 'beat', properties: { name: '戸山', beatId: 3, households: 1200, areaM2: 5000.5 } },
      { id: 8, kind: 'beat', properties: { beatId: 4, name: '大久保', households: 800, cameras: 2 } },
    ]);
    expect(csv).toBe('\uFEFFid,kind,beatId,name,areaM2,cameras,households\r\n7,beat,3,戸山,5000.5,,1200\r\n8,beat,4,大久保,,2,800\r\n');
  });

  it('gives every figure of a nested object its own column, and quotes lists', () => {
    expect(flatProperties({ crimesPerYear: { '2024': 3.5, '2025': 4 }, empty: {}, beats: [1, 2] })).toEqual({
      'crimesPerYear.2024': 3.5,
      'crimesPerYear.2025': 4,
      empty: {},
      beats: [1, 2],
    });
    const csv = resultsCsv([{ id: 1, kind: 'overlap', properties: { beats: [1, 2], areaM2: 12 } }]);
    expect(csv.split('\r\n')[1]).toBe('1,overlap,12,"[1,2]"');
  });

  it('escapes cells a spreadsheet would run as a formula', () => {
    const csv = resultsCsv([{ id: 1, kind: 'beat', properties: { name: '=HYPERLINK("http://x")', post: '@home' } }]);
    expect(csv.split('\r\n')[1]).toBe(`1,beat,"'=HYPERLINK(""http://x"")",'@home`);
  });
});
