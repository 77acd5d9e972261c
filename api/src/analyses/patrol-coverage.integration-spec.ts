import { loadDemo } from '@mimamori/db';
import { AnalysisHarness, FinishedRun, startAnalysisHarness } from '../testing/analysis-harness';
import { gpsTrack, insertTrack, metricRoads, randomDrive, seeded, type Xy } from '../testing/patrol-tracks';

/*
 * GPX-like tracks the analysis has never seen, generated here: random drives along the demo's
 * real roads (vertices every 8 m, ±2 m of GPS noise, timed), some off-road walks, one drive
 * outside the period and one without times. Results are checked against independent PostGIS
 * computations: ST_Length(ST_Intersection(track, beat)) for km, and the passing rule computed
 * from GEOS buffers for the unpatrolled streets.
 *
 * The rule (the kernel's and this brute force's): a road is passed when at least 50 % of its
 * length lies within 15 m of a track segment whose direction is within 45° of the road
 * segment's (either way along it).
 */
const DRIVABLE = ['primary', 'secondary', 'tertiary', 'unclassified', 'residential', 'living_street', 'service'];
const jst = (iso: string) => Date.parse(`${iso}+09:00`) / 1000;
const JUNE = { from: '2025-06-01T00:00:00+09:00', to: '2025-07-01T00:00:00+09:00' };
const TOLERANCE_M = 15;
const THRESHOLD_PCT = 50;
/** A road this close to the threshold may fall either side between an exact capsule and GEOS's 128-gon buffer. */
const BORDERLINE_PCT = 2;

type Props = Record<string, unknown>;
const ofKind = (run: FinishedRun, kind: string) => run.features.filter((f) => f.properties.kind === kind).map((f) => f.properties as Props);

describe('patrol-coverage analysis (real PostGIS + Redis, demo roads and beats)', () => {
  let h: AnalysisHarness;
  let june: FinishedRun;
  const q = (sql: string, params: unknown[] = []) => h.t.db.query(sql, params);
  const run = (params: unknown) => h.run('patrol-coverage', params, 'police');
  const track = (unit: string, kind: string, xyt: [number, number, number][], recordTimes = true) =>
    insertTrack(h.t.db, h.t.orgs.police, { unit, kind, xyt, recordTimes });

  beforeAll(async () => {
    h = await startAnalysisHarness();
    await loadDemo(h.t.db);
    await q(`DELETE FROM layer_patrol_tracks`);
    const roads = await metricRoads(h.t.db, DRIVABLE);
    const random = seeded(20250601);
    for (let i = 0; i < 10; i++) {
      const start = jst(`2025-06-${String(1 + i * 2).padStart(2, '0')}T09:00:00`) + random() * 3 * 3600;
      await track(`PC-${(i % 2) + 1}`, 'police', gpsTrack(randomDrive(roads, random, 2000 + random() * 2000), random, start, 6));
    }
    for (let i = 0; i < 2; i++) {
      await track('青パト-1', 'volunteer', gpsTrack(randomDrive(roads, random, 3000), random, jst(`2025-06-1${i}T19:30:00`), 5));
    }
    const points: { x: number; y: number }[] = await q(
      `SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 6677) AS p FROM layer_beats ORDER BY id) b`,
    );
    for (const [i, { x, y }] of points.slice(0, 2).entries()) {
      const walk: Xy[] = [[x, y], [x + 300 * Math.cos(i + 0.3), y + 300 * Math.sin(i + 0.3)]];
      await track('徒歩-1', 'foot', gpsTrack(walk, random, jst('2025-06-20T14:00:00'), 1.4));
    }
    await track('PC-1', 'police', gpsTrack(randomDrive(roads, random, 3000), random, jst('2025-05-20T10:00:00'), 6));
    const untimed = gpsTrack(randomDrive(roads, random, 2500), random, 0, 6).map(([x, y]): [number, number, number] => [x, y, NaN]);
    await track('PC-2', 'police', untimed, false);
    june = await run(JUNE);
  }, 180_000);
  afterAll(() => h?.close());

  const inJune = `(t.started_at IS NULL OR (t.started_at >= '${JUNE.from}' AND t.started_at < '${JUNE.to}'))`;

  it('agrees with ST_Length(ST_Intersection(track, beat)) per beat within 2 %', async () => {
    expect(june.status).toBe('succeeded');
    const expected: { id: number; km: number }[] = await q(
      `SELECT b.id::int AS id, sum(ST_Length(ST_Intersection(ST_Transform(t.geom, 6677), ST_Transform(b.geom, 6677)))) / 1000 AS km
         FROM layer_patrol_tracks t JOIN layer_beats b ON ST_Intersects(t.geom, b.geom)
        WHERE ${inJune} GROUP BY b.id ORDER BY b.id`,
    );
    const beats = ofKind(june, 'beat');
    expect(beats).toHaveLength(3);
    expect(expected.length).toBeGreaterThan(0);
    for (const e of expected) {
      const ours = Number(beats.find((b) => b.beatId === e.id)!.patrolKm);
      expect(Math.abs(ours - e.km) / e.km).toBeLessThan(0.02);
    }
  });

  it('totals km and hours per unit, and counts the untimed track for km only', async () => {
    const expected: { unit: string; km: number; hours: number; n: number }[] = await q(
      `SELECT t.unit, sum(ST_Length(ST_Transform(t.geom, 6677))) / 1000 AS km, count(*)::int AS n,
              coalesce(sum(extract(epoch FROM t.ended_at - t.started_at)), 0) / 3600 AS hours
         FROM layer_patrol_tracks t WHERE ${inJune} GROUP BY t.unit ORDER BY t.unit`,
    );
    const units = ofKind(june, 'unit');
    expect(units.map((u) => u.unit).sort()).toEqual(expected.map((e) => e.unit).sort());
    for (const e of expected) {
      const u = units.find((x) => x.unit === e.unit)!;
      expect(u.patrols).toBe(e.n);
      expect(Math.abs(Number(u.km) - e.km)).toBeLessThan(0.002);
      expect(Math.abs(Number(u.hours) - e.hours)).toBeLessThan(0.001);
    }
    const untimedKm = Number((await q(`SELECT ST_Length(ST_Transform(geom, 6677)) / 1000 AS km FROM layer_patrol_tracks WHERE started_at IS NULL`))[0].km);
    expect(june.summary).toMatchObject({ tracks: 15, untimedTracks: 1 });
    expect(Math.abs(Number(june.summary.untimedKm) - untimedKm)).toBeLessThan(0.002);
  });

  it('lists the same unpatrolled streets as a brute-force check of the rule', async () => {
    const runner = h.t.db.createQueryRunner();
    let roads: { id: number; len: number; covered: number }[];
    let inBeats: { beat: number; road: number; len: number }[];
    try {
      await runner.query(
        `CREATE TEMP TABLE ts AS
         SELECT d.geom AS s, ST_Buffer(d.geom, ${TOLERANCE_M}, 'quad_segs=32') AS b, ST_Azimuth(ST_StartPoint(d.geom), ST_EndPoint(d.geom)) AS az
           FROM layer_patrol_tracks t CROSS JOIN LATERAL ST_DumpSegments(ST_Force2D(ST_Transform(t.geom, 6677))) d
          WHERE ${inJune} AND ST_Length(d.geom) > 0`,
      );
      await runner.query(`CREATE INDEX ON ts USING gist (s); ANALYZE ts`);
      roads = await runner.query(BRUTE_FORCE_SQL, [TOLERANCE_M]);
      inBeats = await runner.query(
        `SELECT b.id::int AS beat, r.id::int AS road, ST_Length(ST_Intersection(ST_Transform(r.geom, 6677), ST_Transform(b.geom, 6677))) AS len
           FROM layer_roads r JOIN layer_beats b ON ST_Intersects(r.geom, b.geom)`,
      );
    } finally {
      await runner.release();
    }
    const segments = new Map(ofKind(june, 'segment').map((s) => [s.roadId as number, s]));
    expect(segments.size).toBe(roads.length);
    const pct = new Map(roads.map((r) => [r.id, (100 * r.covered) / r.len]));
    const clear = (id: number) => Math.abs(pct.get(id)! - THRESHOLD_PCT) > BORDERLINE_PCT;
    let passed = 0;
    for (const r of roads) {
      const ours = segments.get(r.id)!;
      expect(Math.abs(Number(ours.coveredM) - r.covered)).toBeLessThanOrEqual(Math.max(0.5, 0.01 * r.len));
      if (clear(r.id)) expect([r.id, ours.passed]).toEqual([r.id, pct.get(r.id)! >= THRESHOLD_PCT]);
      if (ours.passed) passed++;
    }
    expect(passed).toBeGreaterThan(20);
    expect(roads.filter((r) => !clear(r.id)).length).toBeLessThan(roads.length / 20);

    for (const beat of ofKind(june, 'beat')) {
      const listed = new Set(beat.unpatrolled as number[]);
      const mine = inBeats.filter((x) => x.beat === beat.beatId && clear(x.road));
      for (const x of mine.filter((m) => m.len >= 5)) expect([x.road, listed.has(x.road)]).toEqual([x.road, pct.get(x.road)! < THRESHOLD_PCT]);
      for (const id of listed) expect(inBeats.some((x) => x.beat === beat.beatId && x.road === id && x.len > 0)).toBe(true);
      const streetM = mine.reduce((s, x) => s + x.len, 0);
      const passedM = mine.filter((x) => pct.get(x.road)! >= THRESHOLD_PCT).reduce((s, x) => s + x.len, 0);
      expect(Math.abs(Number(beat.passedPct) - (100 * passedM) / streetM)).toBeLessThan(2);
    }
    const unpatrolled = ofKind(june, 'unpatrolled');
    expect(unpatrolled.length).toBe(ofKind(june, 'segment').filter((s) => !s.passed).length);
  });

  it('counts leaving a street and coming back as a second pass, with dwell and last pass time', async () => {
    const [road]: { id: number; g: string; len: number }[] = await q(
      `SELECT r.id::int AS id, ST_AsGeoJSON(ST_Transform(r.geom, 6677), 3) AS g, ST_Length(ST_Transform(r.geom, 6677)) AS len
         FROM layer_roads r WHERE r.class = ANY($1::text[]) AND ST_NPoints(r.geom) = 2
          AND EXISTS (SELECT 1 FROM layer_beats b WHERE ST_Contains(b.geom, r.geom))
        ORDER BY ST_Length(r.geom) DESC LIMIT 1`,
      [DRIVABLE],
    );
    expect(road.len).toBeGreaterThan(100);
    const coords = JSON.parse(road.g).coordinates as Xy[];
    const [a, b] = [coords[0], coords[1]];
    const split = 0.4;
    const p: Xy = [a[0] + split * (b[0] - a[0]), a[1] + split * (b[1] - a[1])];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const away: Xy = [p[0] - (60 * (b[1] - a[1])) / len, p[1] + (60 * (b[0] - a[0])) / len];
    const start = jst('2025-08-01T10:00:00');
    // Along the road to p, 60 m out at right angles and back, then on to its end: road.len + 120 m at 5 m/s.
    await track('TEST-PASS', 'police', gpsTrack([a, p, away, p, ...coords.slice(1)], () => 0.5, start, 5, 4, 0));
    const result = await run({ from: '2025-08-01', to: '2025-08-02' });
    const segment = ofKind(result, 'segment').find((s) => s.roadId === road.id)!;
    expect(segment).toMatchObject({ passes: 2, units: ['TEST-PASS'], passed: true });
    expect(Math.abs(Number(segment.dwellS) - road.len / 5)).toBeLessThan(2);
    expect(Math.abs(Date.parse(segment.lastPassAt as string) / 1000 - (start + (road.len + 120) / 5))).toBeLessThan(2);
    // The undated track (PC-2) counts in every period; the test track is the only other one in August.
    expect(ofKind(result, 'unit').map((u) => u.unit)).toEqual(['PC-2', 'TEST-PASS']);
    const unit = ofKind(result, 'unit').find((u) => u.unit === 'TEST-PASS')!;
    expect(unit).toMatchObject({ patrols: 1 });
    expect(Math.abs(Number(unit.km) - (road.len + 120) / 1000)).toBeLessThan(0.002);
    expect(Math.abs(Number(unit.hours) - (road.len + 120) / 5 / 3600)).toBeLessThan(0.001);
  });

  it('filters by hours of the day in Tokyo and by unit kind', async () => {
    const evening = await run({ ...JUNE, hours: { from: '19:00', to: '21:00' } });
    expect(ofKind(evening, 'unit').map((u) => u.unit)).toEqual(['青パト-1']);
    const [volunteer] = await q(`SELECT sum(ST_Length(ST_Transform(geom, 6677))) / 1000 AS km FROM layer_patrol_tracks WHERE kind = 'volunteer'`);
    expect(Math.abs(Number(evening.summary.km) - Number(volunteer.km))).toBeLessThan(0.002);
    expect(evening.summary).toMatchObject({ untimedTracks: 0 });
    expect(Number(evening.summary.untimedExcludedKm)).toBeGreaterThan(2);

    const foot = await run({ ...JUNE, kinds: ['foot'] });
    expect(ofKind(foot, 'unit').map((u) => u.unit)).toEqual(['徒歩-1']);
    const [walks] = await q(`SELECT sum(ST_Length(ST_Transform(geom, 6677))) / 1000 AS km FROM layer_patrol_tracks WHERE kind = 'foot'`);
    expect(Math.abs(Number(foot.summary.km) - Number(walks.km))).toBeLessThan(0.002);
  });

  it('rejects a missing period with 400 naming the field', async () => {
    const token = await h.t.tokenFor('police');
    const res = await h.t.http().post('/api/analyses').set('Authorization', `Bearer ${token}`).send({ type: 'patrol-coverage', params: { from: '2025-06-01' } }).expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_PARAMS', details: { field: 'to' } });
  });
});

/*
 * Per road in a beat: the length within the tolerance of a direction-compatible track segment,
 * from GEOS buffers. Each buffer cuts a stretch [lo, hi] of a road segment; overlapping stretches
 * are merged (gaps and islands), then summed.
 */
const BRUTE_FORCE_SQL = `
WITH rs AS (
  SELECT r.id, d.path[1] AS n, d.geom AS s, ST_Length(d.geom) AS len, ST_Azimuth(ST_StartPoint(d.geom), ST_EndPoint(d.geom)) AS az
    FROM layer_roads r CROSS JOIN LATERAL ST_DumpSegments(ST_Transform(r.geom, 6677)) d
   WHERE r.deleted_at IS NULL AND EXISTS (SELECT 1 FROM layer_beats b WHERE ST_Intersects(b.geom, r.geom))
), cuts AS (
  SELECT rs.id, rs.n, rs.len, least(f.a, f.b) AS lo, greatest(f.a, f.b) AS hi
    FROM rs JOIN ts ON ST_DWithin(rs.s, ts.s, $1) AND abs(cos(rs.az - ts.az)) >= cos(radians(45))
   CROSS JOIN LATERAL (SELECT ST_Intersection(rs.s, ts.b) AS g) p
   CROSS JOIN LATERAL (SELECT ST_LineLocatePoint(rs.s, ST_StartPoint(p.g)) AS a, ST_LineLocatePoint(rs.s, ST_EndPoint(p.g)) AS b) f
   WHERE GeometryType(p.g) = 'LINESTRING'
), ordered AS (
  SELECT *, max(hi) OVER (PARTITION BY id, n ORDER BY lo, hi ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach FROM cuts
), islands AS (
  SELECT *, count(*) FILTER (WHERE reach IS NULL OR lo > reach) OVER (PARTITION BY id, n ORDER BY lo, hi) AS island FROM ordered
), covered AS (
  SELECT id, sum(m) AS m FROM (SELECT id, max(len) * (max(hi) - min(lo)) AS m FROM islands GROUP BY id, n, island) x GROUP BY id
)
SELECT r.id::int AS id, sum(rs.len) AS len, coalesce(max(c.m), 0) AS covered
  FROM (SELECT DISTINCT id FROM rs) r JOIN rs ON rs.id = r.id LEFT JOIN covered c ON c.id = r.id
 GROUP BY r.id ORDER BY r.id`;
