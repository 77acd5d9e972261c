import { DEMO_DATA_DIR } from '@mimamori/db';
import iconv from 'iconv-lite';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SourceRecord } from '../import-types';
import { detectFileEncoding, normaliseEncoding } from '../text-encoding';
import { delimiterOf, openCsv } from './csv-reader';
import { dbfEncoding, textFields } from './dbf-encoding';

const ESTAT = resolve(DEMO_DATA_DIR, '..', 'estat-2015-blocks');
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'mimamori-tabular-spec-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};
const records = async (path: string, encoding: string | null = null) => {
  const reader = await openCsv(path, encoding);
  const out: SourceRecord[] = [];
  for await (const r of reader.records()) out.push(r);
  return { info: reader.info, rows: out };
};

describe('text encodings', () => {
  it('accepts the names people give Shift_JIS and UTF-8', () => {
    expect(['Shift_JIS', 'SJIS', 'cp932', 'Windows-31J', 'MS932'].map(normaliseEncoding)).toEqual(Array(5).fill('cp932'));
    expect(normaliseEncoding('UTF-8')).toBe('utf8');
    expect(normaliseEncoding('EBCDIC')).toBeNull();
  });

  it('detects a BOM, valid UTF-8, and otherwise CP932', async () => {
    expect(await detectFileEncoding(file('bom.csv', '\uFEFFa,b\n'), null)).toEqual({ encoding: 'utf8', bomLength: 3, how: 'bom' });
    expect(await detectFileEncoding(file('u.csv', '名称,緯度\n'), null)).toEqual({ encoding: 'utf8', bomLength: 0, how: 'detected' });
    expect(await detectFileEncoding(file('s.csv', iconv.encode('名称,緯度\n', 'cp932')), null)).toEqual({ encoding: 'cp932', bomLength: 0, how: 'detected' });
    expect((await detectFileEncoding(file('d.csv', 'a\n'), 'eucjp')).how).toBe('declared');
  });
});

describe('openCsv', () => {
  it('reads Shift_JIS with CP932-only characters (①, ㈱, 髙) intact', async () => {
    const { info, rows } = await records(file('sjis.csv', iconv.encode('名称,設置者\r\n①番カメラ,㈱髙島屋\r\n', 'cp932')));
    expect(info).toMatchObject({ encoding: 'Shift_JIS (CP932)', columns: ['名称', '設置者'] });
    expect(rows).toEqual([{ row: 2, columns: { 名称: '①番カメラ', 設置者: '㈱髙島屋' }, geometry: null }]);
  });

  it('numbers rows by the line a record ends on, across quoted line breaks and blank lines', async () => {
    const { rows } = await records(file('multi.csv', 'a,b\n1,"x\ny"\n\n2,z\n'));
    expect(rows.map((r) => [r.row, r.columns])).toEqual([
      [3, { a: '1', b: 'x\ny' }],
      [5, { a: '2', b: 'z' }],
    ]);
  });

  it('reads tab-separated UTF-16 (Excel’s “Unicode text”) and names blank or repeated headers', async () => {
    const { info, rows } = await records(file('u16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('名称\t\t名称\nA\tB\tC\n', 'utf16le')])));
    expect(info.columns).toEqual(['名称', 'column2', '名称_2']);
    expect(rows[0].columns).toEqual({ 名称: 'A', column2: 'B', 名称_2: 'C' });
  });

  it('flags a row with more filled cells than headers and fills short rows with nulls', async () => {
    const { rows } = await records(file('ragged.csv', 'a,b\n1,2,3\n4\n5,6,,\n'));
    expect(rows.map((r) => [r.row, r.problem ?? null])).toEqual([
      [2, 'the row has 3 cells but the header names 2 columns'],
      [3, null],
      [4, null],
    ]);
    expect(rows[1].columns).toEqual({ a: '4', b: null });
  });

  it('guesses the delimiter from the header line', () => {
    expect(delimiterOf('a\tb\tc,d\n1')).toBe('\t');
    expect(delimiterOf('名称,緯度,経度')).toBe(',');
  });
});

describe('DBF encodings', () => {
  it('finds CP932 in every e-Stat DBF (no .cpg) and decodes S_NAME without a replacement character', () => {
    const dbfs = readdirSync(ESTAT).filter((f) => f.endsWith('.dbf'));
    expect(dbfs).toHaveLength(8);
    for (const name of dbfs) {
      const dbf = readFileSync(join(ESTAT, name));
      expect(dbfEncoding(dbf, null)).toEqual({ encoding: 'CP932', how: 'detected: the attributes are not valid UTF-8' });
      const text = textFields(dbf).map((f) => iconv.decode(f, 'cp932')).join('');
      expect(text).not.toContain('\uFFFD');
    }
  });

  it('lets a .cpg decide, and keeps ASCII or UTF-8 attributes as UTF-8', () => {
    const dbf = readFileSync(join(ESTAT, 'h27ka13104.dbf'));
    expect(dbfEncoding(dbf, 'ANSI 932')).toEqual({ encoding: 'CP932', how: 'declared in the .cpg (ANSI 932)' });
    expect(dbfEncoding(dbf, 'UTF-8').encoding).toBe('UTF-8');
    const utf8 = Buffer.from(dbf);
    const fields = textFields(utf8);
    for (const field of fields) field.fill(0x20);
    Buffer.from('大久保', 'utf8').copy(fields[6]);
    expect(dbfEncoding(utf8, null)).toEqual({ encoding: 'UTF-8', how: 'detected: the attributes are valid UTF-8' });
  });
});
