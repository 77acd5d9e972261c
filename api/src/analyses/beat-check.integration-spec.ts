import { loadDemo } from '@mimamori/db';
import { AnalysisHarness, FinishedRun, startAnalysisHarness } from '../testing/analysis-harness';

/*
 * Beats the analysis has never seen, built in the test from the demo's real 町丁 polygons
 * (layer_blocks): the 18 blocks of the demo police-station area, grouped west to east into
 * four beats. Every defect area is checked against an independent PostGIS computation
 * (ST_Difference / ST_Intersection of the raw beats in EPSG:6677).
 */
type Feature = FinishedRun['features'][number];

const within = (actual: number, expected: number) => Math.abs(actual - expected) <= Math.max(1, 0.01 * expected);
const ofKind = (run: FinishedRun, ...kinds: string[]) => run.features.filter((f) => kinds.includes(f.properties.kind));
const sumArea = (features: Feature[]) => features.reduce((s, f) => s + Number(f.properties.areaM2), 0);

describe('beat-check analysis (real PostGIS + Redis, demo blocks)', () => {
  let h: AnalysisHarness;
  let stationId: number;
  let stationBlocks: number[];
  let groups: number[][];
  let police: string;

  const q = (sql: string, params: unknown[] = []) => h.t.db.query(sql, params);
  const run = (params: unknown) => h.run('beat-check', params, 'police');

  /** A beat from whole blocks, optionally reshaped in EPSG:6677 by `reshape` (SQL over `g`). */
  async function insertBeat(code: string, blocks: number[], values: { households?: number; priority?: number } = {}, reshape = 'g'): Promise<number> {
    const [row] = await q(
      `INSERT INTO layer_beats (organisation_id, code, name, households, priority_households, geom)
       SELECT $1, $2, $2 || ' (test)', $3, $4,
              ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(${reshape}, 4326)), 3))
         FROM (SELECT ST_Transform(ST_Union(k.geom), 6677) AS g FROM layer_blocks k WHERE k.id = ANY($5::bigint[])) x
       RETURNING id::int AS id`,
      [h.t.orgs.police, code, values.households ?? null, values.priority ?? null, blocks],
    );
    return row.id;
  }

  const blockArea = async (id: number) => Number((await q(`SELECT ST_Area(ST_Transform(geom, 6677)) AS a FROM layer_blocks WHERE id = $1`, [id]))[0].a);

  beforeAll(async () => {
    h = await startAnalysisHarness();
    await loadDemo(h.t.db);
    police = await h.t.tokenFor('police');
    stationId = (await q(`SELECT id::int AS id FROM layer_areas WHERE kind = 'police-station'`))[0].id;
    const rows: { id: number; g: number }[] = await q(
      `SELECT k.id::int AS id, ntile(4) OVER (ORDER BY ST_X(ST_PointOnSurface(k.geom))) AS g
         FROM layer_blocks k JOIN layer_areas a ON a.id = $1 AND ST_Within(ST_PointOnSurface(k.geom), a.geom) ORDER BY k.id`,
      [stationId],
    );
    stationBlocks = rows.map((r) => r.id);
    groups = [1, 2, 3, 4].map((g) => rows.filter((r) => r.g === g).map((r) => r.id));
  }, 120_000);
  afterAll(() => h?.close());

  it('finds no defect in the demo beats against the demo police-station area', async () => {
    const result = await run({ jurisdiction: { layer: 'areas', id: stationId } });
    expect(result.status).toBe('succeeded');
    expect(result.summary).toMatchObject({ beats: 3, defects: 0, gaps: 0, overlaps: 0, slivers: 0, outside: 0 });
    const [{ area }] = await q(`SELECT ST_Area(ST_Transform(geom, 6677)) AS area FROM layer_areas WHERE id = $1`, [stationId]);
    const beats = ofKind(result, 'beat');
    expect(beats).toHaveLength(3);
    expect(within(beats.reduce((s, f) => s + Number(f.properties.areaM2), 0), Number(area))).toBe(true);
  });

  it('adds school-route seen and lit % per beat from a current coverage run over all school routes', async () => {
    const coverage = await h.run('coverage', { targets: 'school-routes', minGapM: 0 }, 'police');
    expect(coverage.status).toBe('succeeded');
    const result = await run({ jurisdiction: { layer: 'areas', id: stationId }, sliverMaxM2: 49 });
    expect(result.summary).toMatchObject({ schoolRouteCoverageRun: coverage.id });
    expect(result.summary.notes).toBeUndefined();
    const beats = ofKind(result, 'beat').map((f) => f.properties as Record<string, number>);
    const total = (pick: (b: Record<string, number>) => number) => beats.reduce((s, b) => s + pick(b), 0);
    // Every demo route lies in the station area, which the three beats tile: the beats' shares add up to the run's totals.
    const routeM = total((b) => b.schoolRouteM);
    expect(within(routeM, Number(coverage.summary.lengthM))).toBe(true);
    expect(within(total((b) => (b.schoolRouteM * b.schoolRouteSeenPct) / 100), Number(coverage.summary.seenM))).toBe(true);
    expect(within(total((b) => (b.schoolRouteM * b.schoolRouteLitPct) / 100), Number(coverage.summary.litM))).toBe(true);
  });

  describe('beats grouped from blocks', () => {
    let clean: number[];
    let cleanRun: FinishedRun;

    beforeAll(async () => {
      clean = [
        await insertBeat('T1', groups[0], { households: 1200, priority: 150 }),
        await insertBeat('T2', groups[1], { households: 600, priority: 60 }),
        await insertBeat('T3', groups[2]),
        await insertBeat('T4', groups[3], { households: 900, priority: 90 }),
      ];
      cleanRun = await run({ blocks: stationBlocks, ids: clean, staffing: { [clean[0]]: 2 }, officersPerBeat: 1 });
    });

    it('finds no defect in a clean tiling, against the union of the blocks or the area feature', async () => {
      expect(cleanRun.status).toBe('succeeded');
      expect(cleanRun.summary).toMatchObject({ beats: 4, defects: 0 });
      const againstArea = await run({ jurisdiction: { layer: 'areas', id: stationId }, ids: clean });
      expect(againstArea.summary).toMatchObject({ beats: 4, defects: 0 });
    });

    it('works out visits per year, per month and per officer, and the balance across beats', async () => {
      const byId = new Map(ofKind(cleanRun, 'beat').map((f) => [f.properties.beatId as number, f.properties]));
      // T1: 150 + (1200 − 150) / 3 = 500 a year, 41.7 a month, 2 officers → 250 each.
      expect(byId.get(clean[0])).toMatchObject({ requiredVisitsPerYear: 500, requiredVisitsPerMonth: 41.7, officers: 2, visitsPerOfficerPerYear: 250 });
      // T2: 60 + 540 / 3 = 240; T4: 90 + 810 / 3 = 360 (one officer each by default).
      expect(byId.get(clean[1])).toMatchObject({ requiredVisitsPerYear: 240, officers: 1, visitsPerOfficerPerYear: 240 });
      expect(byId.get(clean[3])).toMatchObject({ requiredVisitsPerYear: 360, visitsPerOfficerPerYear: 360 });
      // T3 has no household record: the census households of its whole blocks, none of them priority.
      const [census] = await q(
        `SELECT sum(households)::float8 AS households, sum(population)::float8 AS population,
                sum((crimes->'2025'->>'total')::float8) AS crimes
           FROM layer_blocks WHERE id = ANY($1::bigint[])`,
        [groups[2]],
      );
      const t3 = byId.get(clean[2])!;
      expect(t3.householdsSource).toBe('blocks');
      expect(Math.abs(Number(t3.households) - census.households)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(Number(t3.population) - census.population)).toBeLessThanOrEqual(0.5);
      expect(Math.abs((t3.crimesPerYear as Record<string, number>)['2025'] - census.crimes)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(Number(t3.requiredVisitsPerYear) - census.households / 3)).toBeLessThanOrEqual(0.2);

      const loads = [250, 240, Number(t3.requiredVisitsPerYear), 360];
      const mean = loads.reduce((s, x) => s + x, 0) / 4;
      const sd = Math.sqrt(loads.reduce((s, x) => s + (x - mean) ** 2, 0) / 4);
      const balance = cleanRun.summary.balance as Record<string, number>;
      expect(balance).toMatchObject({ basis: 'visitsPerOfficerPerYear' });
      expect(balance.maxOverMean).toBeCloseTo(Math.max(...loads) / mean, 2);
      expect(balance.cv).toBeCloseTo(sd / mean, 2);
    });

    it('counts assets and road length per beat', async () => {
      const t1 = ofKind(cleanRun, 'beat').find((f) => f.properties.beatId === clean[0])!.properties;
      const [expected] = await q(
        `SELECT (SELECT count(*) FROM layer_cameras c WHERE c.status = 'active' AND ST_Intersects(c.geom, b.geom))::int AS cameras,
                (SELECT count(*) FROM layer_streetlights l WHERE l.status = 'active' AND ST_Intersects(l.geom, b.geom))::int AS streetlights
           FROM layer_beats b WHERE b.id = $1`,
        [clean[0]],
      );
      expect(t1).toMatchObject(expected);
      const byClass = Object.values(t1.roadLengthByClassM as Record<string, number>).reduce((s, m) => s + m, 0);
      expect(Math.abs(byClass - Number(t1.roadLengthM))).toBeLessThanOrEqual(1);
      expect(cleanRun.summary.notes).toEqual([expect.stringContaining('school-route seen/lit % omitted')]);
    });

    it('exports the per-beat table as CSV for Excel, and features as GeoJSON', async () => {
      const auth = { Authorization: `Bearer ${police}` };
      const csv = await h.t.http().get(`/api/analyses/${cleanRun.id}/export?format=csv&kind=beat`).set(auth).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(csv.headers['content-disposition']).toMatch(/attachment; filename="beat-check-.*-beat\.csv"/);
      const lines = csv.text.split('\r\n');
      expect(lines[0].startsWith('\uFEFFid,kind,beatId,code,name,')).toBe(true);
      const header = lines[0].slice(1).split(',');
      expect(lines.filter((l) => l.includes(',beat,'))).toHaveLength(4);
      const t1 = lines.find((l) => l.split(',')[2] === String(clean[0]))!.split(',');
      expect(t1[header.indexOf('requiredVisitsPerYear')]).toBe('500');
      expect(header).toContain('crimesPerYear.2025');

      const geojson = await h.t.http().get(`/api/analyses/${cleanRun.id}/export?kind=beat`).set(auth).expect(200);
      expect(geojson.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(JSON.parse(geojson.text).features).toHaveLength(4);
      const bad = await h.t.http().get(`/api/analyses/${cleanRun.id}/export?format=xlsx`).set(auth).expect(400);
      expect(bad.body).toMatchObject({ code: 'UNSUPPORTED_FORMAT', details: { field: 'format' } });
    });
  });

  describe('beats with deliberate defects', () => {
    let beats: number[];
    let result: FinishedRun;
    let removed: number;
    let shared: number;

    beforeAll(async () => {
      const east = groups[3];
      const touchesEast = `EXISTS (SELECT 1 FROM layer_blocks e WHERE e.id = ANY($2::bigint[]) AND ST_DWithin(ST_Transform(e.geom, 6677), ST_Transform(k.geom, 6677), 5))`;
      const pick = async (from: number[]) =>
        (await q(`SELECT k.id::int AS id FROM layer_blocks k WHERE k.id = ANY($1::bigint[]) AND NOT ${touchesEast} ORDER BY k.id LIMIT 1`, [from, east]))[0].id;
      removed = await pick(groups[0]);
      shared = await pick(groups[1]);
      const holeIn = groups[0].find((id) => id !== removed)!;
      // D1 lacks one block (a gap) and has a 3 m × 3 m hole (a sliver); D2 has a 50 m square 500 m
      // west of the area (outside); D3 also takes a block of D2 (overlap); D4 is shifted 0.5 m east (slivers).
      beats = [
        await insertBeat('D1', groups[0].filter((id) => id !== removed), {}, `ST_Difference(g, (SELECT ST_Buffer(ST_Transform(ST_PointOnSurface(geom), 6677), 1.5, 'quad_segs=1 endcap=square') FROM layer_blocks WHERE id = ${holeIn}))`),
        await insertBeat('D2', groups[1], {}, `ST_Union(g, (SELECT ST_MakeEnvelope(ST_XMin(m) - 550, ST_YMin(m) + 100, ST_XMin(m) - 500, ST_YMin(m) + 150, 6677) FROM (SELECT ST_Transform(geom, 6677) AS m FROM layer_areas WHERE id = ${stationId}) a))`),
        await insertBeat('D3', [...groups[2], shared]),
        await insertBeat('D4', groups[3], {}, 'ST_Translate(g, 0.5, 0)'),
      ];
      result = await run({ jurisdiction: { layer: 'areas', id: stationId }, ids: beats });
    });

    it('finds the missing block as a gap of its area, where it lies', async () => {
      expect(result.status).toBe('succeeded');
      const gaps = ofKind(result, 'gap');
      expect(gaps).toHaveLength(1);
      expect(gaps[0].properties.beats).toEqual([]);
      expect(within(Number(gaps[0].properties.areaM2), await blockArea(removed))).toBe(true);
      const [{ inside }] = await q(`SELECT ST_Within(ST_PointOnSurface(ST_GeomFromGeoJSON($1)), geom) AS inside FROM layer_blocks WHERE id = $2`, [JSON.stringify(gaps[0].geometry), removed]);
      expect(inside).toBe(true);
    });

    it('finds the block in two beats as an overlap naming both', async () => {
      const overlaps = ofKind(result, 'overlap');
      expect(overlaps).toHaveLength(1);
      expect(overlaps[0].properties.beats).toEqual([beats[1], beats[2]]);
      expect(within(Number(overlaps[0].properties.areaM2), await blockArea(shared))).toBe(true);
    });

    it('finds the square outside the area, and D2 as a beat in two parts', async () => {
      const outside = ofKind(result, 'outside');
      expect(outside).toHaveLength(1);
      expect(outside[0].properties.beats).toEqual([beats[1]]);
      expect(within(Number(outside[0].properties.areaM2), 2500)).toBe(true);
      expect(ofKind(result, 'multipart').map((f) => f.properties.beats)).toContainEqual([beats[1]]);
    });

    it('reports the small hole and the shifted edges as slivers', async () => {
      const slivers = ofKind(result, 'sliver');
      const hole = slivers.find((f) => f.properties.sliverOf === 'gap' && within(Number(f.properties.areaM2), 9));
      expect(hole).toBeDefined();
      expect(slivers.filter((f) => f.properties.sliverOf === 'overlap').every((f) => (f.properties.beats as number[]).includes(beats[3]))).toBe(true);
      expect(slivers.filter((f) => f.properties.sliverOf === 'outside').every((f) => (f.properties.beats as number[])[0] === beats[3])).toBe(true);
      expect(slivers.filter((f) => f.properties.sliverOf === 'outside').length).toBeGreaterThan(0);
    });

    it('agrees with independent PostGIS totals of every kind of defect (1 % or 1 m²)', async () => {
      const [expected] = await q(
        `WITH b AS (SELECT id, ST_Transform(geom, 6677) AS m FROM layer_beats WHERE id = ANY($1::bigint[])),
              j AS (SELECT ST_Transform(geom, 6677) AS m FROM layer_areas WHERE id = $2)
         SELECT (SELECT ST_Area(ST_Difference(j.m, (SELECT ST_Union(m) FROM b))) FROM j) AS gap,
                (SELECT sum(ST_Area(ST_Intersection(x.m, y.m))) FROM b x JOIN b y ON x.id < y.id AND ST_Intersects(x.m, y.m)) AS overlap,
                (SELECT sum(ST_Area(ST_Difference(b.m, j.m))) FROM b, j) AS outside,
                (SELECT ST_Area(ST_Difference(b.m, j.m)) FROM b, j WHERE b.id = $3) AS "outsideD4"`,
        [beats, stationId, beats[3]],
      );
      const sliversOf = (kind: string) => ofKind(result, 'sliver').filter((f) => f.properties.sliverOf === kind);
      expect(Math.abs(sumArea([...ofKind(result, 'gap'), ...sliversOf('gap')]) - expected.gap)).toBeLessThanOrEqual(Math.max(1, 0.01 * expected.gap));
      expect(Math.abs(sumArea([...ofKind(result, 'overlap'), ...sliversOf('overlap')]) - expected.overlap)).toBeLessThanOrEqual(Math.max(1, 0.01 * expected.overlap));
      expect(Math.abs(sumArea([...ofKind(result, 'outside'), ...sliversOf('outside')]) - expected.outside)).toBeLessThanOrEqual(Math.max(1, 0.01 * expected.outside));
      const d4Outside = sliversOf('outside').filter((f) => (f.properties.beats as number[])[0] === beats[3]);
      expect(Math.abs(sumArea(d4Outside) - expected.outsideD4)).toBeLessThanOrEqual(Math.max(1, 0.01 * expected.outsideD4));
      expect(result.summary.defects).toBe(ofKind(result, 'gap', 'overlap', 'outside', 'sliver').length);
    });

    it('finds gaps enclosed by beats when no jurisdiction is given', async () => {
      const noJurisdiction = await run({ ids: beats });
      expect(ofKind(noJurisdiction, 'outside')).toHaveLength(0);
      const hole = ofKind(noJurisdiction, 'sliver').find((f) => f.properties.sliverOf === 'gap' && within(Number(f.properties.areaM2), 9));
      expect(hole).toBeDefined();
    });
  });

  it('rejects bad params with 400 and fails a run naming a missing jurisdiction', async () => {
    const token = await h.t.tokenFor('police');
    const bad = await h.t.http().post('/api/analyses').set('Authorization', `Bearer ${token}`).send({ type: 'beat-check', params: { jurisdiction: { layer: 'roads', id: 1 } } }).expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_PARAMS', details: { field: 'jurisdiction.layer' } });
    // The worker fails such a run at once; once param references cover beat-check, the API answers 400 before queueing.
    const posted = await h.t.http().post('/api/analyses').set('Authorization', `Bearer ${token}`).send({ type: 'beat-check', params: { jurisdiction: { layer: 'areas', id: 987654 } } });
    if (posted.status === 400) {
      expect(posted.body).toMatchObject({ code: 'INVALID_PARAMS', details: { missing: [987654] } });
    } else {
      const missing = await run({ jurisdiction: { layer: 'areas', id: 987654 } });
      expect(missing).toMatchObject({ status: 'failed', error: 'areas not found (or deleted): 987654' });
    }
  });
});
