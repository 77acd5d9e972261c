import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FeatureCollection } from 'geojson';
import { binary, createTestApp, TestApp } from '../testing/test-app';

const run = promisify(execFile);

/** Decodes one layer of a tile with GDAL's MVT driver into GeoJSON (lon/lat). */
async function gdalLayer(body: Buffer, tile: string, layer: string): Promise<FeatureCollection> {
  const [z, x, y] = tile.split('/');
  const dir = await mkdtemp(join(tmpdir(), 'mimamori-mvt-'));
  try {
    const file = join(dir, 'tile.mvt');
    await writeFile(file, body);
    const { stdout } = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', '-oo', `X=${x}`, '-oo', `Y=${y}`, '-oo', `Z=${z}`, `MVT:${file}`, layer], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout) as FeatureCollection;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}


// z16 tile 58201/25801 covers lon 139.70764–139.71313, lat 35.70192–35.70638 (戸山, 新宿区).
const TILE = '16/58201/25801';
const BEAT = 'MULTIPOLYGON(((139.708 35.702, 139.712 35.702, 139.712 35.706, 139.708 35.706, 139.708 35.702)))';

describe('tile access, TileJSON and analysis tiles (real PostGIS)', () => {
  let t: TestApp;
  const token: Record<'planner' | 'police', string> = { planner: '', police: '' };

  beforeAll(async () => {
    t = await createTestApp();
    [token.planner, token.police] = await Promise.all([t.tokenFor('planner'), t.tokenFor('police')]);
    await t.db.query(
      `INSERT INTO layer_patrol_tracks (organisation_id, unit, kind, started_at, geom)
       VALUES ($1, '戸塚1', 'police', '2025-06-01T21:00:00+09:00', ST_GeomFromText('LINESTRING M (139.709 35.703 1748779200, 139.711 35.704 1748779260)', 4326))`,
      [t.orgs.police],
    );
    await t.db.query(
      `INSERT INTO layer_beats (organisation_id, code, name, households, priority_households, geom) VALUES ($1, 'T-01', '戸山', 1200, 80, ST_GeomFromText($2, 4326))`,
      [t.orgs.police, BEAT],
    );
  });
  afterAll(() => t.close());

  const get = (path: string, role?: 'planner' | 'police') => {
    const req = t.http().get(path).buffer(true).parse(binary);
    return role ? req.set('Authorization', `Bearer ${token[role]}`) : req;
  };

  describe('police layers and properties', () => {
    it.each([`/api/tiles/patrol-tracks/${TILE}.mvt`, '/api/tiles/patrol-tracks.json'])('%s is absent (404 UNKNOWN_LAYER) for a planner and anonymous readers', async (path) => {
      for (const role of ['planner', undefined] as const) {
        const auth = role ? { Authorization: `Bearer ${token[role]}` } : {};
        const hidden = await t.http().get(path).set(auth).expect(404);
        const unknown = await t.http().get(path.replace('patrol-tracks', 'no-such-layer')).set(auth).expect(404);
        expect(hidden.body.code).toBe('UNKNOWN_LAYER');
        // Indistinguishable from a layer that does not exist, and not offered in the list of layers.
        expect(hidden.body).toEqual({ ...unknown.body, message: unknown.body.message.replace('no-such-layer', 'patrol-tracks') });
        expect(hidden.body.message.replace('"patrol-tracks"', '')).not.toContain('patrol-tracks');
      }
    });

    it('serves patrol tracks to the police, with times as ISO text', async () => {
      const res = await get(`/api/tiles/patrol-tracks/${TILE}.mvt`, 'police').expect(200);
      const [track] = (await gdalLayer(res.body, TILE, 'patrol-tracks')).features;
      expect(track.geometry.type).toBe('LineString');
      expect(track.properties).toMatchObject({ unit: '戸塚1', kind: 'police', sample: false });
      expect(new Date(track.properties!.started_at).toISOString()).toBe('2025-06-01T12:00:00.000Z');
      const json = await t.http().get('/api/tiles/patrol-tracks.json').set('Authorization', `Bearer ${token.police}`).expect(200);
      expect(json.body.vector_layers[0].fields).toEqual({ unit: 'String', kind: 'String', started_at: 'String', ended_at: 'String', sample: 'Boolean' });
    });

    it('hides police-only beat properties from a planner, in tiles and in TileJSON', async () => {
      const planner = (await gdalLayer((await get(`/api/tiles/beats/${TILE}.mvt`, 'planner').expect(200)).body, TILE, 'beats')).features[0];
      const police = (await gdalLayer((await get(`/api/tiles/beats/${TILE}.mvt`, 'police').expect(200)).body, TILE, 'beats')).features[0];
      expect(planner.properties).toMatchObject({ code: 'T-01', name: '戸山' });
      expect(planner.properties).not.toHaveProperty('households');
      expect(police.properties).toMatchObject({ code: 'T-01', households: 1200, priority_households: 80 });
      const json = await t.http().get('/api/tiles/beats.json').set('Authorization', `Bearer ${token.planner}`).expect(200);
      expect(Object.keys(json.body.vector_layers[0].fields)).toEqual(['code', 'name', 'post', 'station', 'sample']);
    });

    it('gives police and planner different ETags for the same tile', async () => {
      const [planner, police] = await Promise.all([get(`/api/tiles/beats/${TILE}.mvt`, 'planner'), get(`/api/tiles/beats/${TILE}.mvt`, 'police')]);
      expect(planner.headers.etag).not.toBe(police.headers.etag);
      await get(`/api/tiles/beats/${TILE}.mvt`, 'police').set('If-None-Match', planner.headers.etag).expect(200);
    });
  });

  describe('TileJSON', () => {
    it('describes a layer with absolute tile URLs, its zoom range, extent and fields', async () => {
      await t.db.query(
        `INSERT INTO layer_facilities (organisation_id, kind, name, geom) VALUES
           ($1, 'koban', '戸山交番', ST_SetSRID(ST_MakePoint(139.70, 35.69), 4326)),
           ($1, 'school', '戸山小学校', ST_SetSRID(ST_MakePoint(139.72, 35.71), 4326))`,
        [t.orgs.city],
      );
      const res = await t.http().get('/api/tiles/facilities.json').set('Host', 'maps.example.jp:8080').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({
        tilejson: '3.0.0',
        tiles: ['http://maps.example.jp:8080/api/tiles/facilities/{z}/{x}/{y}.mvt'],
        minzoom: 10,
        maxzoom: 22,
        vector_layers: [{ id: 'facilities', fields: { kind: 'String', name: 'String', sample: 'Boolean' }, minzoom: 10, maxzoom: 22 }],
        attribution: expect.stringContaining('OpenStreetMap'),
      });
      res.body.bounds.forEach((v: number, i: number) => expect(v).toBeCloseTo([139.7, 35.69, 139.72, 35.71][i], 9));
    });

    it('advertises the bounds of Japan for a layer with no features yet', async () => {
      const res = await t.http().get('/api/tiles/streetlights.json').expect(200);
      expect(res.body.bounds).toEqual([122, 20, 154, 46]);
      expect(res.body.minzoom).toBe(12);
    });
  });

  it('caps a tile at 20,000 features', async () => {
    // 20,001 streetlights on a 141 × 142 grid of ~2 m steps, all inside one z16 tile.
    await t.db.query(
      `INSERT INTO layer_streetlights (organisation_id, radius_m, geom)
       SELECT $1, 12, ST_SetSRID(ST_MakePoint(139.708 + (i % 141) * 0.00002, 35.702 + (i / 141) * 0.00002), 4326) FROM generate_series(0, 20000) i`,
      [t.orgs.city],
    );
    const res = await get(`/api/tiles/streetlights/${TILE}.mvt`).expect(200);
    expect((await gdalLayer(res.body, TILE, 'streetlights')).features).toHaveLength(20000);
  });

  describe('analysis result tiles', () => {
    let runId: string;
    beforeAll(async () => {
      [{ id: runId }] = await t.db.query(
        `INSERT INTO analysis_run (type, params, fingerprint, status, progress, finished_at) VALUES ('coverage', '{}', 'test', 'succeeded', 1, now()) RETURNING id`,
      );
      await t.db.query(
        `INSERT INTO analysis_feature (run_id, kind, properties, geom) VALUES
           ($1, 'blind-spot', '{"targetId": 7, "lengthM": 12.5, "note": "暗い", "segments": [1, 2], "detail": {"a": 1}}', ST_GeomFromText('LINESTRING(139.709 35.703, 139.710 35.703)', 4326)),
           ($1, 'line', '{"targetId": 7, "seenPct": 40, "kind": "ignored"}', ST_GeomFromText('LINESTRING(139.709 35.704, 139.711 35.704)', 4326))`,
        [runId],
      );
    });

    it('serves the features of a run as layer "analysis" with kind and scalar properties', async () => {
      const res = await get(`/api/tiles/analyses/${runId}/${TILE}.mvt`, 'planner').expect(200);
      expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
      const features = (await gdalLayer(res.body, TILE, 'analysis')).features.map((f) => f.properties);
      expect(features).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'blind-spot', targetId: 7, lengthM: 12.5, note: '暗い' }),
          expect.objectContaining({ kind: 'line', targetId: 7, seenPct: 40 }),
        ]),
      );
      const blindSpot = features.find((p) => p?.kind === 'blind-spot');
      expect(blindSpot).not.toHaveProperty('segments');
      expect(blindSpot).not.toHaveProperty('detail');
      await get(`/api/tiles/analyses/${runId}/${TILE}.mvt`, 'planner').set('If-None-Match', res.headers.etag).expect(304);
    });

    it.each(['00000000-0000-4000-8000-000000000000', 'not-a-run'])('answers 404 RUN_NOT_FOUND for run %s', async (id) => {
      const res = await t.http().get(`/api/tiles/analyses/${id}/${TILE}.mvt`).set('Authorization', `Bearer ${token.planner}`).expect(404);
      expect(res.body.code).toBe('RUN_NOT_FOUND');
    });
  });
});
