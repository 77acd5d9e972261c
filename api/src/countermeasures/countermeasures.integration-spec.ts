import { AnalysisHarness, FinishedRun, startAnalysisHarness } from '../testing/analysis-harness';

/*
 * In EPSG:6677, metres from an origin west of Shinjuku:
 *   route: y = 0 from x = 0 to x = 400, no camera
 *   streetlight at (100, 0), radius 10: lit 90–110 → 5 %; dark and unwatched 0–90 and 110–400 (290 m)
 *   a convenience store at (200, 30): at most √(200² + 30²) = 202.24 m away (no refuge-gap finding)
 *   findings: 1 dark 290 m (high), 2 dark 90 m (medium), 3 no camera (low), 4 5 % lit (low)
 * The countermeasure: a light at (250, 0), radius 20 → lit 230–270: 60 m = 15 %, longest dark 130 m.
 */
const O = [139.62, 35.69];
const SCHOOL = '見守り小学校';
const origin = `(SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint(${O[0]}, ${O[1]}), 4326), 6677) p) o`;
const at = (x: number, y: number) => `ST_Transform(ST_SetSRID(ST_MakePoint(o.x + ${x}, o.y + ${y}), 6677), 4326)`;

describe('countermeasure register (real PostGIS + Redis)', () => {
  let h: AnalysisHarness;
  let routeId: number;
  let auth: { Authorization: string };

  async function insert(sql: string, params: unknown[]): Promise<number> {
    const [row] = await h.t.db.query(sql, params);
    return row.id;
  }
  const findings = (run: FinishedRun) => run.features.filter((f) => f.properties.kind === 'finding').map((f) => f.properties);
  const route = (run: FinishedRun) => run.features.find((f) => f.properties.kind === 'route')!.properties;
  const post = (body: object, role: 'planner' | 'viewer' = 'planner') =>
    h.t.tokenFor(role).then((token) => h.t.http().post('/api/countermeasures').set('Authorization', `Bearer ${token}`).send(body));

  beforeAll(async () => {
    h = await startAnalysisHarness();
    auth = { Authorization: `Bearer ${await h.t.tokenFor('planner')}` };
    const org = h.t.orgs.city;
    routeId = await insert(
      `INSERT INTO layer_school_routes (organisation_id, school, name, geom) SELECT $1, $2, '南ルート', ST_Multi(ST_MakeLine(${at(0, 0)}, ${at(400, 0)})) FROM ${origin} RETURNING id::int`,
      [org, SCHOOL],
    );
    await insert(`INSERT INTO layer_streetlights (organisation_id, lamp_type, radius_m, status, geom) SELECT $1, 'led', 10, 'active', ${at(100, 0)} FROM ${origin} RETURNING id::int`, [org]);
    await insert(`INSERT INTO layer_facilities (organisation_id, kind, name, geom) SELECT $1, 'convenience', 'みまもりマート', ${at(200, 30)} FROM ${origin} RETURNING id::int`, [org]);
  }, 60_000);
  afterAll(() => h.close());

  it('refuses what cannot become a countermeasure, with a code and the field', async () => {
    const run = await h.run('route-audit', { school: SCHOOL });
    expect(findings(run).map((f) => [f.rank, f.rule, f.severity])).toEqual([
      [1, 'dark-unwatched', 'high'],
      [2, 'dark-unwatched', 'medium'],
      [3, 'low-coverage', 'low'],
      [4, 'low-lighting', 'low'],
    ]);
    const findingId = findings(run)[0].findingId;
    expect((await post({ runId: run.id, findingId, owner: 'city' }, 'viewer')).status).toBe(403);
    // Feature 0 is the route itself (GET …/features order), not a finding.
    expect((await post({ runId: run.id, featureIndex: 0, owner: 'city' })).body).toMatchObject({ statusCode: 400, code: 'FINDING_NOT_FOUND', details: { field: 'featureIndex' } });
    expect((await post({ runId: run.id, findingId: `${routeId}-dark-unwatched-9`, owner: 'city' })).body).toMatchObject({ statusCode: 404, code: 'FINDING_NOT_FOUND' });
    expect((await post({ runId: run.id, findingId, owner: 'mayor' })).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', details: { field: 'owner' } });
    expect((await post({ runId: '00000000-0000-4000-8000-000000000000', findingId, owner: 'city' })).body).toMatchObject({ statusCode: 404, code: 'RUN_NOT_FOUND' });
    const coverage = await h.run('coverage', { ids: [routeId] });
    expect((await post({ runId: coverage.id, featureIndex: 0, owner: 'city' })).body).toMatchObject({ statusCode: 400, code: 'WRONG_ANALYSIS_TYPE' });
    const [{ count }] = await h.t.db.query(`SELECT count(*)::int AS count FROM countermeasure`);
    expect(count).toBe(0);
  });

  it('tracks a countermeasure from open to done and shows the route before and after', async () => {
    const run = await h.run('route-audit', { school: SCHOOL });
    const worst = findings(run)[0];
    const created = await post({ runId: run.id, findingId: worst.findingId, owner: 'road-manager', note: '街灯を増設', dueOn: '2026-03-31' });
    expect([created.status, created.headers.etag, created.headers.location]).toEqual([201, '"1"', `/api/countermeasures/${created.body.id}`]);
    const cm = created.body;
    expect(cm).toMatchObject({ routeId, rule: 'dark-unwatched', severity: 'high', status: 'open', owner: 'road-manager', note: '街灯を増設', dueOn: '2026-03-31', version: 1 });
    expect(cm.before).toEqual({ seenPct: 0, litPct: 5, longestDarkUnwatchedM: expect.closeTo(290, 1), maxRefugeGapM: expect.closeTo(202.24, 1) });
    expect(cm.location.type).toBe('LineString');
    const index = run.features.findIndex((f) => f.properties.findingId === findings(run)[1].findingId);
    expect((await post({ runId: run.id, featureIndex: index, owner: 'school' })).body).toMatchObject({ rule: 'dark-unwatched', severity: 'medium', status: 'open' });

    const one = await h.t.http().get(`/api/countermeasures/${cm.id}`).set(auth);
    expect([one.status, one.headers.etag, one.body.message]).toEqual([200, '"1"', worst.message]);
    expect((await h.t.http().get('/api/countermeasures/999999').set(auth)).body).toMatchObject({ statusCode: 404, code: 'COUNTERMEASURE_NOT_FOUND' });
    expect((await h.t.http().get('/api/countermeasures')).status).toBe(401);
    const list = (query: string) => h.t.http().get(`/api/countermeasures${query}`).set(auth);
    expect((await list(`?routeId=${routeId}`)).body.countermeasures.map((c: { owner: string }) => c.owner)).toEqual(['road-manager', 'school']);
    expect((await list('?status=done')).body.countermeasures).toHaveLength(0);
    expect((await list('?status=closed')).body).toMatchObject({ statusCode: 400, code: 'INVALID_QUERY', details: { field: 'status' } });

    const patch = (etag: string | null, body: object, role: 'planner' | 'admin' | 'viewer' = 'planner') =>
      h.t.tokenFor(role).then((token) => {
        const req = h.t.http().patch(`/api/countermeasures/${cm.id}`).set('Authorization', `Bearer ${token}`);
        return (etag ? req.set('If-Match', etag) : req).send(body);
      });
    expect((await patch(null, { status: 'planned' })).status).toBe(428);
    expect((await patch('"7"', { status: 'planned' })).body).toMatchObject({ statusCode: 412, code: 'VERSION_CONFLICT' });
    expect((await patch('"1"', { status: 'planned' }, 'viewer')).status).toBe(403);
    expect((await patch('"1"', { status: 'planned' })).body).toMatchObject({ status: 'planned', version: 2 });

    await insert(`INSERT INTO layer_streetlights (organisation_id, lamp_type, radius_m, status, geom) SELECT $1, 'led', 20, 'active', ${at(250, 0)} FROM ${origin} RETURNING id::int`, [h.t.orgs.city]);
    const later = await h.run('route-audit', { school: SCHOOL });
    expect(later.id).not.toBe(run.id);
    const tracked = (route(later).countermeasures as Record<string, unknown>[]).find((c) => c.id === cm.id)!;
    expect(tracked).toMatchObject({ status: 'planned', owner: 'road-manager', rule: 'dark-unwatched', before: cm.before });
    expect(tracked.after).toEqual({ seenPct: 0, litPct: 15, longestDarkUnwatchedM: expect.closeTo(130, 1), maxRefugeGapM: expect.closeTo(202.24, 1) });
    const report = await h.t.http().get(`/api/analyses/${later.id}/report`).set(auth);
    expect(report.text).toContain('<td class="n">0 → 0</td><td class="n">5 → 15</td>');
    expect(report.text).toContain('<td class="n">290 → 130</td><td class="n">202 → 202</td>');

    expect((await patch('"2"', { status: 'done' })).body).toMatchObject({ status: 'done', version: 3 });
    expect((await patch('"3"', { status: 'open' })).body).toMatchObject({ statusCode: 403, code: 'INVALID_TRANSITION' });
    expect((await patch('"3"', { status: 'open' }, 'admin')).body).toMatchObject({ status: 'open', version: 4 });
    // The register changed: the next audit is a new run, not the earlier one reused.
    const again = await h.run('route-audit', { school: SCHOOL });
    expect(again.id).not.toBe(later.id);
    const log = await h.t.db.query(`SELECT action, after->>'status' AS status FROM audit_log WHERE layer = 'countermeasures' AND feature_id = $1 ORDER BY id`, [cm.id]);
    expect(log.map((r: { action: string; status: string }) => `${r.action} ${r.status}`)).toEqual([
      'countermeasure.create open',
      'countermeasure.update planned',
      'countermeasure.update done',
      'countermeasure.update open',
    ]);
  });
});
