import { getLayer } from '@mimamori/db';
import { csvCell, csvColumns, csvRowLine } from './csv-export';

describe('csvCell', () => {
  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=cmd()')).toBe("'=cmd()");
    expect(csvCell('+81 3 1234')).toBe("'+81 3 1234");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
  });

  it('leaves numbers alone, negative ones too', () => {
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(true)).toBe('true');
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('新宿, 戸山')).toBe('"新宿, 戸山"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });

  it('writes nothing for a missing value and JSON for objects', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell({ total: 64 })).toBe('"{""total"":64}"');
  });
});

describe('csvColumns', () => {
  it('lists id, the registry properties, lon/lat for points and the WKT', () => {
    expect(csvColumns(getLayer('facilities'), 'internal')).toEqual(['id', 'kind', 'name', 'lon', 'lat', 'wkt']);
  });

  it('leaves out police-only properties below police clearance', () => {
    expect(csvColumns(getLayer('beats'), 'internal')).toEqual(['id', 'code', 'name', 'post', 'station', 'wkt']);
    expect(csvColumns(getLayer('beats'), 'police')).toContain('households');
  });

  it('writes one CRLF-terminated line per row', () => {
    const line = csvRowLine(['id', 'kind', 'name', 'lon', 'lat', 'wkt'], {
      id: '3',
      properties: { kind: 'koban', name: '=cmd()', extra: 'ignored' },
      wkt: 'POINT(139.7101 35.7013)',
      lon: 139.7101,
      lat: 35.7013,
    });
    expect(line).toBe("3,koban,'=cmd(),139.7101,35.7013,POINT(139.7101 35.7013)\r\n");
  });
});
