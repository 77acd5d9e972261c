import { loadDemo } from '@mimamori/db';
import { startAnalysisHarness, AnalysisHarness } from '../testing/analysis-harness';

/*
 * The coverage engine against an independent brute force in PostGIS, on routes and cameras it
 * has never seen: routes laid on real Shinjuku streets, cameras and lights placed at random
 * (fixed seed) next to them, the real OSM buildings as occluders. The brute force samples every
 * half metre of each route and tests distance, angle and the sight line (from 1 m out of the
 * camera) against building interiors, and distance to each light.
 */
const SEED = 424242;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BRUTE_FORCE = `
WITH r AS (SELECT id, ST_Transform(geom, 6677) AS g FROM layer_school_routes WHERE id = ANY($1::bigint[])),
parts AS (SELECT id, (ST_Dump(g)).geom AS g FROM r),
s AS (SELECT parts.id, ST_LineInterpolatePoint(parts.g, LEAST(1.0, (k + 0.25) / ST_Length(parts.g))) AS p
        FROM parts, generate_series(0, floor(ST_Length(parts.g) * 2)::int - 1) AS k(k0) CROSS JOIN LATERAL (SELECT k0 / 2.0 AS k) kk)
SELECT s.id::int AS id, count(*)::int AS n,
  count(*) FILTER (WHERE EXISTS (
    SELECT 1 FROM bf_cam c
     WHERE ST_DWithin(c.g, s.p, c.range_m)
       AND (c.hfov_deg >= 360 OR abs(mod((degrees(ST_Azimuth(c.g, s.p)) - c.bearing_deg + 540)::numeric, 360) - 180) <= c.hfov_deg / 2)
       AND (ST_Distance(c.g, s.p) <= 1 OR NOT EXISTS (
         SELECT 1 FROM bf_bld b, LATERAL (SELECT ST_LineSubstring(ST_MakeLine(c.g, s.p), 1 / ST_Distance(c.g, s.p), 1) AS sight) l
          WHERE b.g && l.sight AND ST_Relate(l.sight, b.g, 'T********')))
  ))::int AS seen,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM bf_light l WHERE ST_DWithin(l.g, s.p, l.radius_m)))::int AS lit
FROM s GROUP BY s.id`;

describe('coverage agrees with a brute-force PostGIS check on unseen data', () => {
  let h: AnalysisHarness;

  beforeAll(async () => {
    h = await startAnalysisHarness();
    await loadDemo(h.t.db);
  }, 120_000);
  afterAll(() => h.close());

  it('per-route % seen (with occlusion) and % lit within 1 percentage point', async () => {
    const db = h.t.db;
    const rand = mulberry32(SEED);
    const roads: { id: number }[] = await db.query(
      `SELECT id::int FROM layer_roads WHERE class IN ('residential', 'tertiary', 'unclassified', 'secondary')
          AND ST_Length(ST_Transform(geom, 6677)) BETWEEN 150 AND 600 ORDER BY id`,
    );
    const picked = Array.from({ length: 6 }, () => roads[Math.floor(rand() * roads.length)].id);
    const routeIds: number[] = [];
    for (const [i, roadId] of [...new Set(picked)].entries()) {
      const [row] = await db.query(
        `INSERT INTO layer_school_routes (organisation_id, school, name, geom)
         SELECT $1, 'テスト小学校', $2, ST_Multi(geom) FROM layer_roads WHERE id = $3 RETURNING id::int`,
        [h.t.orgs.city, `brute-force route ${i}`, roadId],
      );
      routeIds.push(row.id);
      for (let k = 0; k < 6; k++) {
        await db.query(
          `INSERT INTO layer_cameras (organisation_id, bearing_deg, hfov_deg, range_m, status, geom)
           SELECT $1, $2, $3, $4, 'active', ST_Transform(ST_Translate(ST_LineInterpolatePoint(ST_Transform(geom, 6677), $5), $6, $7), 4326)
             FROM layer_roads WHERE id = $8`,
          [h.t.orgs.city, rand() * 360, 30 + rand() * 100, 15 + rand() * 30, rand(), (rand() - 0.5) * 16, (rand() - 0.5) * 16, roadId],
        );
        await db.query(
          `INSERT INTO layer_streetlights (organisation_id, lamp_type, radius_m, status, geom)
           SELECT $1, 'led', $2, 'active', ST_Transform(ST_Translate(ST_LineInterpolatePoint(ST_Transform(geom, 6677), $3), $4, $5), 4326)
             FROM layer_roads WHERE id = $6`,
          [h.t.orgs.city, 6 + rand() * 12, rand(), (rand() - 0.5) * 10, (rand() - 0.5) * 10, roadId],
        );
      }
    }

    const run = await h.run('coverage', { targets: 'school-routes', ids: routeIds, minGapM: 0 });
    expect(run.status).toBe('succeeded');

    // Temp tables live on one connection: the whole check runs in one transaction.
    const brute: { id: number; n: number; seen: number; lit: number }[] = await db.transaction(async (tx) => {
      await tx.query(`CREATE TEMP TABLE bf_cam ON COMMIT DROP AS
        SELECT ST_Transform(geom, 6677) AS g, bearing_deg, hfov_deg, range_m FROM layer_cameras WHERE deleted_at IS NULL AND status = 'active'`);
      await tx.query(`CREATE TEMP TABLE bf_light ON COMMIT DROP AS
        SELECT ST_Transform(geom, 6677) AS g, radius_m FROM layer_streetlights WHERE deleted_at IS NULL AND status = 'active'`);
      await tx.query(`CREATE TEMP TABLE bf_bld ON COMMIT DROP AS SELECT ST_Transform(geom, 6677) AS g FROM layer_buildings WHERE deleted_at IS NULL`);
      await tx.query(`CREATE INDEX ON bf_bld USING gist (g)`);
      await tx.query(`ANALYZE bf_bld`);
      return tx.query(BRUTE_FORCE, [routeIds]);
    });
    const unoccluded = await h.run('coverage', { targets: 'school-routes', ids: routeIds, minGapM: 0, occlusion: false });

    const lines = new Map(run.features.filter((f) => f.properties.kind === 'line').map((f) => [f.properties.targetId as number, f.properties]));
    expect(brute).toHaveLength(routeIds.length);
    let seenSomething = 0;
    for (const b of brute) {
      const line = lines.get(b.id)!;
      const bruteSeen = (100 * b.seen) / b.n;
      const bruteLit = (100 * b.lit) / b.n;
      expect({ route: b.id, seenDiff: Math.abs((line.seenPct as number) - bruteSeen) <= 1, litDiff: Math.abs((line.litPct as number) - bruteLit) <= 1 }).toEqual({
        route: b.id,
        seenDiff: true,
        litDiff: true,
      });
      if (bruteSeen > 0) seenSomething++;
    }
    // The scene must exercise the engine: cameras see parts of most routes, and buildings block some views.
    expect(seenSomething).toBeGreaterThanOrEqual(Math.ceil(routeIds.length / 2));
    const seenWithout = unoccluded.features.filter((f) => f.properties.kind === 'line').reduce((sum, f) => sum + (f.properties.seenM as number), 0);
    const seenWith = [...lines.values()].reduce((sum, l) => sum + (l.seenM as number), 0);
    expect(seenWithout).toBeGreaterThan(seenWith);
  }, 300_000);
});
