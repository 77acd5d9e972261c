import { createTestApp, TestApp } from '../testing/test-app';
import { binary, csvRows, decodeTile, tileOf } from '../testing/trust-probes';
import { insertTrustRows, TrustRows } from '../testing/trust-fixtures';

const TILE = tileOf(139.701, 35.691, 14);

describe('sharing a layer between organisations (real PostGIS)', () => {
  let t: TestApp;
  let rows: TrustRows;
  let admin: string;
  let planner: string;

  beforeAll(async () => {
    t = await createTestApp();
    rows = await insertTrustRows(t);
    admin = await t.tokenFor('admin');
    planner = await t.tokenFor('planner');
  });
  afterAll(() => t.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const share = () => ({ fromOrganisationId: t.orgs.police, toOrganisationId: t.orgs.city });

  /** Patrol track ids the planner (city) can read, by channel; null where the layer is absent. */
  async function plannerSees(): Promise<Record<string, string[] | null>> {
    const h = as(planner);
    const ids = (features: { id: unknown }[]) => features.map((f) => String(f.id)).sort();
    const list = await t.http().get('/api/layers/patrol-tracks/features').set(h);
    const tile = await t.http().get(`/api/tiles/patrol-tracks/${TILE.z}/${TILE.x}/${TILE.y}.mvt`).set(h).buffer(true).parse(binary);
    const items = await t.http().get('/api/ogc/collections/patrol-tracks/items').set(h);
    const geojson = await t.http().get('/api/layers/patrol-tracks/export?format=geojson').set(h).buffer(true).parse(binary);
    const csv = await t.http().get('/api/layers/patrol-tracks/export?format=csv').set(h).buffer(true).parse(binary);
    const catalogue = await t.http().get('/api/layers').set(h).expect(200);
    return {
      catalogue: catalogue.body.some((l: { id: string }) => l.id === 'patrol-tracks') ? ['listed'] : null,
      list: list.status === 200 ? ids(list.body.features) : null,
      tile: tile.status === 200 ? ids((decodeTile(tile.body as Buffer)['patrol-tracks'] ?? []).map((f) => ({ id: f.id }))) : null,
      ogcItems: items.status === 200 ? ids(items.body.features) : null,
      exportGeojson: geojson.status === 200 ? ids(JSON.parse((geojson.body as Buffer).toString('utf8')).features) : null,
      exportCsv: csv.status === 200 ? csvRows((csv.body as Buffer).toString('utf8')).slice(1).map((r) => r[0]) : null,
    };
  }

  it('shows the police’s patrol tracks, and only theirs, to the city once an admin shares them; hides them again when withdrawn', async () => {
    const absent = { catalogue: null, list: null, tile: null, ogcItems: null, exportGeojson: null, exportCsv: null };
    expect(await plannerSees()).toEqual(absent);

    const shared = await t.http().post('/api/layers/patrol-tracks/shares').set(as(admin)).send(share()).expect(200);
    expect(shared.body).toEqual([expect.objectContaining({ layer: 'patrol-tracks', ...share() })]);
    const only = [rows.policeTrackId];
    expect(await plannerSees()).toEqual({ catalogue: ['listed'], list: only, tile: only, ogcItems: only, exportGeojson: only, exportCsv: only });

    const other = await t.http().get(`/api/layers/patrol-tracks/features/${rows.schoolTrackId}`).set(as(planner));
    expect(other.status).toBe(404);
    const item = await t.http().get(`/api/ogc/collections/patrol-tracks/items/${rows.schoolTrackId}`).set(as(planner));
    expect(item.status).toBe(404);
    const own = await t.http().get(`/api/layers/patrol-tracks/features/${rows.policeTrackId}`).set(as(planner)).expect(200);
    expect(own.body.properties.unit).toBe('LEAK-UNIT-7731');

    await t.http().delete('/api/layers/patrol-tracks/shares').query(share()).set(as(admin)).expect(204);
    expect(await plannerSees()).toEqual(absent);
  });

  it('keeps a shared layer read-only for the receiving organisation', async () => {
    await t.http().post('/api/layers/patrol-tracks/shares').set(as(admin)).send(share()).expect(200);
    const track = {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [[139.70, 35.69], [139.71, 35.70]] },
      properties: { unit: 'city', kind: 'foot', times: [1700000000, 1700000600] },
    };
    const created = await t.http().post('/api/layers/patrol-tracks/features').set(as(planner)).send(track);
    expect({ status: created.status, code: created.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    const imported = await t.http().post('/api/layers/patrol-tracks/import').set(as(planner))
      .attach('file', Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [track] })), 'tracks.geojson');
    expect(imported.status).toBe(403);
    const changed = await t.http().patch(`/api/layers/patrol-tracks/features/${rows.policeTrackId}`).set(as(planner)).set('If-Match', '"1"').send({ properties: { unit: 'x' } });
    expect(changed.status).toBe(403);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM layer_patrol_tracks WHERE organisation_id = $1 OR unit = 'x'`, [t.orgs.city]);
    expect(n).toBe(0);
    await t.http().delete('/api/layers/patrol-tracks/shares').query(share()).set(as(admin)).expect(204);
  });

  it('lets only admins manage shares, and rejects bad ones with a reason', async () => {
    for (const role of ['planner', 'police', 'viewer'] as const) {
      const res = await t.http().post('/api/layers/patrol-tracks/shares').set(as(await t.tokenFor(role))).send(share());
      expect({ role, status: res.status }).toEqual({ role, status: 403 });
    }
    const cases: [unknown, number, string][] = [
      [{ ...share(), toOrganisationId: 'not-a-uuid' }, 400, 'VALIDATION_FAILED'],
      [{ ...share(), toOrganisationId: t.orgs.police }, 400, 'VALIDATION_FAILED'],
      [{ ...share(), toOrganisationId: '00000000-0000-4000-8000-000000000000' }, 404, 'NOT_FOUND'],
      [{ ...share(), extra: 1 }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const res = await t.http().post('/api/layers/patrol-tracks/shares').set(as(admin)).send(body as object);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
    }
    const unknown = await t.http().post('/api/layers/nope/shares').set(as(admin)).send(share());
    expect(unknown.status).toBe(404);
    const gone = await t.http().delete('/api/layers/patrol-tracks/shares').query(share()).set(as(admin));
    expect({ status: gone.status, code: gone.body.code }).toEqual({ status: 404, code: 'SHARE_NOT_FOUND' });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM layer_share`);
    expect(n).toBe(0);
  });
});
