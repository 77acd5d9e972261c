import type { Role } from '@mimamori/db';
import { zipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../../testing/test-app';

const FIXTURES = join(__dirname, 'fixtures');
const fixture = (name: string) => join(FIXTURES, name);

describe('GPX, KML, GeoJSON, GeoPackage and Shapefile files the tests have not seen (real PostGIS)', () => {
  let t: TestApp;
  let work: string;
  const auth = async (role: Role) => `Bearer ${await t.tokenFor(role)}`;
  const post = async (path: string, file: string | Buffer, name: string, query = '', role: Role = 'police') =>
    t
      .http()
      .post(`/api/layers/${path}${query}`)
      .set('Authorization', await auth(role))
      .attach('file', file, name);
  const defaults = (values: Record<string, unknown>) => `?defaults=${encodeURIComponent(JSON.stringify(values))}`;

  beforeAll(async () => {
    t = await createTestApp();
    work = mkdtempSync(join(tmpdir(), 'mimamori-formats-test-'));
  });
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await t.close();
  });

  describe('GPX', () => {
    it('imports every track segment as a patrol track with per-vertex times; tracks without times keep unknown times', async () => {
      const res = await post('patrol-tracks/import', fixture('patrol-tracks.gpx'), 'patrol-tracks.gpx', defaults({ kind: 'foot' }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ imported: 4, updated: 0, skipped: 1, rejected: [] });
      const rows = await t.db.query(
        `SELECT unit, kind, started_at, ended_at, ST_NPoints(geom) AS points,
                (SELECT array_agg(NULLIF(ST_M(dp.geom), 'NaN') ORDER BY dp.path) FROM ST_DumpPoints(geom) dp) AS times
           FROM layer_patrol_tracks ORDER BY id`,
      );
      const at = (iso: string) => Date.parse(iso) / 1000;
      expect(rows).toEqual([
        {
          unit: '青パト1号',
          kind: 'volunteer',
          started_at: new Date('2025-04-01T08:00:00Z'),
          ended_at: new Date('2025-04-01T08:15:00Z'),
          points: 4,
          times: [at('2025-04-01T08:00:00Z'), at('2025-04-01T08:05:00Z'), at('2025-04-01T08:10:00Z'), at('2025-04-01T08:15:00Z')],
        },
        expect.objectContaining({ unit: 'PC-12 新宿', kind: 'police', points: 3, started_at: new Date('2025-04-01T12:00:00Z'), ended_at: new Date('2025-04-01T12:02:00Z') }),
        expect.objectContaining({ unit: 'PC-12 新宿', kind: 'police', points: 2, times: [at('2025-04-01T12:30:00Z'), at('2025-04-01T12:32:00Z')] }),
        { unit: '徒歩巡回 (記録時刻なし)', kind: 'foot', started_at: null, ended_at: null, points: 3, times: [null, null, null] },
      ]);
    });

    it('imports waypoints into a point layer and skips the tracks', async () => {
      const res = await post('facilities/import', fixture('patrol-tracks.gpx'), 'p.gpx', defaults({ kind: 'refuge' }));
      expect(res.body).toEqual({ imported: 1, updated: 0, skipped: 3, rejected: [] });
      expect(await t.db.query(`SELECT kind, name FROM layer_facilities`)).toEqual([{ kind: 'refuge', name: '集合場所' }]);
    });

    it('rejects a malformed GPX with the line and the element that broke it, writing nothing', async () => {
      const before = (await t.db.query(`SELECT count(*)::int AS n FROM layer_patrol_tracks`))[0].n;
      const res = await post('patrol-tracks/import', fixture('malformed.gpx'), 'malformed.gpx');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_FILE', details: { line: 8, element: 'trkpt' } });
      expect(res.body.message).toMatch(/not well-formed XML: line 8, column \d+: .*\(inside <trkpt> opened at line 7\)/);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM layer_patrol_tracks`))[0].n).toBe(before);
    });

    it('refuses GPX for a polygon layer', async () => {
      const res = await post('beats/import', fixture('patrol-tracks.gpx'), 'p.gpx');
      expect(res.body).toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: 'GPX files can be imported into point and line layers, not beats' });
    });
  });

  it('imports KML placemarks with their ExtendedData, skipping a line in a point layer', async () => {
    const res = await post('cameras/import', fixture('cameras.kml'), 'cameras.kml', '', 'planner');
    expect(res.body).toEqual({ imported: 2, updated: 0, skipped: 1, rejected: [] });
    const rows = await t.db.query(`SELECT name, bearing_deg, hfov_deg, range_m, owner, extra, ST_AsText(geom) AS wkt FROM layer_cameras ORDER BY name`);
    expect(rows).toEqual([
      { name: '公園南口', bearing_deg: 200, hfov_deg: 90, range_m: 30, owner: null, extra: {}, wkt: 'POINT(139.7101 35.7013)' },
      { name: '戸山ハイツ北', bearing_deg: 45, hfov_deg: 70, range_m: 25, owner: '戸山町会', extra: { description: '<b>町会設置</b>' }, wkt: 'POINT(139.7085 35.7042)' },
    ]);
  });

  it('imports school routes and beats from GeoJSON with Japanese property names', async () => {
    const routes = await post('school-routes/import', fixture('school-routes.geojson'), 'routes.geojson', '', 'planner');
    expect(routes.body).toEqual({ imported: 2, updated: 0, skipped: 0, rejected: [] });
    expect(await t.db.query(`SELECT school, name, grades, period, pupils, ST_NumGeometries(geom) AS parts FROM layer_school_routes ORDER BY pupils`)).toEqual([
      { school: '戸山小学校', name: '高田馬場方面', grades: '1-3', period: 'afternoon', pupils: 17, parts: 2 },
      { school: '戸山小学校', name: '大久保方面', grades: '1-6', period: 'morning', pupils: 42, parts: 1 },
    ]);
    const byPlanner = await post('beats/import', fixture('beats.geojson'), 'beats.geojson', '', 'planner');
    expect(byPlanner.body.details.rejected[0]).toMatchObject({ row: 1, code: 'INVALID_PROPERTY', reason: 'only police and admin may set households' });
    const beats = await post('beats/import', fixture('beats.geojson'), 'beats.geojson', '', 'police');
    expect(beats.body).toEqual({ imported: 2, updated: 0, skipped: 0, rejected: [] });
    expect(await t.db.query(`SELECT code, name, post, station, households, priority_households, round(ST_Area(geom::geography)) AS m2 FROM layer_beats ORDER BY code`)).toEqual([
      { code: 'TOYAMA-1', name: '戸山一丁目受持区', post: '戸山交番', station: '牛込警察署', households: 1200, priority_households: 35, m2: expect.any(Number) },
      expect.objectContaining({ code: 'TOYAMA-2', households: 800, priority_households: 12 }),
    ]);
  });

  describe('GDAL formats in a plane-rectangular CRS (written here with ogr2ogr in EPSG:6677)', () => {
    const original = JSON.parse(readFileSync(fixture('facilities.geojson'), 'utf8')).features as {
      properties: Record<string, string>;
      geometry: { coordinates: [number, number] };
    }[];
    const expectBackInPlace = async () => {
      const rows: { name: string; kind: string; lon: number; lat: number }[] = await t.db.query(
        `SELECT name, kind, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM layer_facilities ORDER BY id`,
      );
      expect(rows.map((r) => [r.name, r.kind])).toEqual([
        ['戸山交番', 'koban'],
        ['戸山小学校', 'school'],
        ['こども110番の家 山田商店', 'refuge'],
      ]);
      rows.forEach((r, i) => {
        expect(Math.abs(r.lon - original[i].geometry.coordinates[0])).toBeLessThan(1e-7);
        expect(Math.abs(r.lat - original[i].geometry.coordinates[1])).toBeLessThan(1e-7);
      });
    };

    it('a GeoPackage: CRS detected, transformed to EPSG:4326 by PostGIS', async () => {
      const gpkg = join(work, 'facilities.gpkg');
      execFileSync('ogr2ogr', ['-f', 'GPKG', gpkg, fixture('facilities.geojson'), '-t_srs', 'EPSG:6677', '-nln', 'shisetsu']);
      await t.db.query(`DELETE FROM layer_facilities`);
      const preview = await post('facilities/import/preview', gpkg, 'facilities.gpkg');
      expect(preview.body).toMatchObject({ format: 'gpkg', crs: { srid: 6677, how: 'detected' }, mapping: { name: '名称', kind: '種別' }, valid: 3 });
      expect((await post('facilities/import', gpkg, 'facilities.gpkg')).body).toMatchObject({ imported: 3, rejected: [] });
      await expectBackInPlace();
    });

    it('a zipped Shapefile with a .prj and a .cpg', async () => {
      const dir = join(work, 'shp');
      execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', dir, fixture('facilities.geojson'), '-t_srs', 'EPSG:6677', '-nln', '施設', '-lco', 'ENCODING=UTF-8']);
      const zip = Buffer.from(zipSync(Object.fromEntries(readdirSync(dir).map((f) => [`shisetsu/${f}`, readFileSync(join(dir, f))]))));
      await t.db.query(`DELETE FROM layer_facilities`);
      const preview = await post('facilities/import/preview', zip, 'shisetsu.zip');
      expect(preview.body).toMatchObject({ format: 'shapefile', encoding: 'UTF-8', crs: { srid: 6677 } });
      expect((await post('facilities/import', zip, 'shisetsu.zip')).body).toMatchObject({ imported: 3, rejected: [] });
      await expectBackInPlace();
    });

    it('a Shapefile without .prj takes zone= for its plane-rectangular coordinates', async () => {
      const dir = join(work, 'noprj');
      execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', dir, fixture('facilities.geojson'), '-t_srs', 'EPSG:6677', '-nln', 'f', '-lco', 'ENCODING=UTF-8']);
      const files = readdirSync(dir).filter((f) => !f.endsWith('.prj'));
      const zip = Buffer.from(zipSync(Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f))]))));
      await t.db.query(`DELETE FROM layer_facilities`);
      const withoutZone = await post('facilities/import', zip, 'f.zip');
      expect(withoutZone.body.details.rejected[0]).toMatchObject({ code: 'OUT_OF_BOUNDS' });
      expect((await post('facilities/import', zip, 'f.zip', '?zone=IX')).body).toMatchObject({ imported: 3 });
      await expectBackInPlace();
    });
  });
});
