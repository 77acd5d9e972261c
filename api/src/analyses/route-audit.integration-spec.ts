import { loadDemo } from '@mimamori/db';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnalysisHarness, FinishedRun, startAnalysisHarness } from '../testing/analysis-harness';
import { binary } from '../testing/test-app';

/*
 * A hand-checkable scene in EPSG:6677, metres from an origin in Mitaka (far from the demo):
 *   route: y = 0 from x = 0 to x = 600 (600 m), school テスト小学校
 *   camera at (100, 10) facing south, 90°, 30 m: sees |x − 100| ≤ 10 → 20 m = 3.33 %
 *   streetlight at (300, 5), radius 13: lit |x − 300| ≤ 12 → 24 m = 4 %
 *   neither: [0, 90], [110, 288], [312, 600] → 90, 178 and 288 m (the longest)
 *   refuges: a convenience store at (0, 50), a koban at (600, −80) (a shelter at (300, 0) is no refuge)
 *     nearest-refuge distance peaks where x² + 50² = (600 − x)² + 80², x = 303.25:
 *     √(303.25² + 50²) = 307.35 m; beyond 300 m for x in (√87,500, 600 − √83,600) = (295.80, 310.86)
 *   blocks: A x ∈ [−50, 400] (2024: 90, 2025: 150 crimes), B x ∈ [400, 700] (2025: 20)
 *     → 2025: 170 crimes, 283.33 per km, worst block A
 *   roads: residential across at x = 200, a side street ending on the route at x = 350, a primary
 *     road across at x = 450, a footway across at x = 500, and a residential road the route
 *     follows for 150 m → 3 crossings, 1 of them a main road
 * A second route, 5 km away, has no refuge within 1 km.
 */
const ORIGIN = [139.6, 35.7];
const FAR = [139.55, 35.66];
const SCHOOL = 'テスト小学校';

const origin = (o: number[]) => `(SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint(${o[0]}, ${o[1]}), 4326), 6677) p) o`;
const at = (x: number, y: number) => `ST_Transform(ST_SetSRID(ST_MakePoint(o.x + ${x}, o.y + ${y}), 6677), 4326)`;
const box = (x0: number, y0: number, x1: number, y1: number) => `ST_Multi(ST_Transform(ST_MakeEnvelope(o.x + ${x0}, o.y + ${y0}, o.x + ${x1}, o.y + ${y1}, 6677), 4326))`;

/** Nearest-refuge distance sampled every 0.5 m of each route in PostGIS: its maximum. */
const SAMPLED_GAP = `
WITH parts AS (SELECT r.id, (ST_Dump(ST_Transform(r.geom, 6677))).geom AS g FROM layer_school_routes r WHERE r.id = ANY($1::bigint[])),
s AS (SELECT parts.id, ST_LineInterpolatePoint(parts.g, LEAST(1.0, k / 2.0 / ST_Length(parts.g))) AS p
        FROM parts, generate_series(0, ceil(ST_Length(parts.g) * 2)::int) AS k),
refuge AS (SELECT ST_Transform(geom, 6677) AS g FROM layer_facilities WHERE deleted_at IS NULL AND kind IN ('refuge', 'koban', 'convenience'))
SELECT s.id::int AS id, max((SELECT min(ST_Distance(s.p, refuge.g)) FROM refuge)) AS gap FROM s GROUP BY s.id`;

/** 2025 crime of the 町丁 each route intersects, each 町丁 (code) once, its record wherever it is kept. */
const CROSSED_CRIME = `
SELECT r.id::int AS id, coalesce(sum(c.total), 0)::int AS total FROM layer_school_routes r
  LEFT JOIN LATERAL (
    SELECT DISTINCT ON (b.code) (SELECT (k.crimes->'2025'->>'total')::int FROM layer_blocks k
                                  WHERE k.code = b.code AND k.crimes IS NOT NULL AND k.deleted_at IS NULL ORDER BY k.id LIMIT 1) AS total
      FROM layer_blocks b WHERE b.deleted_at IS NULL AND ST_Intersects(b.geom, r.geom)) c ON true
 WHERE r.id = ANY($1::bigint[]) GROUP BY r.id`;

describe('route-audit (real PostGIS + Redis)', () => {
  let h: AnalysisHarness;
  let routeId: number;
  let farRouteId: number;
  let auth: { Authorization: string };

  async function insert(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await h.t.db.query(sql, params);
    return row.id;
  }
  const byKind = (run: FinishedRun, kind: string) => run.features.filter((f) => f.properties.kind === kind).map((f) => f.properties);
  const routeOf = (run: FinishedRun, id: number) => byKind(run, 'route').find((p) => p.routeId === id)!;

  beforeAll(async () => {
    h = await startAnalysisHarness();
    await loadDemo(h.t.db);
    auth = { Authorization: `Bearer ${await h.t.tokenFor('planner')}` };
    const org = h.t.orgs.city;
    const o = origin(ORIGIN);
    routeId = await insert(
      `INSERT INTO layer_school_routes (organisation_id, school, name, period, geom) SELECT $1, $2, '北ルート', 'morning', ST_Multi(ST_MakeLine(${at(0, 0)}, ${at(600, 0)})) FROM ${o} RETURNING id::int`,
      [org, SCHOOL],
    );
    await insert(`INSERT INTO layer_cameras (organisation_id, bearing_deg, hfov_deg, range_m, status, geom) SELECT $1, 180, 90, 30, 'active', ${at(100, 10)} FROM ${o} RETURNING id::int`, [org]);
    await insert(`INSERT INTO layer_streetlights (organisation_id, lamp_type, radius_m, status, geom) SELECT $1, 'led', 13, 'active', ${at(300, 5)} FROM ${o} RETURNING id::int`, [org]);
    for (const [kind, name, x, y] of [['convenience', 'テストマート', 0, 50], ['koban', 'テスト交番', 600, -80], ['shelter', 'テスト避難所', 300, 0]] as const) {
      await insert(`INSERT INTO layer_facilities (organisation_id, kind, name, geom) SELECT $1, $2, $3, ${at(x, y)} FROM ${o} RETURNING id::int`, [org, kind, name]);
    }
    const crimesA = { '2024': { total: 90 }, '2025': { total: 150, burglary: 3 } };
    await insert(`INSERT INTO layer_blocks (organisation_id, code, name, crimes, geom) SELECT $1, 'T-A', 'テスト町１丁目', $2::jsonb, ${box(-50, -100, 400, 100)} FROM ${o} RETURNING id::int`, [org, JSON.stringify(crimesA)]);
    await insert(`INSERT INTO layer_blocks (organisation_id, code, name, crimes, geom) SELECT $1, 'T-B', 'テスト町２丁目', '{"2025": {"total": 20}}', ${box(400, -100, 700, 100)} FROM ${o} RETURNING id::int`, [org]);
    const roads: [string, number, number, number, number][] = [
      ['residential', 200, -50, 200, 50],
      ['residential', 350, 0, 350, 80],
      ['primary', 450, -60, 450, 60],
      ['footway', 500, -30, 500, 30],
      ['residential', 0, 0, 150, 0],
    ];
    for (const [cls, x0, y0, x1, y1] of roads) {
      await insert(`INSERT INTO layer_roads (organisation_id, class, geom) SELECT $1, $2, ST_MakeLine(${at(x0, y0)}, ${at(x1, y1)}) FROM ${o} RETURNING id::int`, [org, cls]);
    }
    farRouteId = await insert(
      `INSERT INTO layer_school_routes (organisation_id, school, name, geom) SELECT $1, '遠い小学校', '=SUM(1+1)', ST_Multi(ST_MakeLine(${at(0, 0)}, ${at(300, 0)})) FROM ${origin(FAR)} RETURNING id::int`,
      [org],
    );
  }, 180_000);
  afterAll(() => h.close());

  it('measures a hand-made route: coverage, dark stretches, refuge gap, crime and crossings', async () => {
    const run = await h.run('route-audit', { school: SCHOOL });
    expect(run.status).toBe('succeeded');
    const r = routeOf(run, routeId);
    expect(r).toMatchObject({ school: SCHOOL, name: '北ルート', crossings: 3, mainRoadCrossings: 1 });
    expect(r.lengthM).toBeCloseTo(600, 1);
    expect(r.seenPct).toBeCloseTo(3.33, 2);
    expect(r.litPct).toBeCloseTo(4, 2);
    expect(r.longestDarkUnwatchedM).toBeCloseTo(288, 1);
    expect(r.maxRefugeGapM).toBeCloseTo(307.35, 1);
    expect(r.refugeGapOverM).toBeCloseTo(310.863 - 295.804, 1);
    expect(r.nearestRefugeAtMax).toMatch(/テストマート|テスト交番/);
    expect(r.crimes).toEqual({ year: '2025', total: 170, perKm: 283.33, blocks: 2, worstBlock: 'テスト町１丁目', worstBlockCode: 'T-A', worstBlockTotal: 150 });
    expect(r.crimesByYear).toEqual({ '2024': 90, '2025': 170 });

    const findings = byKind(run, 'finding');
    expect(findings.map((f) => [f.rank, f.rule, f.severity, f.value])).toEqual([
      [1, 'dark-unwatched', 'high', expect.closeTo(288, 1)],
      [2, 'dark-unwatched', 'high', expect.closeTo(178, 1)],
      [3, 'dark-unwatched', 'medium', expect.closeTo(90, 1)],
      [4, 'crime-block', 'medium', 150],
      [5, 'refuge-gap', 'medium', expect.closeTo(307.35, 1)],
      [6, 'low-lighting', 'low', 4],
      [7, 'low-coverage', 'low', expect.closeTo(3.33, 2)],
    ]);
    const longest = findings[0];
    // Its middle, x = 456, lies in block B.
    expect(longest).toMatchObject({ routeId, block: 'テスト町２丁目', findingId: `${routeId}-dark-unwatched-3` });
    expect(longest.message).toBe('テスト町２丁目: 起点から 312〜600 m の 288 m が、防犯カメラの視野外で街灯もありません');
    expect(longest.messageEn).toBe('テスト町２丁目: 288 m unlit and unwatched between 312 m and 600 m from the start');
    expect(findings[3].messageEn).toBe('route crosses テスト町１丁目: 150 recorded crimes in 2025');
    const geometry = run.features.find((f) => f.properties.findingId === longest.findingId)!.geometry as { type: string };
    expect(geometry.type).toBe('LineString');
    expect(run.summary).toMatchObject({ routes: 1, schools: [SCHOOL], findings: 7, high: 2, medium: 3, low: 2, crimeYear: '2025', routesWithoutRefuge: 0 });
  });

  it('reports a route without any refuge in reach as a finding, not an error', async () => {
    const run = await h.run('route-audit', { ids: [farRouteId] });
    expect(run.status).toBe('succeeded');
    expect(routeOf(run, farRouteId).maxRefugeGapM).toBeNull();
    const noRefuge = byKind(run, 'finding').filter((f) => f.rule === 'no-refuge');
    expect(noRefuge).toEqual([expect.objectContaining({ severity: 'high', rank: 1, routeId: farRouteId, threshold: 1000 })]);
    expect(run.summary).toMatchObject({ routesWithoutRefuge: 1, maxRefugeGapM: null });
  });

  it('audits only the routes of the period asked for, and fails a run whose route belongs to another school', async () => {
    const afternoon = await h.run('route-audit', { school: SCHOOL, period: 'afternoon' });
    expect(afternoon.status).toBe('succeeded');
    expect(afternoon.summary).toMatchObject({ routes: 0, findings: 0 });
    const mismatch = await h.run('route-audit', { school: SCHOOL, ids: [farRouteId] });
    expect(mismatch.status).toBe('failed');
    expect(mismatch.error).toBe(`school-routes ${farRouteId} are not routes of school "${SCHOOL}"`);
  });

  it('on routes laid on demo streets: coverage figures equal a coverage run, refuge gaps and crime agree with PostGIS', async () => {
    const db = h.t.db;
    const roads: { id: number }[] = await db.query(
      `SELECT id::int FROM layer_roads WHERE class IN ('residential', 'tertiary', 'unclassified', 'secondary') AND sample = false
          AND ST_Length(ST_Transform(geom, 6677)) BETWEEN 250 AND 900 ORDER BY id`,
    );
    const picked = [3, 11, 29, 47].map((k) => roads[(k * 7) % roads.length].id);
    const ids: number[] = [];
    for (const roadId of [...new Set(picked)]) {
      ids.push(
        await insert(
          `INSERT INTO layer_school_routes (organisation_id, school, name, geom) SELECT $1, 'デモ検証小学校', 'road ' || id, ST_Multi(geom) FROM layer_roads WHERE id = $2 RETURNING id::int`,
          [h.t.orgs.city, roadId],
        ),
      );
    }
    // A few refuges beside each route (fixed offsets), so gaps are between refuges, not to far koban.
    await db.query(
      `INSERT INTO layer_facilities (organisation_id, kind, name, geom)
       SELECT $2, (ARRAY['refuge', 'convenience'])[1 + (k % 2)], 'test refuge ' || r.id || '-' || k,
              ST_Transform(ST_Translate(ST_LineInterpolatePoint(ST_GeometryN(ST_Transform(r.geom, 6677), 1), f), 20 - 11 * k, 15 * k - 25), 4326)
         FROM layer_school_routes r, unnest(ARRAY[0.1, 0.55, 0.9]) WITH ORDINALITY AS u(f, k)
        WHERE r.id = ANY($1::int[])`,
      [ids, h.t.orgs.city],
    );

    const audit = await h.run('route-audit', { ids });
    const coverage = await h.run('coverage', { targets: 'school-routes', ids });
    expect([audit.status, coverage.status]).toEqual(['succeeded', 'succeeded']);
    const gaps: { id: number; gap: number }[] = await db.query(SAMPLED_GAP, [ids]);
    const crimes: { id: number; total: number }[] = await db.query(CROSSED_CRIME, [ids]);
    for (const id of ids) {
      const route = routeOf(audit, id);
      const line = byKind(coverage, 'line').find((p) => p.targetId === id)!;
      const figures = ['lengthM', 'seenPct', 'litPct', 'seenOrLitPct', 'longestDarkUnwatchedM'];
      expect(Object.fromEntries(figures.map((k) => [k, route[k]]))).toEqual(Object.fromEntries(figures.map((k) => [k, line[k]])));
      const sampled = gaps.find((g) => g.id === id)!.gap;
      expect({ id, diff: Math.abs((route.maxRefugeGapM as number) - sampled) < 5 }).toEqual({ id, diff: true });
      expect((route.maxRefugeGapM as number) + 1e-6).toBeGreaterThanOrEqual(sampled);
      expect({ id, crimes: (route.crimes as { total: number }).total }).toEqual({ id, crimes: crimes.find((c) => c.id === id)!.total });
    }
    expect(crimes.some((c) => c.total > 0)).toBe(true);
  });

  it('refuses unknown schools and routes and bad thresholds with 400 and the field', async () => {
    const post = (params: unknown) => h.t.http().post('/api/analyses').set(auth).send({ type: 'route-audit', params });
    const cases: [unknown, string][] = [
      [{ school: 'どこにもない小学校' }, 'school'],
      [{ ids: [routeId, 987654] }, 'ids'],
      [{ period: 'night' }, 'period'],
      [{ thresholds: { refugeGapM: -1 } }, 'thresholds.refugeGapM'],
      [{ thresholds: { colour: 1 } }, 'thresholds.colour'],
      [{ refugeKinds: ['castle'] }, 'refugeKinds'],
      [{ crimeYear: 2025 }, 'crimeYear'],
    ];
    for (const [params, field] of cases) {
      const res = await post(params);
      expect({ params, status: res.status, code: res.body.code, field: res.body.details?.field }).toEqual({ params, status: 400, code: 'INVALID_PARAMS', field });
    }
    const [{ count }] = await h.t.db.query(`SELECT count(*)::int AS count FROM analysis_run WHERE params->>'school' = 'どこにもない小学校'`);
    expect(count).toBe(0);
  });

  it('exports findings as CSV with a BOM and formula cells escaped, and as GeoJSON', async () => {
    const run = await h.run('route-audit', { ids: [farRouteId] });
    const csv = await h.t.http().get(`/api/analyses/${run.id}/export?format=csv`).set(auth);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const text = csv.text;
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain(`'=SUM(1+1)`);
    expect(text).not.toMatch(/(^|,)=SUM/m);
    const geojson = await h.t.http().get(`/api/analyses/${run.id}/export?format=geojson`).set(auth);
    const rows = geojson.body.features.map((f: { properties: Record<string, unknown> }) => [f.properties.kind, f.properties.rule ?? f.properties.name]);
    // No camera or light within reach either: the whole 300 m is dark and unwatched, nothing seen or lit.
    expect(rows).toEqual([
      ['route', '=SUM(1+1)'],
      ['finding', 'no-refuge'],
      ['finding', 'dark-unwatched'],
      ['finding', 'low-coverage'],
      ['finding', 'low-lighting'],
    ]);
  });

  it('prints a report per school as HTML and PDF', async () => {
    const run = await h.run('route-audit', { school: SCHOOL });
    const html = await h.t.http().get(`/api/analyses/${run.id}/report?format=html&school=${encodeURIComponent(SCHOOL)}`).set(auth);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    const page = html.text;
    expect(page).toContain(`<h1>${SCHOOL}</h1>`);
    expect(page).toMatch(/<svg[^>]+viewBox/);
    for (const figure of ['>600<', '>3.3<', '>4<', '>288<', '>307<', '>170<', '>283.3<', 'テスト町１丁目（150）']) expect(page).toContain(figure);
    expect(page).toContain('テスト町２丁目: 起点から 312〜600 m の 288 m が、防犯カメラの視野外で街灯もありません');
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);

    const pdf = await h.t.http().get(`/api/analyses/${run.id}/report?format=pdf&school=${encodeURIComponent(SCHOOL)}`).set(auth).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    writeFileSync(join(tmpdir(), 'route-audit-report.pdf'), bytes);
    writeFileSync(join(tmpdir(), 'route-audit-report.html'), page);

    const get = (query: string) => h.t.http().get(`/api/analyses/${run.id}/report${query}`).set(auth);
    expect((await get('?school=' + encodeURIComponent('他の学校'))).body).toMatchObject({ statusCode: 404, code: 'SCHOOL_NOT_FOUND' });
    expect((await get('?format=docx')).body).toMatchObject({ statusCode: 400, code: 'UNSUPPORTED_FORMAT' });
    const coverage = await h.run('coverage', { ids: [routeId] });
    expect((await h.t.http().get(`/api/analyses/${coverage.id}/report`).set(auth)).body).toMatchObject({ statusCode: 400, code: 'WRONG_ANALYSIS_TYPE' });
    expect((await h.t.http().get(`/api/analyses/${run.id}/report`)).status).toBe(401);
    const openapi = await h.t.http().get('/api/docs/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/api/analyses/{id}/report', '/api/countermeasures', '/api/countermeasures/{id}']));
  });
});

