import type { Role } from '@mimamori/db';
import { createTestApp, TestApp } from '../testing/test-app';

const UPLOAD_LIMIT = 64 * 1024;

const feature = (type: string, coordinates: unknown, properties: Record<string, unknown>) => ({
  type: 'Feature',
  geometry: { type, coordinates },
  properties,
});

/** 20 cameras along a street in Shinjuku; the `broken` rows lack their bearing. */
function cameraCollection(broken: number[] = []) {
  const features = Array.from({ length: 20 }, (_, i) => {
    const row = i + 1;
    const properties: Record<string, unknown> = { name: `カメラ${row}`, bearing_deg: 90, hfov_deg: 60, range_m: 30, 'osm:id': 1000 + row };
    if (broken.includes(row)) delete properties.bearing_deg;
    return feature('Point', [139.7 + row * 0.0001, 35.7], properties);
  });
  return JSON.stringify({ type: 'FeatureCollection', features });
}

const SQUARE = [
  [139.7, 35.7],
  [139.71, 35.7],
  [139.71, 35.71],
  [139.7, 35.71],
  [139.7, 35.7],
];
const BOW_TIE = [
  [139.7, 35.7],
  [139.71, 35.71],
  [139.71, 35.7],
  [139.7, 35.71],
  [139.7, 35.7],
];

describe('layer import and export (real PostGIS)', () => {
  let t: TestApp;
  const auth = async (role: Role) => `Bearer ${await t.tokenFor(role)}`;
  const liveCount = async (table: string): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE deleted_at IS NULL`))[0].n;
  const importCount = async (): Promise<number> => (await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import'`))[0].n;
  const upload = async (layer: string, text: string, fileName: string, status: number, query = '', role: Role = 'planner') =>
    t
      .http()
      .post(`/api/layers/${layer}/import${query}`)
      .set('Authorization', await auth(role))
      .attach('file', Buffer.from(text), fileName)
      .expect(status);

  beforeAll(async () => {
    t = await createTestApp({ maxUploadBytes: UPLOAD_LIMIT });
  });
  afterAll(() => t.close());

  it('strict import with one bad feature among 20 writes nothing and reports the row', async () => {
    const [before, imports] = [await liveCount('layer_cameras'), await importCount()];
    const res = await upload('cameras', cameraCollection([7]), 'cameras.geojson', 400);
    expect(res.body.code).toBe('IMPORT_REJECTED');
    expect(res.body.message).toMatch(/1 of 20 features are invalid/);
    expect(res.body.details.rejected).toEqual([
      { row: 7, code: 'MISSING_PROPERTY', field: 'bearing_deg', reason: expect.stringMatching(/bearing_deg is required/) },
    ]);
    expect(await liveCount('layer_cameras')).toBe(before);
    expect(await importCount()).toBe(imports);
  });

  it('skip-invalid writes the 19 good features and reports row 7', async () => {
    const before = await liveCount('layer_cameras');
    const res = await upload('cameras', cameraCollection([7]), 'cameras.geojson', 200, '?mode=skip-invalid');
    expect(res.body).toEqual({ imported: 19, updated: 0, skipped: 0, rejected: [expect.objectContaining({ row: 7, reason: expect.stringMatching(/bearing_deg/) })] });
    expect(await liveCount('layer_cameras')).toBe(before + 19);
    const [stored] = await t.db.query(`SELECT organisation_id, status, extra FROM layer_cameras WHERE name = 'カメラ8'`);
    expect(stored).toEqual({ organisation_id: t.orgs.city, status: 'active', extra: { 'osm:id': 1008 } });
    const [audit] = await t.db.query(`SELECT layer, details FROM audit_log WHERE action = 'import' ORDER BY id DESC LIMIT 1`);
    expect(audit).toEqual({
      layer: 'cameras',
      details: {
        file: 'cameras.geojson',
        format: 'geojson',
        encoding: 'UTF-8',
        mode: 'skip-invalid',
        key: null,
        mapping: { name: 'name', bearing_deg: 'bearing_deg', hfov_deg: 'hfov_deg', range_m: 'range_m' },
        imported: 19,
        updated: 0,
        rejected: 1,
        skipped: 0,
      },
    });
  });

  it('rejects an invalid polygon in an import with the reason PostGIS gives', async () => {
    const lines = [SQUARE, BOW_TIE, SQUARE].map((ring, i) => JSON.stringify(feature('Polygon', [ring], { code: `B${i}` })));
    const before = await liveCount('layer_beats');
    const res = await upload('beats', lines.join('\n'), 'beats.ndjson', 400, '', 'police');
    expect(res.body.details.rejected).toEqual([
      { row: 2, code: 'INVALID_GEOMETRY', field: 'geometry', reason: expect.stringMatching(/Self-intersection\[139\.705 35\.705\]/) },
    ]);
    expect(await liveCount('layer_beats')).toBe(before);
  });

  it('imports newline-delimited patrol tracks with their times', async () => {
    const line = (unit: string) => JSON.stringify(feature('LineString', SQUARE.slice(0, 2), { unit, kind: 'volunteer', times: [1743462000, 1743462600] }));
    const res = await upload('patrol-tracks', `${line('青パト1')}\n${line('青パト2')}\n`, 'tracks.geojsonl', 200, '', 'police');
    expect(res.body).toEqual({ imported: 2, updated: 0, skipped: 0, rejected: [] });
    const rows = await t.db.query(
      `SELECT unit, ST_M(ST_EndPoint(geom)) - ST_M(ST_StartPoint(geom)) AS seconds FROM layer_patrol_tracks ORDER BY unit`,
    );
    expect(rows).toEqual([
      { unit: '青パト1', seconds: 600 },
      { unit: '青パト2', seconds: 600 },
    ]);
  });

  it('answers broken JSON with INVALID_GEOJSON and where it broke', async () => {
    const res = await upload('cameras', '{"type": "FeatureCollection",\n "features": [}', 'cameras.geojson', 400);
    expect(res.body).toMatchObject({ code: 'INVALID_GEOJSON', details: { line: 2, column: 15 } });
  });

  it('refuses formats it cannot import, naming the supported ones', async () => {
    const dxf = await upload('cameras', '0\nSECTION\n', 'cameras.dxf', 400);
    expect(dxf.body.code).toBe('UNSUPPORTED_FORMAT');
    expect(dxf.body.message).toMatch(/supported: geojson, ndjson, csv, shapefile, gpkg, kml, gpx, osm, citygml/);
    expect((await upload('cameras', cameraCollection(), 'cameras.geojson', 400, '?format=dwg')).body.code).toBe('UNSUPPORTED_FORMAT');
    expect((await upload('cameras', '<svg/>', 'drawing.xml', 400)).body.message).toMatch(/XML with root element <svg>/);
    expect((await upload('cameras', cameraCollection(), 'c.geojson', 400, '?mode=lenient')).body.code).toBe('INVALID_QUERY');
    expect((await upload('cameras', cameraCollection(), 'c.geojson', 400, '?encoding=shift_jis')).body.message).toMatch(/GeoJSON files are UTF-8/);
  });

  it('refuses a GeoPackage that is not one, and a Shapefile sent without its zip', async () => {
    const fake = await upload('cameras', 'SQLite format 3\u0000 but not really', 'c.gpkg', 400);
    expect(fake.body).toMatchObject({ code: 'INVALID_FILE', message: expect.stringMatching(/^GDAL cannot read the file/) });
    const shp = await upload('cameras', 'not a shapefile', 'c.shp', 400);
    expect(shp.body).toMatchObject({ code: 'INVALID_FILE', message: expect.stringMatching(/send a Shapefile as one \.zip/) });
  });

  it('refuses a file over the upload limit with 413 and imports nothing', async () => {
    const before = await liveCount('layer_cameras');
    const res = await upload('cameras', cameraCollection() + ' '.repeat(UPLOAD_LIMIT), 'big.geojson', 413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/larger than the limit of 64 KiB \(MAX_UPLOAD_BYTES\)/) });
    expect(await liveCount('layer_cameras')).toBe(before);
  });

  it('names the multipart field the file must come in', async () => {
    const res = await t.http().post('/api/layers/cameras/import').set('Authorization', await auth('planner')).attach('upload', Buffer.from('{}'), 'c.geojson');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('send one file, as the multipart/form-data field "file" (got "upload")');
    const none = await t.http().post('/api/layers/cameras/import').set('Authorization', await auth('planner')).field('mode', 'strict');
    expect(none.body).toMatchObject({ code: 'BAD_REQUEST', message: 'send the file as the multipart/form-data field "file"' });
  });

  it('refuses imports from viewers (403) and anonymous users (401)', async () => {
    expect((await upload('cameras', cameraCollection(), 'c.geojson', 403, '', 'viewer')).body.code).toBe('FORBIDDEN');
    await t.http().post('/api/layers/cameras/import').attach('file', Buffer.from(cameraCollection()), 'c.geojson').expect(401);
  });

  it('exports CSV as UTF-8 with a BOM, lon/lat and WKT, defusing formula cells', async () => {
    const created = await t
      .http()
      .post('/api/layers/facilities/features')
      .set('Authorization', await auth('planner'))
      .send(feature('Point', [139.7101, 35.7013], { kind: 'koban', name: '=cmd()' }))
      .expect(201);
    const res = await t.http().get('/api/layers/facilities/export?format=csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="facilities.csv"');
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    expect(res.text.slice(1).split('\r\n')).toEqual([
      'id,kind,name,lon,lat,wkt',
      `${created.body.id},koban,'=cmd(),139.7101,35.7013,POINT(139.7101 35.7013)`,
      '',
    ]);
  });

  it('exports GeoJSON as an attachment with every live feature', async () => {
    const expected = await liveCount('layer_cameras');
    const res = await t
      .http()
      .get('/api/layers/cameras/export?format=geojson')
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        r.on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/geo+json');
    expect(res.headers['content-disposition']).toBe('attachment; filename="cameras.geojson"');
    const collection = JSON.parse(res.body as string);
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(expected);
    expect(collection.features[0].properties).toMatchObject({ name: 'カメラ1', 'osm:id': 1001 });
  });

  it('refuses export formats that are not supported', async () => {
    const res = await t.http().get('/api/layers/cameras/export?format=shp').expect(400);
    expect(res.body).toMatchObject({ code: 'UNSUPPORTED_FORMAT', details: { supported: ['geojson', 'csv', 'gpkg', 'kml'] } });
  });
});
