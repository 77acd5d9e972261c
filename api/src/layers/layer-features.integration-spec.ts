import type { Role } from '@mimamori/db';
import { createTestApp, TestApp } from '../testing/test-app';

const TOYAMA = [139.7101, 35.7013];

const feature = (type: string, coordinates: unknown, properties: Record<string, unknown>) => ({
  type: 'Feature',
  geometry: { type, coordinates },
  properties,
});
const camera = (properties: Record<string, unknown> = {}, coordinates: unknown = TOYAMA) =>
  feature('Point', coordinates, { bearing_deg: 90, hfov_deg: 60, range_m: 30, ...properties });
const ring = (x: number, y: number, d = 0.001) => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
  [x, y],
];
/** Its edges cross at (139.705, 35.705). */
const BOW_TIE = [
  [139.7, 35.7],
  [139.71, 35.71],
  [139.71, 35.7],
  [139.7, 35.71],
  [139.7, 35.7],
];
const TRACK = [
  [139.7, 35.7],
  [139.705, 35.7],
  [139.71, 35.7],
];

const WAITING_ON_LOCKS = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('layer features: create, read, change, delete (real PostGIS)', () => {
  let t: TestApp;
  const auth = async (role: Role) => `Bearer ${await t.tokenFor(role)}`;
  const liveCount = async (table: string): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE deleted_at IS NULL`))[0].n;
  const auditCount = async (): Promise<number> => (await t.db.query('SELECT count(*)::int AS n FROM audit_log'))[0].n;
  const create = async (layer: string, body: object, role: Role = 'planner', status = 201) =>
    t.http().post(`/api/layers/${layer}/features`).set('Authorization', await auth(role)).send(body).expect(status);
  const patch = async (url: string, ifMatch: string | null, body: object, role: Role = 'planner') => {
    const req = t.http().patch(url).set('Authorization', await auth(role));
    return (ifMatch === null ? req : req.set('If-Match', ifMatch)).send(body);
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates, reads, patches and deletes a camera, with versions, ETags and audit rows', async () => {
    const created = await create('cameras', camera({ name: '戸山口', maker: 'Panasonic' }));
    expect(created.headers.etag).toBe('"1"');
    expect(created.headers.location).toBe(`/api/layers/cameras/features/${created.body.id}`);
    expect(created.body).toMatchObject({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: TOYAMA },
      properties: { name: '戸山口', bearing_deg: 90, hfov_deg: 60, range_m: 30, status: 'active', maker: 'Panasonic' },
    });
    const id = created.body.id as number;
    const url = `/api/layers/cameras/features/${id}`;

    const read = await t.http().get(url).set('Authorization', await auth('viewer')).expect(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.body).toEqual(created.body);

    const patched = await patch(url, '"1"', { properties: { bearing_deg: 180 } });
    expect(patched.status).toBe(200);
    expect(patched.headers.etag).toBe('"2"');
    expect(patched.body.properties).toMatchObject({ bearing_deg: 180, hfov_deg: 60, name: '戸山口', maker: 'Panasonic' });

    await t.http().delete(url).set('Authorization', await auth('planner')).set('If-Match', '"2"').expect(204);
    expect((await t.http().get(url).expect(404)).body.code).toBe('FEATURE_NOT_FOUND');

    const [row] = await t.db.query('SELECT version, organisation_id, deleted_at IS NOT NULL AS deleted FROM layer_cameras WHERE id = $1', [id]);
    expect(row).toEqual({ version: 3, organisation_id: t.orgs.city, deleted: true });
    const audit = await t.db.query(
      `SELECT a.action, a.organisation_id, u.username,
              (a.before->'properties'->>'bearing_deg')::float AS before, (a.after->'properties'->>'bearing_deg')::float AS after
         FROM audit_log a JOIN app_user u ON u.id = a.user_id
        WHERE a.layer = 'cameras' AND a.feature_id = $1 ORDER BY a.id`,
      [id],
    );
    expect(audit).toEqual([
      { action: 'create', organisation_id: t.orgs.city, username: 'planner', before: null, after: 90 },
      { action: 'update', organisation_id: t.orgs.city, username: 'planner', before: 90, after: 180 },
      { action: 'delete', organisation_id: t.orgs.city, username: 'planner', before: 180, after: null },
    ]);
  });

  it('fills documented defaults and stores single polygons as MultiPolygon', async () => {
    const sodium = await create('streetlights', feature('Point', TOYAMA, { lamp_type: 'sodium' }));
    expect(sodium.body.properties).toMatchObject({ lamp_type: 'sodium', radius_m: 18, status: 'active' });
    const unknown = await create('streetlights', feature('Point', TOYAMA, {}));
    expect(unknown.body.properties).toMatchObject({ lamp_type: 'unknown', radius_m: 12 });

    const beat = await create('beats', feature('Polygon', [ring(139.71, 35.7)], { code: 'T-01' }), 'police');
    expect(beat.body.geometry).toEqual({ type: 'MultiPolygon', coordinates: [[ring(139.71, 35.7)]] });
  });

  const { bearing_deg: _omitted, ...noBearing } = camera().properties;
  it.each([
    ['a bow-tie beat', 'beats', feature('Polygon', [BOW_TIE], { code: 'X' }), 'INVALID_GEOMETRY', 'geometry', /Self-intersection\[139\.705 35\.705\]/],
    ['a line as a camera', 'cameras', feature('LineString', [TOYAMA, [139.72, 35.7]], {}), 'WRONG_GEOMETRY_TYPE', 'geometry.type', /accepts Point/],
    ['a camera at [lat, lon]', 'cameras', camera({}, [35.7013, 139.7101]), 'OUT_OF_BOUNDS', 'geometry.coordinates', /lat\/lon look swapped/],
    ['a camera without bearing_deg', 'cameras', feature('Point', TOYAMA, noBearing), 'MISSING_PROPERTY', 'bearing_deg', /bearing_deg is required/],
    ['a camera with a field of view of 0°', 'cameras', camera({ hfov_deg: 0 }), 'INVALID_PROPERTY', 'hfov_deg', /must be > 0/],
    ['a camera with an id property', 'cameras', camera({ id: 5 }), 'RESERVED_PROPERTY', 'id', /reserved/],
    ['a FeatureCollection', 'cameras', { type: 'FeatureCollection', features: [camera()] }, 'INVALID_GEOJSON', 'type', /import/],
    ['coordinates as strings', 'cameras', camera({}, ['139.7', '35.7']), 'INVALID_GEOJSON', 'geometry.coordinates', /finite number/],
  ])('rejects %s with 400 and stores nothing', async (_what, layer, body, code, field, message) => {
    const table = `layer_${layer}`;
    const [before, audits] = [await liveCount(table), await auditCount()];
    const res = await create(layer, body, 'police', 400);
    expect(res.body).toMatchObject({ statusCode: 400, code, details: { field } });
    expect(res.body.message).toMatch(message);
    expect(await liveCount(table)).toBe(before);
    expect(await auditCount()).toBe(audits);
  });

  it('accepts a Feature sent as application/geo+json', async () => {
    const res = await t
      .http()
      .post('/api/layers/facilities/features')
      .set('Authorization', await auth('planner'))
      .set('Content-Type', 'application/geo+json')
      .send(JSON.stringify(feature('Point', TOYAMA, { kind: 'refuge', name: 'こども110番の家' })))
      .expect(201);
    expect(res.body.properties).toMatchObject({ kind: 'refuge', name: 'こども110番の家' });
  });

  it('answers a broken JSON body with 400 and stores nothing', async () => {
    const before = await liveCount('layer_cameras');
    const res = await t
      .http()
      .post('/api/layers/cameras/features')
      .set('Authorization', await auth('planner'))
      .set('Content-Type', 'application/geo+json')
      .send('{"type": "Feature",')
      .expect(400);
    expect(res.body.message).toMatch(/JSON at position 19/);
    expect(await liveCount('layer_cameras')).toBe(before);
  });

  it('refuses anonymous writes with 401 and viewer writes with 403', async () => {
    const before = await liveCount('layer_cameras');
    expect((await t.http().post('/api/layers/cameras/features').send(camera()).expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect((await create('cameras', camera(), 'viewer', 403)).body.code).toBe('FORBIDDEN');
    expect(await liveCount('layer_cameras')).toBe(before);
  });

  it('requires If-Match (428) and refuses a stale one (412) without changing the row', async () => {
    const { body } = await create('cameras', camera());
    const url = `/api/layers/cameras/features/${body.id}`;
    expect((await patch(url, null, { properties: { bearing_deg: 10 } })).body).toMatchObject({ statusCode: 428, code: 'PRECONDITION_REQUIRED' });
    expect((await patch(url, '"1"', { properties: { bearing_deg: 20 } })).status).toBe(200);
    const stale = await patch(url, '"1"', { properties: { bearing_deg: 30 } });
    expect(stale.body).toMatchObject({ statusCode: 412, code: 'VERSION_CONFLICT', details: { expected: 1, current: 2 } });
    const staleDelete = await t.http().delete(url).set('Authorization', await auth('planner')).set('If-Match', '"1"').expect(412);
    expect(staleDelete.body.code).toBe('VERSION_CONFLICT');
    const [row] = await t.db.query('SELECT version, bearing_deg, deleted_at FROM layer_cameras WHERE id = $1', [body.id]);
    expect(row).toEqual({ version: 2, bearing_deg: 20, deleted_at: null });
  });

  it('lets exactly one of 10 parallel PATCHes with the same If-Match through', async () => {
    const { body } = await create('cameras', camera());
    const url = `/api/layers/cameras/features/${body.id}`;
    await t.tokenFor('planner');
    // Hold the row so that all ten requests have read version 1 and wait inside their UPDATE:
    // only the version guard in the UPDATE can then tell the winner from the others.
    const lock = t.db.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query('SELECT 1 FROM layer_cameras WHERE id = $1 FOR UPDATE', [body.id]);
    const pending = Promise.all(Array.from({ length: 10 }, (_, i) => patch(url, '"1"', { properties: { bearing_deg: i * 10 } })));
    await waitFor(async () => (await t.db.query(WAITING_ON_LOCKS))[0].n >= 10);
    await lock.commitTransaction();
    await lock.release();
    const responses = await pending;

    const winners = responses.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(responses.filter((r) => r.status === 412)).toHaveLength(9);
    const [row] = await t.db.query('SELECT version, bearing_deg FROM layer_cameras WHERE id = $1', [body.id]);
    expect(row).toEqual({ version: 2, bearing_deg: winners[0].body.properties.bearing_deg });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'update' AND feature_id = $1`, [body.id]);
    expect(n).toBe(1);
  });

  it("keeps writers to their own organisation's features; admins may change any", async () => {
    const { body } = await create('cameras', camera(), 'police');
    const url = `/api/layers/cameras/features/${body.id}`;
    const denied = await patch(url, '"1"', { properties: { status: 'planned' } }, 'planner');
    expect(denied.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    expect((await patch(url, '"1"', { properties: { status: 'planned' } }, 'admin')).status).toBe(200);
  });

  it('stores patrol-track times as M (epoch seconds) and unknown times as null', async () => {
    const times = ['2025-04-01T08:00:00+09:00', 1743462060, '2025-03-31T23:02:00Z'];
    const timed = await create('patrol-tracks', feature('LineString', TRACK, { unit: '戸塚1', kind: 'police', times }), 'police');
    expect(timed.body.properties.times).toEqual([1743462000, 1743462060, 1743462120]);
    const [{ wkt }] = await t.db.query('SELECT ST_AsText(geom) AS wkt FROM layer_patrol_tracks WHERE id = $1', [timed.body.id]);
    expect(wkt).toBe('LINESTRING M (139.7 35.7 1743462000,139.705 35.7 1743462060,139.71 35.7 1743462120)');

    const untimed = await create('patrol-tracks', feature('LineString', TRACK, { unit: '戸塚1', kind: 'foot' }), 'police');
    expect(untimed.body.properties.times).toEqual([null, null, null]);

    const mismatch = await create('patrol-tracks', feature('LineString', TRACK, { unit: '戸塚1', kind: 'foot', times: [1, 2] }), 'police', 400);
    expect(mismatch.body).toMatchObject({ code: 'INVALID_PROPERTY', details: { field: 'times' } });
  });

  it('lists features in a bbox with limit and offset', async () => {
    for (const x of [139.801, 139.802, 139.803, 139.9]) await create('facilities', feature('Point', [x, 35.8], { kind: 'koban', name: `交番${x}` }));
    const page = await t.http().get('/api/layers/facilities/features?bbox=139.8,35.79,139.81,35.81&limit=2&offset=1').expect(200);
    expect(page.body).toMatchObject({ type: 'FeatureCollection', numberMatched: 3, numberReturned: 2 });
    expect(page.body.features.map((f: { geometry: { coordinates: number[] } }) => f.geometry.coordinates[0])).toEqual([139.802, 139.803]);
    const bad = await t.http().get('/api/layers/facilities/features?bbox=139.8,35.79').expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_QUERY', details: { field: 'bbox' } });
    expect((await t.http().get('/api/layers/facilities/features?limit=10001').expect(400)).body.code).toBe('INVALID_QUERY');
  });
});
