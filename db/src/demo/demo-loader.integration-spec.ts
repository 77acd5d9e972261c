import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import type { DataSource } from 'typeorm';
import { createDataSource, initDataSource } from '../data-source';
import { LAYERS } from '../layers/layer-registry';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { loadDemo, type DemoSummary } from './demo-loader';
import { DEMO_DATA_DIR } from './source-data';

type Props = Record<string, string | number | null>;
const source = (file: string) => JSON.parse(readFileSync(join(DEMO_DATA_DIR, file), 'utf8')) as FeatureCollection<never, Props>;

describe('loadDemo (real PostGIS)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let first: DemoSummary;
  let concurrent: DemoSummary;
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => ((await ds.query(sql, params)) as T[])[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await initDataSource(createDataSource({ databaseUrl: db.url, applicationName: 'demo-loader-spec' }));
    // Two loads at once (e.g. `npm start` and `npm run demo:load`): the advisory lock lets one write.
    const both = await Promise.all([loadDemo(ds), loadDemo(ds)]);
    [first, concurrent] = both[0].action === 'loaded' ? both : [both[1], both[0]];
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('loads every real feature of the source files, within 20 s', () => {
    const shelterIds = new Set([...source('shelters-evacuation.geojson').features, ...source('shelters-emergency.geojson').features].map((f) => f.properties['共通ID']));
    const pois = source('pois.geojson').features.map((f) => f.properties);
    expect(first.action).toBe('loaded');
    expect(first.layers.roads).toEqual({ rows: source('roads.geojson').features.length, sample: 0 });
    expect(first.layers.roads.rows).toBe(594);
    // Every OSM footprint is valid as published: none repaired, none dropped.
    expect(first.layers.buildings).toEqual({ rows: 2573, sample: 0 });
    expect(first.repairedPolygons).toBe(0);
    expect(first.skipped).toBe(0);
    expect(first.layers.blocks).toEqual({ rows: 153, sample: 0 });
    const schools = pois.filter((p) => p.amenity === 'school' || p.amenity === 'kindergarten').length;
    // Real koban, schools and shelters, plus generated sample refuges and convenience stores.
    expect(first.layers.facilities.rows - first.layers.facilities.sample).toBe(3 + schools + shelterIds.size);
    expect(first.layers.facilities.sample).toBeGreaterThanOrEqual(20);
    expect(shelterIds.size).toBe(139);
    expect(first.layers.streetlights.rows - first.layers.streetlights.sample).toBe(pois.filter((p) => p.highway === 'street_lamp').length);
    expect(first.elapsedMs).toBeLessThan(20_000);
  });

  it('writes once when two loads run at the same time', () => {
    expect([first.action, concurrent.action]).toEqual(['loaded', 'already-loaded']);
    expect(concurrent.layers).toEqual(first.layers);
  });

  it('keeps the real koban and block attributes', async () => {
    const kobans: { name: string }[] = await ds.query(`SELECT name FROM layer_facilities WHERE kind = 'koban' ORDER BY name`);
    expect(kobans.map((k) => k.name)).toEqual(['大久保交番', '新宿警察署百人町交番', '牛込警察署戸山町交番']);
    const okubo = source('blocks-with-crime.geojson').features.find((f) => f.properties.S_NAME === '大久保２丁目')?.properties;
    const row = await one<{ households: number; population: number; crimes: Record<string, Record<string, number>> }>(
      `SELECT households, population, crimes FROM layer_blocks WHERE name = '大久保２丁目'`,
    );
    expect(row.households).toBe(okubo?.SETAI);
    expect(row.households).toBe(5736);
    expect(row.population).toBe(okubo?.JINKO);
    expect(row.crimes['2025'].total).toBe(okubo?.crime_R7_total);
  });

  it('flags generated rows as sample and real rows as not', async () => {
    const generated = ['cameras', 'school-routes', 'patrol-tracks', 'beats'] as const;
    for (const id of generated) expect(first.layers[id].rows).toBeGreaterThan(0);
    for (const id of generated) expect(first.layers[id].sample).toBe(first.layers[id].rows);
    const areas: { name: string; sample: boolean }[] = await ds.query('SELECT name, sample FROM layer_areas ORDER BY name');
    expect(areas).toEqual([
      { name: '戸塚警察署 管内 (サンプル)', sample: true },
      { name: '新宿区', sample: false },
    ]);
    expect(first.layers.cameras.rows).toBe(100);
    expect(first.layers.beats.rows).toBe(3);
  });

  it('stores only valid geometries inside Japan', async () => {
    for (const layer of LAYERS) {
      const r = await one<{ n: number; bad: number; outside: number }>(
        `SELECT count(*)::int AS n, (count(*) FILTER (WHERE NOT ST_IsValid(geom)))::int AS bad,
                (count(*) FILTER (WHERE NOT ST_CoveredBy(geom, ST_MakeEnvelope(122, 20, 154, 46, 4326))))::int AS outside
         FROM ${layer.table}`,
      );
      expect({ layer: layer.id, bad: r.bad, outside: r.outside }).toEqual({ layer: layer.id, bad: 0, outside: 0 });
      expect(r.n).toBe(first.layers[layer.id].rows);
    }
  });

  it('builds the ward from all blocks and beats that tile the sample station area', async () => {
    const ward = await one<{ km2: number }>(`SELECT ST_Area(ST_Transform(geom, 6677)) / 1e6 AS km2 FROM layer_areas WHERE kind = 'ward'`);
    // 新宿区 is 18.22 km² (国土地理院 面積調); the 2015 census boundaries give 18.27 km².
    expect(ward.km2).toBeCloseTo(18.27, 1);
    const tiling = await one<{ diff_m2: number; overlap_m2: number; households: number; block_households: number }>(
      `WITH b AS (SELECT ST_Union(geom) AS u, sum(households)::int AS households FROM layer_beats),
            s AS (SELECT geom FROM layer_areas WHERE kind = 'police-station')
       SELECT ST_Area(ST_Transform(ST_SymDifference(b.u, s.geom), 6677)) AS diff_m2,
              (SELECT coalesce(sum(ST_Area(ST_Transform(ST_Intersection(x.geom, y.geom), 6677))), 0) FROM layer_beats x JOIN layer_beats y ON x.id < y.id) AS overlap_m2,
              b.households,
              (SELECT sum(households)::int FROM layer_blocks k WHERE ST_Within(ST_PointOnSurface(k.geom), s.geom)) AS block_households
       FROM b, s`,
    );
    expect(tiling.diff_m2).toBeLessThan(1);
    expect(tiling.overlap_m2).toBeLessThan(1);
    expect(tiling.households).toBe(tiling.block_households);
  });

  it('stores patrol tracks with strictly increasing vertex times inside the 30 days before 2026-11-01', async () => {
    const r = await one<{ tracks: number; not_increasing: number; first_start: string; last_end: string; mismatched: number }>(
      `WITH pts AS (
         SELECT t.id, ST_M(dp.geom) AS m, lag(ST_M(dp.geom)) OVER (PARTITION BY t.id ORDER BY dp.path) AS prev
         FROM layer_patrol_tracks t, ST_DumpPoints(t.geom) dp)
       SELECT (SELECT count(*)::int FROM layer_patrol_tracks) AS tracks,
              (SELECT count(*)::int FROM pts WHERE prev IS NOT NULL AND m <= prev) AS not_increasing,
              (SELECT min(started_at) FROM layer_patrol_tracks)::text AS first_start,
              (SELECT max(ended_at) FROM layer_patrol_tracks)::text AS last_end,
              (SELECT count(*)::int FROM layer_patrol_tracks
                WHERE extract(epoch FROM started_at) <> ST_M(ST_StartPoint(geom)) OR extract(epoch FROM ended_at) <> ST_M(ST_EndPoint(geom))) AS mismatched`,
    );
    expect(r.tracks).toBe(60);
    expect(r.not_increasing).toBe(0);
    expect(r.mismatched).toBe(0);
    expect(new Date(r.first_start).getTime()).toBeGreaterThanOrEqual(Date.parse('2026-10-02T00:00:00+09:00'));
    expect(new Date(r.last_end).getTime()).toBeLessThan(Date.parse('2026-11-01T00:00:00+09:00'));
  });

  it('ends every school route near its real school', async () => {
    const rows: { school: string; end_m: number }[] = await ds.query(
      `SELECT r.school, ST_Distance(ST_Transform(ST_EndPoint(ST_GeometryN(r.geom, 1)), 6677), ST_Transform(f.geom, 6677)) AS end_m
       FROM layer_school_routes r JOIN layer_facilities f ON f.name = r.school AND f.kind = 'school'`,
    );
    expect(rows.length).toBe(first.layers['school-routes'].rows);
    expect(new Set(rows.map((r) => r.school))).toEqual(new Set(['新宿区立 東戸山小学校', '新宿区立 西戸山小学校', '新宿区立 戸山小学校']));
    for (const r of rows) expect(r.end_m).toBeLessThan(150);
  });

  it('is a no-op the second time: same counts, no duplicates, no layer version bumped', async () => {
    const versions = async () => ds.query('SELECT layer, version FROM layer_state ORDER BY layer');
    const before = await versions();
    const again = await loadDemo(ds);
    expect(again.action).toBe('already-loaded');
    expect(again.layers).toEqual(first.layers);
    expect(again.skipped).toBeNull();
    expect(await versions()).toEqual(before);
    const dupes = await one<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT external_id FROM layer_roads GROUP BY external_id HAVING count(*) > 1) d`);
    expect(dupes.n).toBe(0);
  });

  it('reset deletes everything (analysis runs included) and loads the same data again', async () => {
    await ds.query(`DELETE FROM layer_roads WHERE id IN (SELECT id FROM layer_roads ORDER BY id LIMIT 10)`);
    const edited = await loadDemo(ds);
    expect(edited.action).toBe('already-loaded');
    expect(edited.layers.roads.rows).toBe(594 - 10);
    await ds.query(
      `INSERT INTO layer_cameras (organisation_id, name, bearing_deg, hfov_deg, range_m, geom)
       SELECT id, 'user camera', 90, 60, 30, ST_SetSRID(ST_MakePoint(139.70, 35.70), 4326) FROM organisation LIMIT 1`,
    );
    await ds.query(`INSERT INTO analysis_run (type, params, fingerprint) VALUES ('coverage', '{}', 'x')`);
    const camera = await one<{ bearing_deg: number; geom: string }>(`SELECT bearing_deg, ST_AsText(geom) AS geom FROM layer_cameras WHERE external_id = 'sample:camera:042'`);

    const reset = await loadDemo(ds, { reset: true });

    expect(reset.action).toBe('loaded');
    expect(reset.layers).toEqual(first.layers);
    expect(await one<{ n: number }>(`SELECT count(*)::int AS n FROM layer_cameras WHERE name = 'user camera'`)).toEqual({ n: 0 });
    expect(await one<{ n: number }>('SELECT count(*)::int AS n FROM analysis_run')).toEqual({ n: 0 });
    // Deterministic: the same sample camera comes back identical.
    expect(await one(`SELECT bearing_deg, ST_AsText(geom) AS geom FROM layer_cameras WHERE external_id = 'sample:camera:042'`)).toEqual(camera);
  }, 60_000);
});
