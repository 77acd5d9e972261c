import { createTestApp, TestApp } from '../testing/test-app';

const HOST = 'gis.example.jp';
const ORIGIN = `http://${HOST}`;

describe('OGC API – Features (real PostGIS)', () => {
  let t: TestApp;
  let planner: string;
  let police: string;
  const cameraIds: number[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    [planner, police] = await Promise.all([t.tokenFor('planner'), t.tokenFor('police')]);
    // 25 cameras: 15 in a west cluster around lon 139.700, 10 in an east cluster around lon 139.720.
    const rows: { id: string }[] = await t.db.query(
      `INSERT INTO layer_cameras (organisation_id, name, bearing_deg, hfov_deg, range_m, status, geom)
       SELECT $1, 'cam ' || i, 45, 90, 20, 'active',
              ST_SetSRID(ST_MakePoint(CASE WHEN i <= 15 THEN 139.700 ELSE 139.720 END + (i % 5) * 0.0001, 35.700 + (i % 3) * 0.0001), 4326)
         FROM generate_series(1, 25) i ORDER BY i RETURNING id`,
      [t.orgs.city],
    );
    cameraIds.push(...rows.map((r) => Number(r.id)));
    await t.db.query(
      `INSERT INTO layer_beats (organisation_id, code, name, households, geom)
       VALUES ($1, 'T-01', '戸山', 1200, ST_GeomFromText('MULTIPOLYGON(((139.70 35.70, 139.71 35.70, 139.71 35.71, 139.70 35.71, 139.70 35.70)))', 4326))`,
      [t.orgs.police],
    );
  });
  afterAll(() => t.close());

  const get = (path: string, token?: string) => {
    const req = t.http().get(path).set('Host', HOST);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  it('has a landing page linking the API definition, conformance and collections with absolute URLs', async () => {
    const res = await get('/api/ogc?f=json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.title).toContain('Mimamori');
    const rels = Object.fromEntries(res.body.links.map((l: { rel: string }) => [l.rel, l]));
    expect(rels.self.href).toBe(`${ORIGIN}/api/ogc`);
    expect(rels['service-desc']).toMatchObject({ href: `${ORIGIN}/api/docs/openapi.json`, type: 'application/vnd.oai.openapi+json;version=3.0' });
    expect(rels.conformance.href).toBe(`${ORIGIN}/api/ogc/conformance`);
    expect(rels.data.href).toBe(`${ORIGIN}/api/ogc/collections`);
    const openapi = await t.http().get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(openapi.body.paths)).toContain('/api/ogc/collections/{layer}/items');
  });

  it('declares the core, oas30 and geojson conformance classes', async () => {
    const res = await get('/api/ogc/conformance').expect(200);
    expect(res.body.conformsTo).toEqual([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
    ]);
  });

  it('lists the layers a planner may read, without police layers', async () => {
    const res = await get('/api/ogc/collections', planner).expect(200);
    const ids = res.body.collections.map((c: { id: string }) => c.id);
    expect(ids).toEqual(['cameras', 'streetlights', 'school-routes', 'beats', 'buildings', 'roads', 'facilities', 'blocks', 'areas']);
    const anonymous = await get('/api/ogc/collections').expect(200);
    expect(anonymous.body.collections.map((c: { id: string }) => c.id)).toEqual(ids);
  });

  it('describes a collection with its extent in CRS84 and items link', async () => {
    const res = await get('/api/ogc/collections/cameras', planner).expect(200);
    expect(res.body).toMatchObject({ id: 'cameras', title: '防犯カメラ (CCTV cameras)', itemType: 'feature' });
    expect(res.body.extent.spatial.crs).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    // West cluster starts at 139.700, east cluster ends at 139.720 + 4 × 0.0001; latitudes 35.700 to 35.7002.
    res.body.extent.spatial.bbox[0].forEach((v: number, i: number) => expect(v).toBeCloseTo([139.7, 35.7, 139.7204, 35.7002][i], 9));
    expect(res.body.links).toEqual(
      expect.arrayContaining([{ href: `${ORIGIN}/api/ogc/collections/cameras/items`, rel: 'items', type: 'application/geo+json', title: expect.any(String) }]),
    );
  });

  it('pages through items: numberMatched, numberReturned and next/prev links', async () => {
    const first = await get('/api/ogc/collections/cameras/items', planner).expect(200);
    expect(first.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(first.body).toMatchObject({ type: 'FeatureCollection', numberMatched: 25, numberReturned: 10 });
    expect(Date.parse(first.body.timeStamp)).not.toBeNaN();
    expect(first.body.features.map((f: { id: number }) => f.id)).toEqual(cameraIds.slice(0, 10));
    const next = (body: { links: { rel: string; href: string }[] }, rel: string) => body.links.find((l) => l.rel === rel)?.href;
    expect(next(first.body, 'next')).toBe(`${ORIGIN}/api/ogc/collections/cameras/items?limit=10&offset=10`);
    expect(next(first.body, 'prev')).toBeUndefined();

    const last = await get('/api/ogc/collections/cameras/items?limit=10&offset=20', planner).expect(200);
    expect(last.body).toMatchObject({ numberMatched: 25, numberReturned: 5 });
    expect(next(last.body, 'next')).toBeUndefined();
    expect(next(last.body, 'prev')).toBe(`${ORIGIN}/api/ogc/collections/cameras/items?limit=10&offset=10`);
  });

  it('returns features as GeoJSON with their registry properties', async () => {
    const res = await get('/api/ogc/collections/cameras/items?limit=1', planner).expect(200);
    expect(res.body.features[0]).toEqual({
      type: 'Feature',
      id: cameraIds[0],
      geometry: { type: 'Point', coordinates: [139.7001, 35.7001] },
      properties: { name: 'cam 1', bearing_deg: 45, hfov_deg: 90, range_m: 20, status: 'active', sample: false },
    });
  });

  it('filters by bbox and keeps the bbox in paging links', async () => {
    const res = await get('/api/ogc/collections/cameras/items?bbox=139.719,35.699,139.721,35.701&limit=4', planner).expect(200);
    expect(res.body).toMatchObject({ numberMatched: 10, numberReturned: 4 });
    expect(res.body.features.every((f: { geometry: { coordinates: number[] } }) => f.geometry.coordinates[0] >= 139.72)).toBe(true);
    const nextLink = res.body.links.find((l: { rel: string }) => l.rel === 'next').href;
    expect(new URL(nextLink).searchParams.get('bbox')).toBe('139.719,35.699,139.721,35.701');
    const empty = await get('/api/ogc/collections/cameras/items?bbox=140,36,141,37', planner).expect(200);
    expect(empty.body).toMatchObject({ numberMatched: 0, numberReturned: 0, features: [] });
  });

  it('clamps a limit above 10,000 instead of refusing it', async () => {
    const res = await get('/api/ogc/collections/cameras/items?limit=50000', planner).expect(200);
    expect(res.body.numberReturned).toBe(25);
    expect(res.body.links.find((l: { rel: string }) => l.rel === 'self').href).toContain('limit=10000');
  });

  it.each([
    ['bbox=139.7,35.7,139.8', 'bbox must be 4 numbers'],
    ['bbox=139.8,35.7,139.7,35.8', 'west (139.8) is east of its east (139.7)'],
    ['limit=0', 'limit must be an integer ≥ 1'],
    ['limit=abc', 'limit must be'],
    ['offset=-3', 'offset must be'],
    ['f=html', 'f must be json or geojson'],
  ])('refuses ?%s with 400 INVALID_QUERY', async (query, message) => {
    const res = await get(`/api/ogc/collections/cameras/items?${query}`, planner).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_QUERY', message: expect.stringContaining(message) });
  });

  it('returns one item with links, and 404 FEATURE_NOT_FOUND for missing, deleted or malformed ids', async () => {
    const res = await get(`/api/ogc/collections/cameras/items/${cameraIds[2]}`, planner).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(res.body).toMatchObject({ type: 'Feature', id: cameraIds[2], properties: { name: 'cam 3' } });
    expect(res.body.links[0]).toEqual({ href: `${ORIGIN}/api/ogc/collections/cameras/items/${cameraIds[2]}`, rel: 'self', type: 'application/geo+json' });

    const deleted = cameraIds[24];
    await t.db.query(`UPDATE layer_cameras SET deleted_at = now() WHERE id = $1`, [deleted]);
    for (const id of [deleted, 999999, 'abc', '1.5']) {
      const missing = await get(`/api/ogc/collections/cameras/items/${id}`, planner).expect(404);
      expect(missing.body.code).toBe('FEATURE_NOT_FOUND');
    }
    await t.db.query(`UPDATE layer_cameras SET deleted_at = NULL WHERE id = $1`, [deleted]);
  });

  it('hides police layers (404) and police-only properties from a planner, and shows them to the police', async () => {
    for (const path of ['/api/ogc/collections/patrol-tracks', '/api/ogc/collections/patrol-tracks/items', '/api/ogc/collections/patrol-tracks/items/1']) {
      expect((await get(path, planner).expect(404)).body.code).toBe('UNKNOWN_LAYER');
    }
    await get('/api/ogc/collections/patrol-tracks', police).expect(200);
    expect((await get('/api/ogc/collections/patrol-tracks/items', police).expect(200)).body.numberMatched).toBe(0);
    expect((await get('/api/ogc/collections', police).expect(200)).body.collections.map((c: { id: string }) => c.id)).toContain('patrol-tracks');

    const planned = await get('/api/ogc/collections/beats/items', planner).expect(200);
    expect(planned.body.features[0].properties).toEqual({ code: 'T-01', name: '戸山', sample: false });
    const policed = await get('/api/ogc/collections/beats/items', police).expect(200);
    expect(policed.body.features[0].properties).toMatchObject({ households: 1200 });
    const schema = await get('/api/ogc/collections/beats/schema', planner).expect(200);
    expect(schema.headers['content-type']).toMatch(/^application\/schema\+json/);
    expect(Object.keys(schema.body.properties.properties.properties)).not.toContain('households');
  });

  it('answers 404 UNKNOWN_LAYER for an unknown collection', async () => {
    expect((await get('/api/ogc/collections/pachinko/items').expect(404)).body.code).toBe('UNKNOWN_LAYER');
  });
});
