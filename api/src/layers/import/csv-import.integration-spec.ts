import type { Role } from '@mimamori/db';
import iconv from 'iconv-lite';
import { createTestApp, TestApp } from '../../testing/test-app';

/** A camera register as a city exports it from Excel: Shift_JIS, Japanese headers, Japanese values. */
const CAMERA_REGISTER = [
  '管理番号,名称,緯度,経度,方向,画角,撮影距離(m),状態,設置者,設置日,夜間',
  'C-001,戸山公園入口,35.70312,139.71045,90,60,30,稼働中,新宿区,令和6年4月1日,○',
  'C-002,大久保通り交差点,35.70101,139.70422,180.5,45,25,計画,戸山商店会,2023/10/15,×',
  'C-003,西早稲田駅前,35.70790,139.70901,270,90,40,故障,新宿区,2022-07-01,',
].join('\r\n');

const STREETLIGHTS = ['lat,lon,lamp_type,watts,owner', '35.7031,139.7101,LED,40,新宿区', '35.7035,139.7109,蛍光灯,32,町会'].join('\n');

describe('CSV import (real PostGIS)', () => {
  let t: TestApp;
  const auth = async (role: Role) => `Bearer ${await t.tokenFor(role)}`;
  const count = async (table: string): Promise<number> => (await t.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE deleted_at IS NULL`))[0].n;
  const post = async (path: string, body: Buffer | string, name: string, query = '', role: Role = 'planner') =>
    t
      .http()
      .post(`/api/layers/${path}${query}`)
      .set('Authorization', await auth(role))
      .attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), name);
  const q = (params: Record<string, unknown>) =>
    '?' + Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`).join('&');

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('imports a Shift_JIS camera register with Japanese headers and values, detecting the encoding', async () => {
    const sjis = iconv.encode(CAMERA_REGISTER, 'cp932');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(sjis)).toThrow();
    const res = await post('cameras/import', sjis, 'カメラ台帳.csv');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 3, updated: 0, skipped: 0, rejected: [] });
    const rows = await t.db.query(
      `SELECT name, bearing_deg, hfov_deg, range_m, status, owner, installed_on::text, night_capable, extra, ST_X(geom) AS lon, ST_Y(geom) AS lat
         FROM layer_cameras ORDER BY name`,
    );
    expect(rows).toEqual([
      {
        name: '大久保通り交差点',
        bearing_deg: 180.5,
        hfov_deg: 45,
        range_m: 25,
        status: 'planned',
        owner: '戸山商店会',
        installed_on: '2023-10-15',
        night_capable: false,
        extra: { 管理番号: 'C-002' },
        lon: 139.70422,
        lat: 35.70101,
      },
      expect.objectContaining({ name: '戸山公園入口', status: 'active', installed_on: '2024-04-01', night_capable: true, lon: 139.71045, lat: 35.70312 }),
      expect.objectContaining({ name: '西早稲田駅前', status: 'out_of_service', installed_on: '2022-07-01', night_capable: null, range_m: 40 }),
    ]);
  });

  it('imports a UTF-8 CSV with a BOM and English headers, filling each lamp type’s lit radius', async () => {
    const res = await post('streetlights/import', '\uFEFF' + STREETLIGHTS, 'lights.csv');
    expect(res.body).toEqual({ imported: 2, updated: 0, skipped: 0, rejected: [] });
    const rows = await t.db.query(`SELECT lamp_type, watts, radius_m, owner, status FROM layer_streetlights ORDER BY watts`);
    expect(rows).toEqual([
      { lamp_type: 'fluorescent', watts: 32, radius_m: 12, owner: '町会', status: 'active' },
      { lamp_type: 'led', watts: 40, radius_m: 15, owner: '新宿区', status: 'active' },
    ]);
  });

  it('previews a file without writing: encoding, columns, mapping and the first rows as features', async () => {
    const before = await count('layer_cameras');
    const res = await post('cameras/import/preview', iconv.encode(CAMERA_REGISTER, 'cp932'), 'cameras.csv', '?limit=2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      format: 'csv',
      encoding: 'Shift_JIS (CP932)',
      columns: ['管理番号', '名称', '緯度', '経度', '方向', '画角', '撮影距離(m)', '状態', '設置者', '設置日', '夜間'],
      mapping: { name: '名称', lat: '緯度', lon: '経度', bearing_deg: '方向', hfov_deg: '画角', range_m: '撮影距離(m)', status: '状態', owner: '設置者', installed_on: '設置日', night_capable: '夜間' },
      mappingSource: 'detected',
      total: 3,
      valid: 3,
      rejected: [],
    });
    expect(res.body.rows).toHaveLength(2);
    expect(res.body.rows[0]).toMatchObject({
      row: 2,
      columns: { 名称: '戸山公園入口', 緯度: '35.70312' },
      geometry: { type: 'Point', coordinates: [139.71045, 35.70312] },
      properties: { name: '戸山公園入口', bearing_deg: 90, status: 'active' },
      problem: null,
    });
    expect(await count('layer_cameras')).toBe(before);
  });

  it('uses an explicit column mapping and remembers it for the next file with the same columns', async () => {
    const csv = ['カメラ名,北緯,東経,向き,視野,届く距離', 'A,35.7001,139.7001,10,50,20'].join('\n');
    const mapping = { name: 'カメラ名', lat: '北緯', lon: '東経', bearing_deg: '向き', hfov_deg: '視野', range_m: '届く距離' };
    const first = await post('cameras/import', csv, 'a.csv', q({ mapping }));
    expect(first.body).toMatchObject({ imported: 1, rejected: [] });
    const next = ['カメラ名,北緯,東経,向き,視野,届く距離', 'B,35.7002,139.7002,20,55,22'].join('\n');
    const preview = await post('cameras/import/preview', next, 'b.csv');
    expect(preview.body).toMatchObject({ mappingSource: 'saved', mapping, valid: 1 });
    expect((await post('cameras/import', next, 'b.csv')).body).toMatchObject({ imported: 1, rejected: [] });
    expect(await t.db.query(`SELECT name, bearing_deg, range_m FROM layer_cameras WHERE name IN ('A', 'B') ORDER BY name`)).toEqual([
      { name: 'A', bearing_deg: 10, range_m: 20 },
      { name: 'B', bearing_deg: 20, range_m: 22 },
    ]);
  });

  it('places JGD2011 plane-rectangular X/Y (X is the northing) with zone=9', async () => {
    // Zone IX's origin is 36°N 139°50′E. Along its central meridian (scale 0.9999) 1,000 m of grid is
    // 1,000.1 m of ground; a degree of latitude at 36° is 110,959 m (GRS80), so 0.0090133°.
    const csv = ['name,X,Y,bearing,fov,range', '原点,0,0,0,60,30', '北1km,1000,0,0,60,30'].join('\n');
    const res = await post('cameras/import', csv, 'plane.csv', '?zone=9');
    expect(res.body).toMatchObject({ imported: 2, rejected: [] });
    const [origin, north] = await t.db.query(`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM layer_cameras WHERE name IN ('原点', '北1km') ORDER BY name DESC`);
    expect(origin.lon).toBeCloseTo(139 + 50 / 60, 9);
    expect(origin.lat).toBeCloseTo(36, 9);
    expect(north.lon).toBeCloseTo(139 + 50 / 60, 9);
    expect(north.lat).toBeCloseTo(36.0090133, 6);
  });

  it('re-importing with key= updates the same features: versions bumped, audit rows written, no duplicates', async () => {
    const register = iconv.encode(CAMERA_REGISTER, 'cp932');
    await t.db.query(`DELETE FROM layer_cameras`);
    expect((await post('cameras/import', register, 'r.csv', '?key=管理番号')).body).toMatchObject({ imported: 3, updated: 0 });
    const changed = iconv.encode(CAMERA_REGISTER.replace('C-001,戸山公園入口,35.70312,139.71045,90', 'C-001,戸山公園入口,35.70312,139.71045,95'), 'cp932');
    const audits = (await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'update'`))[0].n;
    expect((await post('cameras/import', changed, 'r.csv', '?key=管理番号')).body).toEqual({ imported: 0, updated: 3, skipped: 0, rejected: [] });
    expect(await count('layer_cameras')).toBe(3);
    expect(await t.db.query(`SELECT external_id, version, bearing_deg FROM layer_cameras ORDER BY external_id`)).toEqual([
      { external_id: 'C-001', version: 2, bearing_deg: 95 },
      { external_id: 'C-002', version: 2, bearing_deg: 180.5 },
      { external_id: 'C-003', version: 2, bearing_deg: 270 },
    ]);
    const [audit] = await t.db.query(
      `SELECT a.before->'properties'->>'bearing_deg' AS before, a.after->'properties'->>'bearing_deg' AS after
         FROM audit_log a JOIN layer_cameras c ON c.id = a.feature_id WHERE a.action = 'update' AND c.external_id = 'C-001'`,
    );
    expect(audit).toEqual({ before: '90', after: '95' });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'update'`))[0].n).toBe(audits + 3);
  });

  it('rejects a key that appears twice in one file, naming both rows', async () => {
    const csv = ['id,lat,lon,bearing,fov,range', 'K1,35.70,139.70,0,60,30', 'K1,35.71,139.71,0,60,30'].join('\n');
    const res = await post('cameras/import/preview', csv, 'dup.csv', '?key=id');
    expect(res.body.rejected).toEqual([{ row: 3, code: 'INVALID_PROPERTY', field: 'key', reason: expect.stringMatching(/"K1" appears again \(first at row 2\)/) }]);
  });

  describe('bad input: a 4xx naming the row or part, and nothing written', () => {
    const thousand = (bad: (i: number) => string | null) =>
      ['name,lat,lon,bearing,fov,range', ...Array.from({ length: 1000 }, (_, i) => bad(i) ?? `cam${i},${35.70 + i * 1e-5},139.70,0,60,30`)].join('\n');

    it('one bad coordinate among 1,000 rows rejects the file in strict mode, naming its line', async () => {
      const before = await count('layer_cameras');
      const res = await post('cameras/import', thousand((i) => (i === 499 ? 'cam499,abc,139.70,0,60,30' : null)), 'big.csv');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'IMPORT_REJECTED', message: expect.stringMatching(/^1 of 1000 features are invalid/) });
      expect(res.body.details.rejected).toEqual([{ row: 501, code: 'INVALID_PROPERTY', field: 'lat', reason: 'lat (lat) must be a number, got "abc"' }]);
      expect(await count('layer_cameras')).toBe(before);
      const skipping = await post('cameras/import', thousand((i) => (i === 499 ? 'cam499,abc,139.70,0,60,30' : null)), 'big.csv', '?mode=skip-invalid');
      expect(skipping.body).toMatchObject({ imported: 999, rejected: [{ row: 501 }] });
      expect(await count('layer_cameras')).toBe(before + 999);
    });

    it('lat/lon swapped: OUT_OF_BOUNDS with the hint', async () => {
      const before = await count('layer_cameras');
      const res = await post('cameras/import', 'name,lat,lon,bearing,fov,range\nx,139.70,35.70,0,60,30\n', 'swapped.csv');
      expect(res.body.details.rejected).toEqual([
        { row: 2, code: 'OUT_OF_BOUNDS', field: 'geometry.coordinates', reason: expect.stringMatching(/outside Japan .*lat\/lon look swapped/) },
      ]);
      expect(await count('layer_cameras')).toBe(before);
    });

    it('plane-rectangular metres without a zone are refused with the way to fix it', async () => {
      const res = await post('cameras/import', 'name,x,y,bearing,fov,range\nx,-34871.2,-9328.9,0,60,30\n', 'xy.csv');
      expect(res.body.details.rejected[0]).toMatchObject({ row: 2, code: 'OUT_OF_BOUNDS', reason: expect.stringMatching(/send zone=1…19/) });
    });

    it('a CSV without coordinate columns, a mapping or key naming a missing column: 400 INVALID_QUERY listing the columns', async () => {
      const noCoordinates = await post('cameras/import', 'name,bearing\nx,0\n', 'nocoords.csv');
      expect(noCoordinates.status).toBe(400);
      expect(noCoordinates.body).toMatchObject({ code: 'INVALID_QUERY', message: expect.stringMatching(/no coordinate columns \(columns: name, bearing\)/) });
      const missing = await post('cameras/import', STREETLIGHTS, 'l.csv', q({ mapping: { lat: '緯度' } }));
      expect(missing.body).toMatchObject({ code: 'INVALID_QUERY', details: { field: 'mapping' } });
      expect(missing.body.message).toMatch(/"緯度", which the file does not have; its columns: lat, lon/);
      const key = await post('streetlights/import', STREETLIGHTS, 'l.csv', '?key=番号');
      expect(key.body).toMatchObject({ code: 'INVALID_QUERY', details: { field: 'key' } });
      const unknown = await post('cameras/import', STREETLIGHTS, 'l.csv', q({ mapping: { colour: 'lat' } }));
      expect(unknown.body.message).toMatch(/cameras has no property colour/);
    });

    it('broken CSV quoting is a 400 INVALID_FILE with the line', async () => {
      const res = await post('cameras/import', 'name,lat,lon\n"a,35.7,139.7\nb,35.7,139.7\n', 'broken.csv');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_FILE', message: expect.stringMatching(/^the CSV file cannot be read/) });
    });

    it('an unknown encoding= is refused', async () => {
      const res = await post('cameras/import', STREETLIGHTS, 'l.csv', '?encoding=klingon');
      expect(res.body).toMatchObject({ code: 'INVALID_QUERY', details: { field: 'encoding' } });
    });
  });
});
