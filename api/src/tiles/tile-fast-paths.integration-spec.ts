import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Feature, FeatureCollection } from 'geojson';
import { binary, createTestApp, TestApp } from '../testing/test-app';

const run = promisify(execFile);

/** Decodes one layer of a tile with GDAL's MVT driver into GeoJSON (lon/lat). */
async function gdalLayer(body: Buffer, tile: string, layer: string): Promise<FeatureCollection> {
  const [z, x, y] = tile.split('/');
  const dir = await mkdtemp(join(tmpdir(), 'mimamori-mvt-'));
  try {
    const file = join(dir, 'tile.mvt');
    await writeFile(file, body);
    const { stdout } = await run('ogr2ogr', ['-f', 'GeoJSON', '-t_srs', 'EPSG:4326', '/vsistdout/', '-oo', `X=${x}`, '-oo', `Y=${y}`, '-oo', `Z=${z}`, `MVT:${file}`, layer], { maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout) as FeatureCollection;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Rings of each feature of a layer in tile units, decoded by @mapbox/vector-tile (ESM-only, so in a child process). */
function decodeRings(body: Buffer, layer: string): Promise<Record<string, [number, number][][]>> {
  const script = `
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const layer = new VectorTile(new PbfReader(Buffer.concat(chunks))).layers[${JSON.stringify(layer)}];
const out = {};
for (let i = 0; i < layer.length; i++) out[layer.feature(i).id] = layer.feature(i).loadGeometry().map((r) => r.map((p) => [p.x, p.y]));
process.stdout.write(JSON.stringify(out));`;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: resolve(__dirname, '../../..') });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? done(JSON.parse(out)) : fail(new Error(err))));
    child.stdin.end(body);
  });
}

/** Twice the signed area of a ring by the surveyor's formula: positive for an MVT exterior ring (clockwise on screen). */
const signedArea = (ring: [number, number][]) => ring.reduce((sum, [x, y], i) => sum + x * ring[(i + 1) % ring.length][1] - ring[(i + 1) % ring.length][0] * y, 0);


// z16 tile 58201/25801 covers lon 139.70764–139.71313, lat 35.70192–35.70638 (戸山, 新宿区).
const TILE = '16/58201/25801';
// A courtyard building well inside the tile, and one across its eastern edge (lon 139.71313).
const COURTYARD = 'MULTIPOLYGON(((139.7090 35.7030, 139.7100 35.7030, 139.7100 35.7040, 139.7090 35.7040, 139.7090 35.7030), (139.7093 35.7033, 139.7093 35.7037, 139.7097 35.7037, 139.7097 35.7033, 139.7093 35.7033)))';
const ACROSS_EDGE = 'MULTIPOLYGON(((139.7128 35.7030, 139.7160 35.7030, 139.7160 35.7035, 139.7128 35.7035, 139.7128 35.7030)))';

describe('tile fast paths: polygons without clipping, cached hits before the controller', () => {
  let t: TestApp;
  const token: Record<'planner' | 'police', string> = { planner: '', police: '' };

  beforeAll(async () => {
    t = await createTestApp();
    [token.planner, token.police] = await Promise.all([t.tokenFor('planner'), t.tokenFor('police')]);
  });
  afterAll(() => t.close());

  const get = (path: string, auth?: string) => {
    const req = t.http().get(path).buffer(true).parse(binary);
    return auth ? req.set('Authorization', auth) : req;
  };

  /** For error replies, parsed as JSON. */
  const refuse = (path: string, status: number, auth?: string) => (auth ? t.http().get(path).set('Authorization', auth) : t.http().get(path)).expect(status);

  async function insertBuilding(wkt: string): Promise<number> {
    const [row] = await t.db.query(`INSERT INTO layer_buildings (organisation_id, height_m, geom) VALUES ($1, 12, ST_GeomFromText($2, 4326)) RETURNING id`, [t.orgs.city, wkt]);
    return Number(row.id);
  }

  /** Area in m² (in the metric zone) of the symmetric difference between a decoded feature and the stored polygon. */
  async function mismatchM2(feature: Feature, wkt: string): Promise<{ mismatch: number; area: number; holes: number }> {
    const [row] = await t.db.query(
      `WITH a AS (SELECT ST_Transform(ST_GeomFromGeoJSON($1), 6677) AS g), b AS (SELECT ST_Transform(ST_GeomFromText($2, 4326), 6677) AS g)
       SELECT ST_Area(ST_SymDifference(a.g, b.g)) AS mismatch, ST_Area(b.g) AS area, ST_NumInteriorRings(ST_GeometryN(a.g, 1)) AS holes FROM a, b`,
      [JSON.stringify(feature.geometry), wkt],
    );
    return row;
  }

  it('draws a polygon inside the tile, hole included, as ST_AsMVTGeom would; one across the edge is clipped', async () => {
    const inside = await insertBuilding(COURTYARD);
    const across = await insertBuilding(ACROSS_EDGE);
    const res = await get(`/api/tiles/buildings/${TILE}.mvt`, `Bearer ${token.planner}`).expect(200);
    const layer = await gdalLayer(res.body, TILE, 'buildings');
    const byId = (id: number) => layer.features.find((f) => Number(f.properties?.mvt_id ?? f.id) === id);

    // Exterior clockwise on screen and the hole the other way, as the MVT specification asks.
    const rings = (await decodeRings(res.body, 'buildings'))[inside];
    expect(rings.map((ring) => Math.sign(signedArea(ring)))).toEqual([1, -1]);
    const courtyard = await mismatchM2(byId(inside)!, COURTYARD);
    expect(courtyard.holes).toBe(1);
    // Snapping to 4096 units (0.15 m at z16) moves each edge by at most half a unit.
    expect(courtyard.mismatch / courtyard.area).toBeLessThan(0.01);

    const clipped = byId(across)!;
    const [{ east }] = await t.db.query(`SELECT ST_XMax(ST_GeomFromGeoJSON($1)) AS east`, [JSON.stringify(clipped.geometry)]);
    // Clipped at the tile edge plus its 64-unit buffer (1/64 of the tile), not the building's own east end.
    expect(east).toBeLessThan(139.7160);
    expect(east).toBeGreaterThan(139.71313);
  });

  it('never serves a cached police tile to a planner, anonymous reader or bad token', async () => {
    await t.db.query(
      `INSERT INTO layer_patrol_tracks (organisation_id, unit, kind, started_at, geom)
       VALUES ($1, '戸塚1', 'police', '2025-06-01T21:00:00+09:00', ST_GeomFromText('LINESTRING M (139.709 35.703 1748779200, 139.711 35.704 1748779260)', 4326))`,
      [t.orgs.police],
    );
    const path = `/api/tiles/patrol-tracks/${TILE}.mvt`;
    // Twice as police: the second answer comes from the cache.
    await get(path, `Bearer ${token.police}`).expect(200);
    const cached = await get(path, `Bearer ${token.police}`).expect(200);
    expect(cached.body.length).toBeGreaterThan(0);

    expect((await refuse(path, 404, `Bearer ${token.planner}`)).body.code).toBe('UNKNOWN_LAYER');
    expect((await refuse(path, 404)).body.code).toBe('UNKNOWN_LAYER');
    expect((await refuse(path, 401, `Bearer ${token.police}x`)).body.code).toBe('UNAUTHENTICATED');
    expect((await refuse(path, 401, 'Basic cG9saWNlOng=')).body.code).toBe('UNAUTHENTICATED');
    // A conditional request from a planner with the police ETag learns nothing either.
    await t.http().get(path).set('Authorization', `Bearer ${token.planner}`).set('If-None-Match', cached.headers.etag).expect(404);
  });

  it('answers a cached public tile with the same bytes, ETag and headers as the controller, and 304 to its ETag', async () => {
    const path = `/api/tiles/roads/${TILE}.mvt`;
    const first = await get(path, `Bearer ${token.planner}`).expect(200);
    const hit = await get(path, `Bearer ${token.planner}`).expect(200);
    expect(Buffer.compare(hit.body, first.body)).toBe(0);
    expect(hit.headers.etag).toBe(first.headers.etag);
    for (const header of ['content-type', 'cache-control', 'vary']) expect(hit.headers[header]).toBe(first.headers[header]);
    await get(path, `Bearer ${token.planner}`).set('If-None-Match', first.headers.etag).expect(304);
  });
});
