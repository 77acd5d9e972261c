import { createTestApp, TestApp } from '../testing/test-app';
import { binary, csvRows, decodeTile, tileOf } from '../testing/trust-probes';

const LON = 139.70123;
const LAT = 35.69871;
const CAMERA = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [LON, LAT] },
  properties: { name: 'audit probe', bearing_deg: 45, hfov_deg: 90, range_m: 25 },
};
const BBOX = `${LON - 0.0005},${LAT - 0.0005},${LON + 0.0005},${LAT + 0.0005}`;

describe('append-only audit trail and restore of deleted features (real PostGIS)', () => {
  let t: TestApp;
  let admin: string;
  let id: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.tokenFor('admin');
  });
  afterAll(() => t.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  /** Where the probe camera shows up, by channel. */
  async function channels(): Promise<Record<string, boolean>> {
    const h = as(admin);
    const list = await t.http().get(`/api/layers/cameras/features?bbox=${BBOX}`).set(h).expect(200);
    const one = await t.http().get(`/api/layers/cameras/features/${id}`).set(h);
    const { z, x, y } = tileOf(LON, LAT, 17);
    const tile = await t.http().get(`/api/tiles/cameras/${z}/${x}/${y}.mvt`).set(h).buffer(true).parse(binary).expect(200);
    const items = await t.http().get(`/api/ogc/collections/cameras/items?bbox=${BBOX}`).set(h).expect(200);
    const item = await t.http().get(`/api/ogc/collections/cameras/items/${id}`).set(h);
    const geojson = await t.http().get('/api/layers/cameras/export?format=geojson').set(h).buffer(true).parse(binary).expect(200);
    const csv = await t.http().get('/api/layers/cameras/export?format=csv').set(h).buffer(true).parse(binary).expect(200);
    const has = (features: { id: unknown }[]) => features.some((f) => String(f.id) === id);
    return {
      list: has(list.body.features),
      get: one.status === 200,
      tile: has(decodeTile(tile.body as Buffer).cameras ?? []),
      ogcItems: has(items.body.features),
      ogcItem: item.status === 200,
      exportGeojson: has(JSON.parse((geojson.body as Buffer).toString('utf8')).features),
      exportCsv: csvRows((csv.body as Buffer).toString('utf8')).some((row) => row[0] === id),
    };
  }

  it('serves a deleted camera on no channel, and on every channel again once an admin restores it', async () => {
    const created = await t.http().post('/api/layers/cameras/features').set(as(admin)).send(CAMERA).expect(201);
    id = String(created.body.id);
    const everywhere = { list: true, get: true, tile: true, ogcItems: true, ogcItem: true, exportGeojson: true, exportCsv: true };
    expect(await channels()).toEqual(everywhere);

    await t.http().delete(`/api/layers/cameras/features/${id}`).set(as(admin)).set('If-Match', '"1"').expect(204);
    const nowhere = Object.fromEntries(Object.keys(everywhere).map((k) => [k, false]));
    expect(await channels()).toEqual(nowhere);

    const restored = await t.http().post(`/api/layers/cameras/features/${id}/restore`).set(as(admin)).expect(200);
    expect(restored.headers.etag).toBe('"3"');
    expect(restored.body.properties).toMatchObject({ name: 'audit probe', bearing_deg: 45 });
    expect(await channels()).toEqual(everywhere);
  });

  it('records create, delete and restore in the audit log, newest first, readable by admins only', async () => {
    const res = await t.http().get(`/api/audit?layer=cameras&featureId=${id}`).set(as(admin)).expect(200);
    expect(res.body.entries.map((e: { action: string; username: string }) => [e.action, e.username])).toEqual([
      ['restore', 'admin'],
      ['delete', 'admin'],
      ['create', 'admin'],
    ]);
    expect(res.body.entries[1].before.properties.name).toBe('audit probe');
    expect(res.body.entries[1].after).toBeNull();
    for (const role of ['planner', 'police', 'viewer'] as const) {
      const denied = await t.http().get('/api/audit').set(as(await t.tokenFor(role)));
      expect({ role, status: denied.status, code: denied.body.code }).toEqual({ role, status: 403, code: 'FORBIDDEN' });
    }
    await t.http().get('/api/audit').expect(401);
  });

  it('pages the audit log with limit and before', async () => {
    const first = await t.http().get(`/api/audit?featureId=${id}&limit=2`).set(as(admin)).expect(200);
    expect(first.body.entries.map((e: { action: string }) => e.action)).toEqual(['restore', 'delete']);
    const second = await t.http().get(`/api/audit?featureId=${id}&limit=2&before=${first.body.next}`).set(as(admin)).expect(200);
    expect(second.body.entries.map((e: { action: string }) => e.action)).toEqual(['create']);
    expect(second.body.next).toBeNull();
  });

  it('rejects bad audit queries with 400 naming the field', async () => {
    for (const [query, field] of [['layer=nope', 'layer'], ['featureId=abc', 'featureId'], ['limit=0', 'limit'], ['limit=5000', 'limit'], ['before=-1', 'before']]) {
      const res = await t.http().get(`/api/audit?${query}`).set(as(admin));
      expect({ status: res.status, code: res.body.code, field: res.body.details?.field }).toEqual({ status: 400, code: 'INVALID_QUERY', field });
    }
  });

  it('refuses restore to non-admins, of a live feature (409) and of a missing one (404), changing nothing', async () => {
    const planner = await t.http().post(`/api/layers/cameras/features/${id}/restore`).set(as(await t.tokenFor('planner')));
    expect(planner.status).toBe(403);
    const live = await t.http().post(`/api/layers/cameras/features/${id}/restore`).set(as(admin));
    expect({ status: live.status, code: live.body.code }).toEqual({ status: 409, code: 'FEATURE_NOT_DELETED' });
    const missing = await t.http().post('/api/layers/cameras/features/999999999/restore').set(as(admin));
    expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 404, code: 'FEATURE_NOT_FOUND' });
    const [row] = await t.db.query(`SELECT version FROM layer_cameras WHERE id = $1`, [id]);
    expect(row.version).toBe(3);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows in the database itself', async () => {
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log`);
    expect(n).toBeGreaterThanOrEqual(3);
    await expect(t.db.query(`UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action <> 'forged'`);
    expect(after).toBe(n);
  });
});
