import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { binary, createTestApp, TestApp } from '../testing/test-app';

interface DecodedFeature {
  id: number;
  type: 1 | 2 | 3;
  properties: Record<string, unknown>;
  geometry: [number, number][][];
}
type DecodedTile = Record<string, { extent: number; features: DecodedFeature[] }>;

const DECODE = `
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const tile = new VectorTile(new PbfReader(Buffer.concat(chunks)));
const out = {};
for (const [name, layer] of Object.entries(tile.layers)) {
  const features = [];
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    features.push({ id: f.id, type: f.type, properties: f.properties, geometry: f.loadGeometry().map((ring) => ring.map((p) => [p.x, p.y])) });
  }
  out[name] = { extent: layer.extent, features };
}
process.stdout.write(JSON.stringify(out));
`;

/** Decodes with @mapbox/vector-tile + pbf, which are ESM-only: jest cannot load them in-process. */
function decode(body: Buffer): Promise<DecodedTile> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', DECODE], { cwd: resolve(__dirname, '../../..') });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolvePromise(JSON.parse(out) as DecodedTile) : reject(new Error(err))));
    child.stdin.end(body);
  });
}

/** Position of lon/lat in a tile of zoom z, in tile units (0..4096), by the slippy-map formulas. */
function pixelOf(lon: number, lat: number, z: number, x: number, y: number): [number, number] {
  const n = 2 ** z;
  const phi = (lat * Math.PI) / 180;
  const worldY = ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n;
  return [(((lon + 180) / 360) * n - x) * 4096, (worldY - y) * 4096];
}


// z16 tile 58201/25801 covers lon 139.70764–139.71313, lat 35.70192–35.70638 (戸山, 新宿区).
const TILE = '16/58201/25801';

describe('vector tiles (real PostGIS)', () => {
  let t: TestApp;
  let planner: string;

  beforeAll(async () => {
    t = await createTestApp();
    planner = await t.tokenFor('planner');
  });
  afterAll(() => t.close());

  const tile = (path: string, token?: string) => {
    const req = t.http().get(path).buffer(true).parse(binary);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  async function insertCamera(lon: number, lat: number, name: string): Promise<number> {
    const rows: { id: string }[] = await t.db.query(
      `INSERT INTO layer_cameras (organisation_id, name, bearing_deg, hfov_deg, range_m, night_capable, installed_on, status, geom)
       VALUES ($1, $2, 90, 60, 30, true, '2024-04-01', 'active', ST_SetSRID(ST_MakePoint($3, $4), 4326)) RETURNING id`,
      [t.orgs.city, name, lon, lat],
    );
    return Number(rows[0].id);
  }

  async function insertRoad(coordinates: number[][], klass = 'residential', name: string | null = null): Promise<number> {
    const rows: { id: string }[] = await t.db.query(
      `INSERT INTO layer_roads (organisation_id, class, name, geom) VALUES ($1, $2, $3, ST_GeomFromGeoJSON($4)) RETURNING id`,
      [t.orgs.city, klass, name, JSON.stringify({ type: 'LineString', coordinates })],
    );
    return Number(rows[0].id);
  }

  it('draws a camera at its pixel position with its registry properties', async () => {
    const id = await insertCamera(139.71, 35.703, '戸山一丁目 1');
    const res = await tile(`/api/tiles/cameras/${TILE}.mvt`, planner).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);

    const layer = (await decode(res.body)).cameras;
    expect(layer.extent).toBe(4096);
    expect(layer.features).toHaveLength(1);
    const [feature] = layer.features;
    expect(feature).toMatchObject({ id, type: 1 });
    expect(feature.properties).toEqual({
      name: '戸山一丁目 1', bearing_deg: 90, hfov_deg: 60, range_m: 30, night_capable: true, status: 'active', installed_on: '2024-04-01', sample: false,
    });
    // (139.71 + 180) / 360 × 2^16 = 58201.429 → x ≈ 0.429 × 4096 = 1759; y ≈ 0.757 × 4096 = 3101.
    const [px, py] = pixelOf(139.71, 35.703, 16, 58201, 25801);
    expect(Math.abs(feature.geometry[0][0][0] - px)).toBeLessThanOrEqual(1);
    expect(Math.abs(feature.geometry[0][0][1] - py)).toBeLessThanOrEqual(1);
    expect(Math.round(px)).toBe(1759);
  });

  it('draws a road as a line between the pixel positions of its ends', async () => {
    const id = await insertRoad([[139.71, 35.703], [139.7125, 35.7035]], 'tertiary', '諏訪通り');
    const layer = (await decode((await tile(`/api/tiles/roads/${TILE}.mvt`).expect(200)).body)).roads;
    const road = layer.features.find((f) => f.id === id)!;
    expect(road.type).toBe(2);
    expect(road.properties).toEqual({ class: 'tertiary', name: '諏訪通り', sample: false });
    const ends = [pixelOf(139.71, 35.703, 16, 58201, 25801), pixelOf(139.7125, 35.7035, 16, 58201, 25801)];
    const line = road.geometry[0];
    expect(line).toHaveLength(2);
    line.forEach(([x, y], i) => {
      expect(Math.abs(x - ends[i][0])).toBeLessThanOrEqual(1);
      expect(Math.abs(y - ends[i][1])).toBeLessThanOrEqual(1);
    });
  });

  it('answers 304 to a matching If-None-Match, and a write changes the ETag and the tile', async () => {
    await insertCamera(139.709, 35.704, 'before');
    const first = await tile(`/api/tiles/cameras/${TILE}.mvt`, planner).expect(200);
    const etag = first.headers.etag;
    const again = await tile(`/api/tiles/cameras/${TILE}.mvt`, planner).set('If-None-Match', etag).expect(304);
    expect(again.headers.etag).toBe(etag);
    expect(again.body).toHaveLength(0);

    const added = await insertCamera(139.711, 35.705, 'after');
    const fresh = await tile(`/api/tiles/cameras/${TILE}.mvt`, planner).set('If-None-Match', etag).expect(200);
    expect(fresh.headers.etag).not.toBe(etag);
    const before = (await decode(first.body)).cameras.features.map((f) => f.id);
    const after = (await decode(fresh.body)).cameras.features.map((f) => f.id);
    expect(before).not.toContain(added);
    expect(after).toEqual([...before, added]);
  });

  it('leaves out deleted features', async () => {
    const id = await insertCamera(139.7095, 35.7035, 'removed');
    await t.db.query(`UPDATE layer_cameras SET deleted_at = now() WHERE id = $1`, [id]);
    const ids = (await decode((await tile(`/api/tiles/cameras/${TILE}.mvt`, planner).expect(200)).body)).cameras.features.map((f) => f.id);
    expect(ids).not.toContain(id);
  });

  it('answers 204 with no body outside the layer zoom range', async () => {
    // cameras are served from z10, streetlights from z12, buildings from z13.
    for (const path of ['cameras/9/454/201', 'streetlights/11/1818/806', 'buildings/12/3637/1612']) {
      const res = await tile(`/api/tiles/${path}.mvt`, planner).expect(204);
      expect(res.body).toHaveLength(0);
    }
  });

  it.each([
    ['cameras/23/0/0', 'z must be an integer from 0 to 22'],
    ['cameras/16/65536/0', 'x must be an integer from 0 to 65535'],
    ['cameras/16/0/70000', 'y must be'],
    ['cameras/16/abc/0', 'x must be'],
    ['cameras/16/-1/0', 'x must be'],
    ['cameras/16/1.5/0', 'x must be'],
  ])('refuses /%s.mvt with 400 INVALID_TILE', async (path, message) => {
    const res = await t.http().get(`/api/tiles/${path}.mvt`).set('Authorization', `Bearer ${planner}`).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_TILE', message: expect.stringContaining(message) });
  });

  it('answers 404 UNKNOWN_LAYER for a layer that does not exist', async () => {
    const res = await t.http().get(`/api/tiles/pachinko/${TILE}.mvt`).expect(404);
    expect(res.body.code).toBe('UNKNOWN_LAYER');
  });

  it('simplifies lines at low zoom and drops features smaller than a pixel', async () => {
    // 21 vertices zigzagging ±1.1 m along a 200 m line; a 10 m stub beside it.
    const zigzag = Array.from({ length: 21 }, (_, i) => [139.708 + i * 0.00011, 35.704 + (i % 2 ? 0.00001 : -0.00001)]);
    const zigzagId = await insertRoad(zigzag, 'footway');
    const stubId = await insertRoad([[139.709, 35.7035], [139.7091, 35.7035]], 'service');
    const at = async (path: string) => (await decode((await tile(`/api/tiles/roads/${path}.mvt`).expect(200)).body)).roads.features;

    const z17 = await at('17/116402/51603'); // no simplification from z16 on
    expect(z17.find((f) => f.id === zigzagId)!.geometry[0].length).toBeGreaterThanOrEqual(15);
    expect(z17.some((f) => f.id === stubId)).toBe(true);

    const z13 = await at('13/7275/3225'); // a pixel is 19 m: the zigzag is straight, the stub invisible
    expect(z13.find((f) => f.id === zigzagId)!.geometry[0]).toHaveLength(2);
    expect(z13.some((f) => f.id === stubId)).toBe(false);
  });

  it('serves the real Shinjuku roads in a tile GDAL\'s MVT driver reads', async () => {
    const roads = readFileSync(resolve(__dirname, '../../../db/data/shinjuku-toyama/roads.geojson'), 'utf8');
    await t.db.query(
      `INSERT INTO layer_roads (organisation_id, class, name, external_id, geom)
       SELECT $1, f->'properties'->>'highway', f->'properties'->>'name', 'osm:' || (f->'properties'->>'osm_id'), ST_GeomFromGeoJSON(f->>'geometry')
         FROM jsonb_array_elements($2::jsonb->'features') f`,
      [t.orgs.city, roads],
    );
    // z15 tile 29100/12900: lon 139.70215–139.71313, lat 35.70192–35.71084 (西早稲田・戸山).
    const [z, x, y] = [15, 29100, 12900];
    const body = (await tile(`/api/tiles/roads/${z}/${x}/${y}.mvt`).expect(200)).body;
    const decoded = (await decode(body)).roads.features;
    const [{ inside, near }]: { inside: string; near: string }[] = await t.db.query(
      `SELECT count(*) FILTER (WHERE ST_Intersects(geom, ST_Transform(ST_TileEnvelope($1, $2, $3), 4326))) AS inside,
              count(*) FILTER (WHERE geom_3857 && ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096)) AS near
         FROM layer_roads WHERE deleted_at IS NULL`,
      [z, x, y],
    );
    expect(decoded.length).toBeGreaterThanOrEqual(Number(inside));
    expect(decoded.length).toBeLessThanOrEqual(Number(near));
    expect(Number(inside)).toBeGreaterThan(300);

    const dir = await mkdtemp(join(tmpdir(), 'mimamori-mvt-'));
    try {
      const file = join(dir, 'roads.mvt');
      await writeFile(file, body);
      const { stdout } = await promisify(execFile)('ogrinfo', ['-ro', '-al', '-so', '-oo', `X=${x}`, '-oo', `Y=${y}`, '-oo', `Z=${z}`, `MVT:${file}`]);
      expect(stdout).toMatch(/^Layer name: roads$/m);
      expect(stdout).toMatch(new RegExp(`^Feature Count: ${decoded.length}$`, 'm'));
      expect(stdout).toMatch(/^class: String/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
