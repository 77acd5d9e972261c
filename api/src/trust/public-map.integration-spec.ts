import { createTestApp, TestApp } from '../testing/test-app';
import { binary, decodeTile, tileOf } from '../testing/trust-probes';

// Half mesh 533946113 (NW quarter of 3rd mesh 53394611, 東京駅): lon 139.7625–139.76875, lat 35.6791667–35.6833333.
// Half mesh 533946111 (SW quarter): same longitudes, lat 35.675–35.6791667. 533946114 (NE): lon 139.76875–139.775.
const NW = [[139.7650, 35.6810], [139.7655, 35.6812], [139.7660, 35.6814], [139.7665, 35.6816]];
const SW = [[139.7640, 35.6770], [139.7645, 35.6772], [139.7650, 35.6774]];
const NE = [[139.7700, 35.6820], [139.7710, 35.6821]];
const ALL = [...NW, ...SW, ...NE];

describe('public safety map (no sign-in, anonymous reads off)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ anonymousRead: false });
    const camera = (lon: number, lat: number, status: string, deleted = false) =>
      t.db.query(
        `INSERT INTO layer_cameras (organisation_id, name, bearing_deg, hfov_deg, range_m, status, deleted_at, geom)
         VALUES ($1, 'secret camera', 123.4, 77.7, 31, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326))`,
        [t.orgs.city, status, deleted ? new Date() : null, lon, lat],
      );
    for (const [lon, lat] of ALL) await camera(lon, lat, 'active');
    await camera(139.7652, 35.6811, 'planned');
    await camera(139.7653, 35.6813, 'out_of_service');
    await camera(139.7642, 35.6771, 'active', true);
    await t.db.query(
      `INSERT INTO layer_facilities (organisation_id, kind, name, geom)
       SELECT $1, k, k || ' の施設', ST_SetSRID(ST_MakePoint(139.7651 + i * 0.0001, 35.6805), 4326)
         FROM unnest(ARRAY['koban', 'refuge', 'shelter', 'school', 'convenience', 'station']) WITH ORDINALITY AS u(k, i)`,
      [t.orgs.city],
    );
    await t.db.query(
      `INSERT INTO layer_streetlights (organisation_id, lamp_type, radius_m, status, owner, geom)
       VALUES ($1, 'led', 15, 'active', '町会', ST_SetSRID(ST_MakePoint(139.7661, 35.6806), 4326)),
              ($1, 'led', 15, 'planned', '町会', ST_SetSRID(ST_MakePoint(139.7662, 35.6806), 4326))`,
      [t.orgs.city],
    );
  });
  afterAll(() => t.close());

  const mesh = (bbox: string) => t.http().get(`/api/public/camera-mesh?bbox=${bbox}`);

  it('refuses the regular API without a token (so the public routes below really need none)', async () => {
    await t.http().get('/api/layers').expect(401);
    await t.http().get('/api/layers/cameras/features').expect(401);
  });

  it('counts active cameras per half mesh and leaves out cells with fewer than 3', async () => {
    const res = await mesh('139.76,35.674,139.78,35.69').expect(200);
    expect(res.body.minCameras).toBe(3);
    expect(res.body.features.map((f: { properties: unknown }) => f.properties)).toEqual([
      { meshCode: '533946111', cameras: 3 },
      { meshCode: '533946113', cameras: 4 },
    ]);
    expect(res.body.features[1].geometry.coordinates[0]).toEqual([
      [139.7625, 35.6791667],
      [139.76875, 35.6791667],
      [139.76875, 35.6833333],
      [139.7625, 35.6833333],
      [139.7625, 35.6791667],
    ]);
  });

  it('counts whole cells however small the box, so a box cannot single out one camera', async () => {
    const [lon, lat] = NW[0];
    const res = await mesh(`${lon - 0.00001},${lat - 0.00001},${lon + 0.00001},${lat + 0.00001}`).expect(200);
    expect(res.body.features.map((f: { properties: unknown }) => f.properties)).toEqual([{ meshCode: '533946113', cameras: 4 }]);
    const [nlon, nlat] = NE[0];
    expect((await mesh(`${nlon - 0.001},${nlat - 0.001},${nlon + 0.001},${nlat + 0.001}`).expect(200)).body.features).toEqual([]);
  });

  it('lists the public layers and serves only allow-listed rows and properties in their tiles', async () => {
    const layers = await t.http().get('/api/public/layers').expect(200);
    expect(layers.body.map((l: { id: string }) => l.id)).toEqual(['streetlights', 'facilities']);
    const { z, x, y } = tileOf(139.766, 35.6806, 15);
    const facilities = decodeTile((await t.http().get(`/api/public/tiles/facilities/${z}/${x}/${y}.mvt`).buffer(true).parse(binary).expect(200)).body);
    expect(facilities.facilities.map((f) => f.properties.kind).sort()).toEqual(['koban', 'refuge', 'shelter']);
    for (const f of facilities.facilities) expect(Object.keys(f.properties).sort()).toEqual(['kind', 'name']);
    const lights = decodeTile((await t.http().get(`/api/public/tiles/streetlights/${z}/${x}/${y}.mvt`).buffer(true).parse(binary).expect(200)).body);
    expect(lights.streetlights.map((f) => f.properties)).toEqual([{ lamp_type: 'led', radius_m: 15 }]);
  });

  it('has no public camera layer, nor any other layer', async () => {
    for (const layer of ['cameras', 'patrol-tracks', 'beats', 'school-routes']) {
      const res = await t.http().get(`/api/public/tiles/${layer}/15/29100/12903.mvt`);
      expect({ layer, status: res.status, code: res.body.code }).toEqual({ layer, status: 404, code: 'UNKNOWN_LAYER' });
    }
  });

  it('never sends a camera position, bearing or field of view in any public response', async () => {
    const { z, x, y } = tileOf(139.766, 35.6806, 15);
    const bodies: string[] = [];
    for (const route of [
      '/api/public/layers',
      '/api/public/camera-mesh?bbox=139.76,35.674,139.78,35.69',
      `/api/public/camera-mesh?bbox=${NW[0][0]},${NW[0][1]},${NW[0][0]},${NW[0][1]}`,
      `/api/public/tiles/facilities/${z}/${x}/${y}.mvt`,
      `/api/public/tiles/streetlights/${z}/${x}/${y}.mvt`,
    ]) {
      const res = await t.http().get(route).buffer(true).parse(binary).expect(200);
      const body = res.body as Buffer;
      bodies.push(route.endsWith('.mvt') ? JSON.stringify(decodeTile(body)) : body.toString('utf8'));
    }
    const text = bodies.join('\n');
    for (const [lon, lat] of ALL) {
      expect(text).not.toContain(String(lon));
      expect(text).not.toContain(String(lat));
    }
    for (const word of ['bearing', 'hfov', '123.4', '77.7', 'secret camera', 'range_m']) expect(text).not.toContain(word);
  });

  it('rejects a missing, swapped, foreign or oversized bbox with 400 INVALID_QUERY', async () => {
    for (const query of ['', 'bbox=35.67,139.76,35.69,139.78', 'bbox=-0.2,51.4,0.1,51.6', 'bbox=139,35,141,37', 'bbox=abc', 'bbox=NaN,35,139.8,35.7']) {
      const res = await t.http().get(`/api/public/camera-mesh?${query}`);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'INVALID_QUERY' });
    }
  });
});
