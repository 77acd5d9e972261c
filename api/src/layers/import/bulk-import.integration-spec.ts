import type { Role } from '@mimamori/db';
import iconv from 'iconv-lite';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createTestApp, TestApp } from '../../testing/test-app';

/** `rows` streetlights with Japanese headers and values on a grid over Shinjuku. */
function lights(rows: number, bad: (i: number) => string | null = () => null): string {
  const lines = ['管理番号,緯度,経度,灯具種別,消費電力(W),状態'];
  for (let i = 1; i <= rows; i++) {
    lines.push(bad(i) ?? `SL-${i},${(35.69 + (i % 500) * 0.00004).toFixed(6)},${(139.69 + Math.floor(i / 500) * 0.00004).toFixed(6)},${i % 2 ? 'LED' : 'ナトリウム灯'},20,稼働中`);
  }
  return lines.join('\n') + '\n';
}

const square = (x: number) => `"POLYGON((${x} 35.69, ${x + 0.001} 35.69, ${x + 0.001} 35.70, ${x} 35.70, ${x} 35.69))"`;
const BOW_TIE = '"POLYGON((139.70 35.69, 139.71 35.70, 139.71 35.69, 139.70 35.70, 139.70 35.69))"';

describe('bulk import: COPY into staging, SQL geometry checks, progress (real PostGIS)', () => {
  let t: TestApp;
  const auth = async (role: Role) => `Bearer ${await t.tokenFor(role)}`;
  const count = async (table: string): Promise<number> => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const version = async (layer: string): Promise<number> => Number((await t.db.query('SELECT version FROM layer_state WHERE layer = $1', [layer]))[0].version);
  const post = async (path: string, body: Buffer | string, name: string, query = '', role: Role = 'planner') =>
    t
      .http()
      .post(`/api/layers/${path}${query}`)
      .set('Authorization', await auth(role))
      .attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), name);

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('strict mode: a geometry PostGIS finds invalid rolls the whole file back, naming its row; nothing written, no version bump', async () => {
    const rows = ['code,name,wkt', ...Array.from({ length: 300 }, (_, i) => `B${i},受持区${i},${square(139.6 + i * 0.002)}`)];
    rows.splice(151, 0, `BX,ねじれ,${BOW_TIE}`);
    const before = await version('beats');
    const res = await post('beats/import', rows.join('\n'), 'beats.csv');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IMPORT_REJECTED');
    expect(res.body.details.rejectedCount).toBe(1);
    expect(res.body.details.rejected).toEqual([{ row: 152, code: 'INVALID_GEOMETRY', field: 'geometry', reason: expect.stringMatching(/^the geometry is not valid: Self-intersection/) }]);
    expect(await count('layer_beats')).toBe(0);
    expect(await version('beats')).toBe(before);
  });

  it('skip-invalid: valid rows written in one statement, rows refused while reading and in SQL reported together by row', async () => {
    const rows = ['code,name,wkt', ...Array.from({ length: 50 }, (_, i) => `K${i},区${i},${square(139.6 + i * 0.002)}`)];
    rows[10] = `BX,ねじれ,${BOW_TIE}`;
    rows[20] = 'BY,範囲外,"POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))"';
    const before = await version('beats');
    const res = await post('beats/import', rows.join('\n'), 'beats.csv', '?mode=skip-invalid');
    expect(res.status).toBe(200);
    expect(res.body.imported).toBe(48);
    expect(res.body.rejected.map((r: { row: number; code: string }) => [r.row, r.code])).toEqual([
      [11, 'INVALID_GEOMETRY'],
      [21, 'OUT_OF_BOUNDS'],
    ]);
    expect(await count('layer_beats')).toBe(48);
    expect(await version('beats')).toBe(before + 1);
    const [audit] = await t.db.query(`SELECT details FROM audit_log WHERE action = 'import' AND layer = 'beats' ORDER BY id DESC LIMIT 1`);
    expect(audit.details).toMatchObject({ imported: 48, rejected: 2 });
  });

  it('async=true: 202 with an id, progress in rows and bytes while it runs, the result at the end; a Shift_JIS file through the same path', async () => {
    const file = iconv.encode(lights(30_000), 'cp932');
    const res = await post('streetlights/import', file, '防犯灯台帳.csv', '?async=true');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: expect.any(String), status: 'running', layer: 'streetlights' });
    const seen: { status: string; rowsRead: number; fraction: number }[] = [];
    let view;
    for (let i = 0; i < 600; i++) {
      view = (await t.http().get(`/api/imports/${res.body.id}`).set('Authorization', await auth('planner'))).body;
      seen.push({ status: view.status, rowsRead: view.progress.rowsRead, fraction: view.progress.fraction });
      if (view.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(view.status).toBe('succeeded');
    expect(view.result).toEqual({ imported: 30_000, updated: 0, skipped: 0, rejected: [] });
    expect(view.progress).toMatchObject({ phase: 'done', rowsRead: 30_000, rowsWritten: 30_000, bytesRead: file.length, bytesTotal: file.length, fraction: 1 });
    expect(seen.some((s) => s.status === 'running' && s.rowsRead > 0 && s.rowsRead < 30_000)).toBe(true);
    const fractions = seen.map((s) => s.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    const [lit] = await t.db.query(`SELECT count(*)::int AS n, min(radius_m) AS min, max(radius_m) AS max FROM layer_streetlights WHERE extra->>'管理番号' LIKE 'SL-%'`);
    expect(lit).toEqual({ n: 30_000, min: 15, max: 18 });
    const other = await t.http().get(`/api/imports/${res.body.id}`).set('Authorization', await auth('police'));
    expect(other.status).toBe(404);
  }, 120_000);

  it('async=true with a bad row in strict mode ends failed with the per-row report, nothing written', async () => {
    const before = await count('layer_streetlights');
    const res = await post('streetlights/import', lights(5_000, (i) => (i === 4321 ? 'SL-X,139.7,35.7,LED,20,稼働中' : null)), 'lights.csv', '?async=true');
    expect(res.status).toBe(202);
    let view;
    do {
      await new Promise((r) => setTimeout(r, 50));
      view = (await t.http().get(`/api/imports/${res.body.id}`).set('Authorization', await auth('planner'))).body;
    } while (view.status === 'running');
    expect(view.status).toBe('failed');
    expect(view.error).toMatchObject({ statusCode: 400, code: 'IMPORT_REJECTED', details: { rejectedCount: 1, rejected: [{ row: 4322, code: 'OUT_OF_BOUNDS' }] } });
    expect(await count('layer_streetlights')).toBe(before);
  }, 60_000);

  it('imports 200,000 rows with bounded memory: heap growth stays far below what holding the rows would take', async () => {
    const csv = lights(200_000);
    const before = await count('layer_streetlights');
    // Retained memory, not garbage awaiting collection: collect fully before each sample.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed;
    const timer = setInterval(() => {
      gc();
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 250);
    try {
      const res = await post('streetlights/import', Buffer.from(csv, 'utf8'), 'lights-200k.csv');
      expect(res.status).toBe(200);
      expect(res.body.imported).toBe(200_000);
    } finally {
      clearInterval(timer);
    }
    expect(await count('layer_streetlights')).toBe(before + 200_000);
    // Holding the 200,000 rows as features would retain several hundred MB.
    const growthMb = (peakHeap - base.heapUsed) / 1024 / 1024;
    expect(growthMb).toBeLessThan(80);
  }, 300_000);
});
