import { LAYERS, tableOf } from '@mimamori/db';
import { hostileCases, type HostileCase } from '../testing/hostile-inputs';
import { binary, csvRows } from '../testing/trust-probes';
import { createTestApp, TestApp } from '../testing/test-app';

interface Outcome {
  name: string;
  status: number;
  code: string | undefined;
  message: string;
  written: Record<string, number>;
}

describe('hostile uploads and requests (real PostGIS)', () => {
  let t: TestApp;
  let planner: string;
  let police: string;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    // 16 MiB uploads: archives may expand to 10× that, so the 200 MB zip bomb is refused by its declared size.
    t = await createTestApp({ maxUploadBytes: 16 * 1024 * 1024 });
    planner = `Bearer ${await t.tokenFor('planner')}`;
    police = `Bearer ${await t.tokenFor('police')}`;
  });
  afterAll(() => t.close());

  const rowCounts = async (): Promise<Record<string, number>> => {
    const [row] = await t.db.query(`SELECT ${LAYERS.map((l, i) => `(SELECT count(*)::int FROM ${tableOf(l)}) AS c${i}`).join(', ')}`);
    return Object.fromEntries(LAYERS.map((l, i) => [l.id, row[`c${i}`] as number]));
  };

  const send = (c: HostileCase) =>
    c.kind === 'feature'
      ? t.http().post(`/api/layers/${c.layer}/features`).set('Authorization', planner).set('Content-Type', c.contentType ?? 'application/json').send(c.body)
      : t.http().post(`/api/layers/${c.layer}/import${c.query ?? ''}`).set('Authorization', c.layer === 'patrol-tracks' ? police : planner).attach('file', c.file, c.fileName);

  it('answers at least 50 hostile inputs without a 5xx: each refused with a code and a reason and nothing written, or imported exactly', async () => {
    const cases = hostileCases();
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const wrong: unknown[] = [];
    for (const c of cases) {
      const before = await rowCounts();
      const res = await send(c);
      const after = await rowCounts();
      const written = Object.fromEntries(Object.keys(after).filter((k) => after[k] !== before[k]).map((k) => [k, after[k] - before[k]]));
      const outcome = { name: c.name, status: res.status, code: res.body?.code, message: String(res.body?.message ?? ''), written };
      outcomes.push(outcome);
      const ok =
        'reject' in c.expect
          ? res.status === (c.expect.status ?? 400) && outcome.code === c.expect.reject &&
            outcome.message.length > 10 && Object.keys(written).length === 0
          : res.status < 300 && JSON.stringify(written) === JSON.stringify({ [c.layer]: c.expect.accept });
      if (!ok) wrong.push({ expected: c.expect, ...outcome, message: outcome.message.slice(0, 200) });
    }
    expect(wrong).toEqual([]);
    expect(outcomes.filter((o) => o.status >= 500)).toEqual([]);
  }, 300_000);

  it('never resolves XML entities: no file content or expanded entity reaches a response or a row', async () => {
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM layer_cameras WHERE name LIKE '%root:%' OR name LIKE '%aaaaaaaaaaaaaaaaaaaa%'`);
    expect(n).toBe(0);
    for (const o of outcomes) expect(o.message).not.toMatch(/root:x:0:0|a{100}/);
  });

  it('stores every accepted geometry inside Japan (the EPSG:6677 file was reprojected, not taken as degrees)', async () => {
    const [{ outside }] = await t.db.query(
      `SELECT count(*)::int AS outside FROM layer_cameras WHERE NOT (ST_X(geom) BETWEEN 122 AND 154 AND ST_Y(geom) BETWEEN 20 AND 46)`,
    );
    expect(outside).toBe(0);
  });

  it('decodes an undeclared Shift_JIS CSV and exports formula-like names with a leading apostrophe', async () => {
    const res = await t.http().get('/api/layers/cameras/export?format=csv').set('Authorization', planner).buffer(true).parse(binary).expect(200);
    const text = (res.body as Buffer).toString('utf8');
    const header = csvRows(text)[0];
    expect(text).toContain('新宿駅東口');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    for (const cell of ["'+SUM(A1:A9)", "'@cmd", "'-1+2"]) expect(text).toContain(cell);
    const names = text.split(/\r?\n/).slice(1).map((line) => line.split(',')[header.indexOf('name')] ?? '');
    expect(names.filter((name) => /^[=+\-@]/.test(name))).toEqual([]);
  });

  it('lets exactly 1 of 50 parallel PATCHes with the same If-Match succeed; the other 49 get 412', async () => {
    const created = await t.http().post('/api/layers/cameras/features').set('Authorization', planner)
      .send({ type: 'Feature', geometry: { type: 'Point', coordinates: [139.705, 35.695] }, properties: { bearing_deg: 0, hfov_deg: 60, range_m: 30 } })
      .expect(201);
    const id = created.body.id;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.http().patch(`/api/layers/cameras/features/${id}`).set('Authorization', planner).set('If-Match', created.headers.etag).send({ properties: { bearing_deg: i } }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(49);
    const winner = results.find((r) => r.status === 200)!;
    const [row] = await t.db.query(`SELECT version, bearing_deg FROM layer_cameras WHERE id = $1`, [id]);
    expect(row).toEqual({ version: 2, bearing_deg: winner.body.properties.bearing_deg });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'update' AND feature_id = $1`, [id]);
    expect(n).toBe(1);
  });
});
