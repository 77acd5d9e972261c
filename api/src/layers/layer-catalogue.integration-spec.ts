import type { Role } from '@mimamori/db';
import { createTestApp, TestApp } from '../testing/test-app';

interface Summary {
  id: string;
  count: number;
  extent: number[] | null;
  version: number;
  properties: { name: string; required: boolean; min: number | null; max: number | null; exclusiveMin: boolean }[];
}

const feature = (type: string, coordinates: unknown, properties: Record<string, unknown>) => ({
  type: 'Feature',
  geometry: { type, coordinates },
  properties,
});
const camera = (lon: number, lat: number) => feature('Point', [lon, lat], { bearing_deg: 0, hfov_deg: 90, range_m: 25 });
const SQUARE = [
  [
    [139.7, 35.7],
    [139.71, 35.7],
    [139.71, 35.71],
    [139.7, 35.71],
    [139.7, 35.7],
  ],
];

describe('layer catalogue and visibility (real PostGIS)', () => {
  let t: TestApp;
  const auth = async (role: Role) => `Bearer ${await t.tokenFor(role)}`;
  const catalogue = async (role: Role | null): Promise<Summary[]> => {
    const req = t.http().get('/api/layers');
    return (await (role ? req.set('Authorization', await auth(role)) : req).expect(200)).body;
  };
  const post = async (layer: string, body: object, role: Role) =>
    (await t.http().post(`/api/layers/${layer}/features`).set('Authorization', await auth(role)).send(body).expect(201)).body;
  const get = async (path: string, role: Role, status: number) =>
    (await t.http().get(path).set('Authorization', await auth(role)).expect(status)).body;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('counts live features and gives their extent [w, s, e, n]', async () => {
    await post('cameras', camera(139.7, 35.7), 'planner');
    await post('cameras', camera(139.72, 35.71), 'planner');
    const deleted = await post('cameras', camera(139.9, 35.9), 'planner');
    await t
      .http()
      .delete(`/api/layers/cameras/features/${deleted.id}`)
      .set('Authorization', await auth('planner'))
      .set('If-Match', '"1"')
      .expect(204);

    const layers = await catalogue('planner');
    const cameras = layers.find((l) => l.id === 'cameras')!;
    expect(cameras.count).toBe(2);
    expect(cameras.extent).toEqual([139.7, 35.7, 139.72, 35.71]);
    const [{ version }] = await t.db.query(`SELECT version::int FROM layer_state WHERE layer = 'cameras'`);
    expect(cameras.version).toBe(version);
    expect(version).toBeGreaterThan(1);
    expect(layers.find((l) => l.id === 'roads')).toMatchObject({ count: 0, extent: null });
  });

  it('describes each property with its rules', async () => {
    const cameras = (await catalogue('viewer')).find((l) => l.id === 'cameras')!;
    expect(cameras).toMatchObject({ title: { ja: '防犯カメラ', en: 'CCTV cameras' }, geometryType: 'Point', sensitivity: 'internal' });
    const hfov = cameras.properties.find((p) => p.name === 'hfov_deg');
    expect(hfov).toMatchObject({ type: 'number', required: true, min: 0, exclusiveMin: true, max: 360 });
  });

  it('hides patrol-tracks and police-only properties from a planner and shows them to police', async () => {
    const plannerLayers = await catalogue('planner');
    expect(plannerLayers.map((l) => l.id)).not.toContain('patrol-tracks');
    expect(plannerLayers).toHaveLength(9);
    expect(plannerLayers.find((l) => l.id === 'beats')!.properties.map((p) => p.name)).not.toContain('households');
    expect((await catalogue(null)).map((l) => l.id)).not.toContain('patrol-tracks');
    const policeLayers = await catalogue('police');
    expect(policeLayers.map((l) => l.id)).toContain('patrol-tracks');
    expect(policeLayers.find((l) => l.id === 'beats')!.properties.map((p) => p.name)).toContain('households');

    const track = await post('patrol-tracks', feature('LineString', SQUARE[0].slice(0, 2), { unit: '戸塚1', kind: 'police' }), 'police');
    expect((await get(`/api/layers/patrol-tracks/features/${track.id}`, 'planner', 404)).code).toBe('UNKNOWN_LAYER');
    expect((await get('/api/layers/patrol-tracks/features', 'planner', 404)).code).toBe('UNKNOWN_LAYER');
    expect((await get('/api/layers/patrol-tracks/export', 'planner', 404)).code).toBe('UNKNOWN_LAYER');
    const write = await t.http().post('/api/layers/patrol-tracks/features').set('Authorization', await auth('planner')).send({}).expect(404);
    expect(write.body.code).toBe('UNKNOWN_LAYER');
    const asPolice = await get('/api/layers/patrol-tracks/features', 'police', 200);
    expect(asPolice.features.map((f: { id: number }) => f.id)).toEqual([track.id]);
  });

  it('leaves police-only beat properties out of what a planner reads', async () => {
    const beat = await post('beats', feature('Polygon', SQUARE, { code: 'T-1', households: 1200 }), 'police');
    const url = `/api/layers/beats/features/${beat.id}`;
    expect((await get(url, 'police', 200)).properties).toMatchObject({ code: 'T-1', households: 1200 });
    const asPlanner = (await get(url, 'planner', 200)).properties;
    expect(asPlanner.code).toBe('T-1');
    expect(asPlanner).not.toHaveProperty('households');
  });

  it('answers 404 UNKNOWN_LAYER for a layer that does not exist', async () => {
    const res = await t.http().get('/api/layers/bicycles/features').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'UNKNOWN_LAYER', details: { field: 'layer' } });
    expect(res.body.message).toMatch(/"bicycles"/);
    const write = await t.http().post('/api/layers/bicycles/features').set('Authorization', await auth('admin')).send(camera(139.7, 35.7));
    expect(write.body).toMatchObject({ statusCode: 404, code: 'UNKNOWN_LAYER' });
  });

  it('answers 404 FEATURE_NOT_FOUND for ids that name no feature', async () => {
    for (const id of ['999999', 'abc', '99999999999999999999']) {
      expect((await t.http().get(`/api/layers/cameras/features/${id}`).expect(404)).body.code).toBe('FEATURE_NOT_FOUND');
    }
  });

  it('documents the layer endpoints in the OpenAPI description', async () => {
    const { body } = await t.http().get('/api/docs/openapi.json').expect(200);
    const paths = Object.keys(body.paths).filter((p) => p.startsWith('/api/layers'));
    expect(paths.sort()).toEqual([
      '/api/layers',
      '/api/layers/{layer}/export',
      '/api/layers/{layer}/features',
      '/api/layers/{layer}/features/{id}',
      '/api/layers/{layer}/features/{id}/restore',
      '/api/layers/{layer}/import',
      '/api/layers/{layer}/import/preview',
      '/api/layers/{layer}/shares',
    ]);
    expect(body.paths['/api/layers/{layer}/features/{id}'].patch.tags).toEqual(['layers']);
    expect(body.paths['/api/layers/{layer}/import'].post.requestBody.content).toHaveProperty('multipart/form-data');
    expect(body.paths['/api/layers/{layer}/import/preview'].post.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['layer', 'format', 'encoding', 'mode', 'mapping', 'key', 'defaults', 'zone', 'sourceLayer', 'limit']),
    );
  });
});
