import { getLayer, LAYER_IDS, type LayerId } from '@mimamori/db';
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createTestApp, TestApp } from '../../testing/test-app';
import { fieldsOfValues } from './feature-set';
import { geoPackageStream } from './gpkg-writer';
import { kmlChunks } from './kml-writer';

interface Feature {
  type: 'Feature';
  id?: number;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}

const T0 = Date.parse('2025-04-01T08:00:00Z') / 1000;
const ring = (w: number, s: number, size: number) => [
  [w, s],
  [w + size, s],
  [w + size, s + size],
  [w, s + size],
  [w, s],
];
const feature = (type: string, coordinates: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', geometry: { type, coordinates }, properties });

/** Two features per layer, with every property type, extra properties, holes, multi-parts and unknown track times. */
const SEEDS: Record<LayerId, ReturnType<typeof feature>[]> = {
  cameras: [
    feature('Point', [139.7101234, 35.7012345], {
      name: '戸山公園入口',
      bearing_deg: 90.5,
      hfov_deg: 60,
      range_m: 30,
      resolution_px: 1920,
      mount_height_m: 3.5,
      night_capable: true,
      status: 'planned',
      owner: '新宿区',
      installed_on: '2024-04-01',
      管理番号: 'C-001',
      'osm:id': 1008,
      checked: false,
    }),
    feature('Point', [139.70001, 35.70002], { bearing_deg: 0, hfov_deg: 360, range_m: 12.25 }),
  ],
  streetlights: [
    feature('Point', [139.7031, 35.7045], { lamp_type: 'led', watts: 40, lumens: 4000, mount_height_m: 5, radius_m: 16, status: 'active', owner: '町会' }),
    feature('Point', [139.7032, 35.7046], { lamp_type: 'sodium' }),
  ],
  'school-routes': [
    feature('MultiLineString', [[[139.70, 35.70], [139.701, 35.7005]], [[139.701, 35.7005], [139.702, 35.701]]], {
      school: '戸山小学校',
      name: '大久保方面',
      grades: '1-6',
      period: 'morning',
      pupils: 42,
    }),
    feature('LineString', [[139.703, 35.703], [139.704, 35.7031]], { school: '西早稲田中学校' }),
  ],
  'patrol-tracks': [
    feature('LineString', [[139.70, 35.70], [139.701, 35.70], [139.701, 35.701]], {
      unit: '青パト1号',
      kind: 'volunteer',
      started_at: '2025-04-01T08:00:00+00:00',
      ended_at: '2025-04-01T08:20:00+00:00',
      times: [T0, null, T0 + 1200],
    }),
    feature('LineString', [[139.705, 35.705], [139.706, 35.705]], { unit: 'PC-12', kind: 'police' }),
  ],
  beats: [
    feature('Polygon', [ring(139.70, 35.70, 0.01), ring(139.703, 35.703, 0.002).reverse()], {
      code: 'TOYAMA-1',
      name: '戸山一丁目',
      post: '戸山交番',
      station: '牛込警察署',
      households: 1200,
      priority_households: 35,
      businesses: 80,
    }),
    feature('MultiPolygon', [[ring(139.72, 35.70, 0.005)], [ring(139.73, 35.70, 0.005)]], { code: 'TOYAMA-2' }),
  ],
  buildings: [
    feature('MultiPolygon', [[ring(139.7001, 35.7001, 0.0002)], [ring(139.7005, 35.7005, 0.0002)]], { name: '総務省 統計局', height_m: 12.5, levels: 4, building: 'office' }),
    feature('Polygon', [ring(139.7010, 35.7010, 0.0001)], {}),
  ],
  roads: [
    feature('LineString', [[139.70, 35.70], [139.7005, 35.7003], [139.701, 35.7004]], { class: 'residential', name: '大久保通り', oneway: 'yes', lanes: 2 }),
    feature('LineString', [[139.71, 35.71], [139.711, 35.711]], { class: 'footway' }),
  ],
  facilities: [
    feature('Point', [139.7084, 35.7043], { kind: 'koban', name: '戸山交番' }),
    feature('Point', [139.7123, 35.7034], { kind: 'school', name: '戸山小学校', 'name:en': 'Toyama Elementary School' }),
  ],
  blocks: [
    feature('Polygon', [ring(139.70, 35.70, 0.003)], {
      code: '13104001001',
      name: '四谷１丁目',
      population: 431,
      households: 214,
      crimes: { '2025': { total: 64, burglary: 2 } },
      AREA: 160468.767,
    }),
    feature('Polygon', [ring(139.71, 35.70, 0.003)], { code: '13104001002', name: '四谷２丁目' }),
  ],
  areas: [
    feature('MultiPolygon', [[ring(139.69, 35.69, 0.05)]], { kind: 'ward', name: '新宿区', code: '13104' }),
    feature('Polygon', [ring(139.60, 35.60, 0.01)], { kind: 'police-station', name: '牛込警察署管内' }),
  ],
};

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.flatMap(numbers) : typeof value === 'number' ? [value] : [];
}

describe('export → import reproduces every layer (GeoJSON, GeoPackage, KML, CSV)', () => {
  let t: TestApp;
  let token: string;
  const exportLayer = async (layer: LayerId, format: string): Promise<Buffer> => {
    const res = await t
      .http()
      .get(`/api/layers/${layer}/export?format=${format}`)
      .set('Authorization', token)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };
  const features = async (layer: LayerId): Promise<Feature[]> => JSON.parse((await exportLayer(layer, 'geojson')).toString('utf8')).features;

  beforeAll(async () => {
    t = await createTestApp();
    token = `Bearer ${await t.tokenFor('admin')}`;
    for (const layer of LAYER_IDS) {
      for (const seed of SEEDS[layer]) {
        const res = await t.http().post(`/api/layers/${layer}/features`).set('Authorization', token).send(seed);
        if (res.status !== 201) throw new Error(`${layer}: ${JSON.stringify(res.body)}`);
      }
    }
  });
  afterAll(() => t.close());

  const cases = LAYER_IDS.flatMap((layer) => ['geojson', 'gpkg', 'kml', 'csv'].map((format) => [layer, format] as const));

  it.each(cases)('%s as %s', async (layer, format) => {
    const before = await features(layer);
    expect(before).toHaveLength(2);
    const file = await exportLayer(layer, format);
    await t.db.query(`DELETE FROM ${getLayer(layer).table}`);
    const res = await t.http().post(`/api/layers/${layer}/import`).set('Authorization', token).attach('file', file, `${layer}.${format}`);
    expect(res.body).toEqual({ imported: 2, updated: 0, skipped: 0, rejected: [] });
    const after = await features(layer);
    // CSV carries the registry properties (and track times in the WKT's M), not the extra ones.
    const kept = (p: Record<string, unknown>) =>
      format === 'csv' ? Object.fromEntries(Object.entries(p).filter(([k]) => k === 'times' || getLayer(layer).properties.some((s) => s.name === k))) : p;
    after.forEach((f, i) => {
      expect(kept(f.properties)).toEqual(kept(before[i].properties));
      expect(f.geometry.type).toBe(before[i].geometry.type);
      const [a, b] = [numbers(f.geometry.coordinates), numbers(before[i].geometry.coordinates)];
      expect(a).toHaveLength(b.length);
      a.forEach((v, j) => expect(Math.abs(v - b[j])).toBeLessThan(1e-7));
    });
  });

  it('writes a GeoPackage QGIS and GDAL can open: one table named after the layer, EPSG:4326, typed columns', async () => {
    await t.db.query('DELETE FROM layer_cameras');
    for (const seed of SEEDS.cameras) await t.http().post('/api/layers/cameras/features').set('Authorization', token).send(seed).expect(201);
    const file = await exportLayer('cameras', 'gpkg');
    expect(file.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
    const preview = await t.http().post('/api/layers/cameras/import/preview').set('Authorization', token).attach('file', file, 'cameras.gpkg');
    expect(preview.body).toMatchObject({ format: 'gpkg', crs: { srid: 4326 }, total: 2, valid: 2 });
    expect(preview.body.columns).toEqual(expect.arrayContaining(['bearing_deg', 'installed_on', 'night_capable', 'osm:id', '管理番号']));
    const dir = mkdtempSync(join(tmpdir(), 'mimamori-gpkg-'));
    try {
      writeFileSync(join(dir, 'cameras.gpkg'), file);
      const info = execFileSync('ogrinfo', ['-so', '-al', '-nomd', join(dir, 'cameras.gpkg')], { encoding: 'utf8' });
      expect(info).toMatch(/Layer name: cameras\nGeometry: Point\nFeature Count: 2/);
      expect(info).toMatch(/ID\["EPSG",4326\]\]/);
      for (const column of ['hfov_deg: Real', 'resolution_px: Integer64', 'night_capable: Integer\\(Boolean\\)', 'installed_on: Date', 'osm:id: Integer64', '管理番号: String']) {
        expect(info).toMatch(new RegExp(`^${column} `, 'm'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes any feature set, e.g. analysis results of mixed kinds and geometries, to GeoPackage and KML', async () => {
    const results = [
      { type: 'Feature', id: 1, geometry: { type: 'LineString', coordinates: [[139.7, 35.7], [139.71, 35.7]] }, properties: { kind: 'line', seenPct: 62.5, targetId: 4 } },
      { type: 'Feature', id: 2, geometry: { type: 'Polygon', coordinates: [ring(139.7, 35.7, 0.001)] }, properties: { kind: 'blind-area', areaM2: 1200 } },
      { type: 'Feature', id: 3, geometry: null, properties: { kind: 'finding', message: '暗い区間が長い', beats: [1, 2] } },
    ] as unknown as Feature[];
    async function* features() {
      yield* results;
    }
    const set = { name: 'coverage-run', title: 'coverage', geometryType: 'Geometry' as const, fields: fieldsOfValues(results as never) };
    const dir = mkdtempSync(join(tmpdir(), 'mimamori-set-'));
    try {
      const gpkg = join(dir, 'run.gpkg');
      await pipeline(await geoPackageStream({ ...set, features: features() as never }), createWriteStream(gpkg));
      const back = execFileSync('ogr2ogr', ['-f', 'GeoJSONSeq', '/vsistdout/', gpkg], { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
      expect(back.map((f) => [f.properties.kind, f.geometry?.type ?? null])).toEqual([
        ['line', 'LineString'],
        ['blind-area', 'Polygon'],
        ['finding', null],
      ]);
      expect(back[0].properties).toMatchObject({ seenPct: 62.5, targetId: 4 });
      expect(back[2].properties.message).toBe('暗い区間が長い');
      let kml = '';
      for await (const chunk of kmlChunks({ ...set, features: features() as never })) kml += chunk;
      expect(kml.match(/<Placemark /g)).toHaveLength(3);
      expect(kml).toContain('<SimpleData name="beats">[1,2]</SimpleData>');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes KML with a typed schema and a named placemark per feature', async () => {
    const kml = (await exportLayer('facilities', 'kml')).toString('utf8');
    expect(kml).toContain('<SimpleField type="string" name="kind"/>');
    expect(kml).toMatch(/<Placemark id="f\d+"><name>戸山交番<\/name>.*<Point><coordinates>139\.7084,35\.7043<\/coordinates><\/Point><\/Placemark>/);
  });
});
