import { zipSync } from 'fflate';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractEntries, listArchive, unsafeName } from './zip-archive';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'mimamori-zip-spec-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LIMITS = { maxEntries: 10, maxTotalBytes: 1000 };
const zip = (name: string, files: Record<string, string>) => {
  const path = join(dir, name);
  writeFileSync(path, zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)]))));
  return path;
};
const errorOf = async (promise: Promise<unknown>) => promise.then(() => null, (err: { code: string; message: string }) => err);

describe('zip archives', () => {
  it('lists entries with their sizes and extracts only the asked ones, keeping equal names apart', async () => {
    const path = zip('ok.zip', { 'a/町丁.shp': 'one', 'b/町丁.shp': 'two!', 'readme.txt': 'x' });
    expect(await listArchive(path, LIMITS)).toEqual([
      { name: 'a/町丁.shp', size: 3 },
      { name: 'b/町丁.shp', size: 4 },
      { name: 'readme.txt', size: 1 },
    ]);
    const out = join(dir, 'out');
    const extracted = await extractEntries(path, new Set(['a/町丁.shp', 'b/町丁.shp']), out, LIMITS);
    expect([...extracted.keys()]).toEqual(['a/町丁.shp', 'b/町丁.shp']);
    expect(readFileSync(extracted.get('a/町丁.shp')!, 'utf8')).toBe('one');
    expect(readFileSync(extracted.get('b/町丁.shp')!, 'utf8')).toBe('two!');
  });

  it('refuses names that would leave the target folder', () => {
    expect(unsafeName('../x.shp')).toBe('points outside the archive ("..")');
    expect(unsafeName('a/../../x.shp')).toBe('points outside the archive ("..")');
    expect(unsafeName('/etc/passwd')).toBe('has an absolute path');
    expect(unsafeName('C:/x.shp')).toBe('has an absolute path');
    expect(unsafeName('a/b..c.shp')).toBeNull();
  });

  it('stops at too many entries or too many bytes, naming the limit', async () => {
    const many = zip('many.zip', Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`${i}.txt`, 'x'])));
    expect(await errorOf(listArchive(many, LIMITS))).toMatchObject({ code: 'UNSAFE_ARCHIVE', message: 'the archive has 11 entries; at most 10 are accepted' });
    const big = zip('big.zip', { 'a.csv': 'x'.repeat(600), 'b.csv': 'y'.repeat(600) });
    expect(await errorOf(listArchive(big, LIMITS))).toMatchObject({ code: 'UNSAFE_ARCHIVE', message: 'the archive expands to more than 1000 bytes (at entry "b.csv"); nothing was imported' });
  });

  it('answers INVALID_FILE for a file that is not a zip', async () => {
    const path = join(dir, 'not.zip');
    writeFileSync(path, 'PK\u0003\u0004 and then nothing');
    expect(await errorOf(listArchive(path, LIMITS))).toMatchObject({ code: 'INVALID_FILE' });
  });
});
