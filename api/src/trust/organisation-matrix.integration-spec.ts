import { createTestApp, TestApp } from '../testing/test-app';
import { binary, decodeTile, tileOf } from '../testing/trust-probes';
import { insertMatrixUsers, insertTrustRows, login, POLICE_ONLY_MARKERS, ROLES_MATRIX, TrustRows } from '../testing/trust-fixtures';

const TILE = tileOf(139.701, 35.691, 14);
const tilePath = (layer: string) => `/api/tiles/${layer}/${TILE.z}/${TILE.x}/${TILE.y}.mvt`;

interface Probe {
  route: string;
  status: number;
  text: string;
}

/** Every read route of one layer: features, tiles, TileJSON, OGC, exports. */
function layerRoutes(layer: string, id: string): string[] {
  return [
    `/api/layers/${layer}/features`,
    `/api/layers/${layer}/features/${id}`,
    tilePath(layer),
    `/api/tiles/${layer}.json`,
    `/api/ogc/collections/${layer}`,
    `/api/ogc/collections/${layer}/schema`,
    `/api/ogc/collections/${layer}/items`,
    `/api/ogc/collections/${layer}/items/${id}`,
    ...['geojson', 'csv', 'kml', 'gpkg'].map((f) => `/api/layers/${layer}/export?format=${f}`),
  ];
}

describe('cross-organisation matrix: city and police × four roles × every read route (real PostGIS)', () => {
  let t: TestApp;
  let rows: TrustRows;
  const principals: { name: string; token: string | null; police: boolean }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    rows = await insertTrustRows(t);
    await insertMatrixUsers(t);
    for (const org of ['city', 'police']) {
      for (const role of ROLES_MATRIX) {
        principals.push({ name: `${org}-${role}`, token: await login(t, `${org}-${role}`), police: role === 'admin' || role === 'police' });
      }
    }
    principals.push({ name: 'anonymous', token: null, police: false });
  });
  afterAll(() => t.close());

  async function probe(route: string, token: string | null): Promise<Probe> {
    let req = t.http().get(route).buffer(true).parse(binary);
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    const res = await req;
    const body = res.body as Buffer;
    const text = route.endsWith('.mvt') && res.status === 200 ? JSON.stringify(decodeTile(body)) : body.toString('latin1');
    return { route, status: res.status, text };
  }

  const leaks = (p: Probe) => POLICE_ONLY_MARKERS.filter((m) => p.text.includes(m));

  it('hides the patrol-tracks layer (404 UNKNOWN_LAYER, not 403) from every non-police principal on every route', async () => {
    const seen: string[] = [];
    for (const who of principals) {
      for (const route of layerRoutes('patrol-tracks', rows.policeTrackId)) {
        const p = await probe(route, who.token);
        if (who.police) {
          if (p.status !== 200) seen.push(`${who.name} ${route}: ${p.status} (expected 200)`);
        } else if (p.status !== 404 || !p.text.includes('UNKNOWN_LAYER') || leaks(p).length > 0) {
          seen.push(`${who.name} ${route}: ${p.status} ${leaks(p).join(' ')}`);
        }
      }
    }
    expect(seen).toEqual([]);
  });

  it('serves beats to everyone but their household and business counts only to police clearance', async () => {
    const seen: string[] = [];
    for (const who of principals) {
      for (const route of layerRoutes('beats', rows.beatId)) {
        const p = await probe(route, who.token);
        const found = leaks(p);
        if (p.status !== 200) seen.push(`${who.name} ${route}: ${p.status}`);
        else if (who.police && found.length === 0) seen.push(`${who.name} ${route}: police-only values missing`);
        else if (!who.police && found.length > 0) seen.push(`${who.name} ${route}: leaks ${found.join(' ')}`);
      }
    }
    expect(seen).toEqual([]);
  });

  it('keeps police-only layers and properties out of the catalogue and the OGC collection list', async () => {
    for (const who of principals) {
      for (const route of ['/api/layers', '/api/ogc/collections', '/api/ogc']) {
        const p = await probe(route, who.token);
        expect({ who: who.name, route, status: p.status }).toEqual({ who: who.name, route, status: 200 });
        const mentions = p.text.includes('patrol-tracks') || p.text.includes('priority_households');
        expect({ who: who.name, route, mentions }).toEqual({ who: who.name, route, mentions: route === '/api/ogc' ? false : who.police });
      }
    }
  });

  it('checks every decoded tile feature: non-police principals get beats without the counts', async () => {
    for (const who of principals) {
      const p = await probe(tilePath('beats'), who.token);
      const features = JSON.parse(p.text).beats as { id: number; properties: Record<string, unknown> }[];
      expect(features.map((f) => String(f.id))).toEqual([rows.beatId]);
      for (const f of features) {
        const keys = Object.keys(f.properties).sort();
        expect({ who: who.name, keys }).toEqual({
          who: who.name,
          keys: who.police ? ['businesses', 'code', 'households', 'name', 'post', 'priority_households', 'sample', 'station'] : ['code', 'name', 'post', 'sample', 'station'],
        });
      }
    }
  });

  it('lets writers change only their own organisation’s features; admins change any', async () => {
    const tokenOf = (name: string) => principals.find((p) => p.name === name)!.token!;
    const patch = (layer: string, id: string, name: string, version: number) =>
      t.http().patch(`/api/layers/${layer}/features/${id}`).set('Authorization', `Bearer ${tokenOf(name)}`).set('If-Match', `"${version}"`).send({ properties: { name: `by ${name}` } });
    for (const name of ['city-planner', 'city-police']) {
      const res = await patch('beats', rows.beatId, name, 1);
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 403, code: 'FORBIDDEN' });
      const del = await t.http().delete(`/api/layers/beats/features/${rows.beatId}`).set('Authorization', `Bearer ${tokenOf(name)}`).set('If-Match', '"1"');
      expect(del.status).toBe(403);
    }
    for (const name of ['police-planner', 'police-police']) {
      const res = await patch('cameras', rows.cityCameraId, name, 1);
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 403, code: 'FORBIDDEN' });
    }
    for (const name of ['city-viewer', 'police-viewer']) expect((await patch('cameras', rows.cityCameraId, name, 1)).status).toBe(403);
    const [untouched] = await t.db.query(`SELECT version, name, deleted_at FROM layer_beats WHERE id = $1`, [rows.beatId]);
    expect(untouched).toEqual({ version: 1, name: '検証区', deleted_at: null });

    expect((await patch('beats', rows.beatId, 'police-planner', 1)).status).toBe(200);
    expect((await patch('cameras', rows.cityCameraId, 'city-planner', 1)).status).toBe(200);
    expect((await patch('cameras', rows.cityCameraId, 'police-admin', 2)).status).toBe(200);
    const [camera] = await t.db.query(`SELECT version, name, organisation_id FROM layer_cameras WHERE id = $1`, [rows.cityCameraId]);
    expect(camera).toEqual({ version: 3, name: 'by police-admin', organisation_id: t.orgs.city });
  });
});
