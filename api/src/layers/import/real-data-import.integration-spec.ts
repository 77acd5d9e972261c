import { DEMO_DATA_DIR, type Role } from '@mimamori/db';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTestApp, TestApp } from '../../testing/test-app';

/** The published files under db/data, imported through the API and checked against values read here independently. */
const DATA = resolve(DEMO_DATA_DIR, '..');
const SHINJUKU = DEMO_DATA_DIR;
const ESTAT = join(DATA, 'estat-2015-blocks');

interface OsmElement {
  type: string;
  id: string;
  tags: Record<string, string>;
  refs: string[];
  members: string[];
}

/** A deliberately plain reading of OSM XML with regular expressions, independent of the importer's SAX parser. */
function osmElements(xml: string): OsmElement[] {
  const out: OsmElement[] = [];
  for (const m of xml.matchAll(/<(node|way|relation) id="(\d+)"[^>]*?(?:\/>|>([\s\S]*?)<\/\1>)/g)) {
    const body = m[3] ?? '';
    const tags = Object.fromEntries([...body.matchAll(/<tag k="([^"]*)" v="([^"]*)"/g)].map((t) => [t[1], t[2]]));
    out.push({
      type: m[1],
      id: m[2],
      tags,
      refs: [...body.matchAll(/<nd ref="(\d+)"/g)].map((r) => r[1]),
      members: [...body.matchAll(/<member type="way" ref="(\d+)"/g)].map((r) => r[1]),
    });
  }
  return out;
}

/** Record count and S_NAME of every record of an e-Stat DBF, decoded from CP932 here. */
function estatNames(base: string): { count: number; names: string[] } {
  const dbf = readFileSync(join(ESTAT, `${base}.dbf`));
  const count = dbf.readUInt32LE(4);
  const headerLength = dbf.readUInt16LE(8);
  const recordLength = dbf.readUInt16LE(10);
  let offset = 1;
  let sName: { offset: number; length: number } | null = null;
  for (let at = 32; dbf[at] !== 0x0d; at += 32) {
    const name = dbf.subarray(at, at + 11).toString('latin1').replace(/\0.*$/, '');
    if (name === 'S_NAME') sName = { offset, length: dbf[at + 16] };
    offset += dbf[at + 16];
  }
  const names: string[] = [];
  for (let r = 0; r < count; r++) {
    const start = headerLength + r * recordLength + sName!.offset;
    names.push(iconv.decode(dbf.subarray(start, start + sName!.length), 'cp932').trim());
  }
  return { count, names };
}

describe('importing the real files under db/data', () => {
  let t: TestApp;
  const auth = async (role: Role) => `Bearer ${await t.tokenFor(role)}`;
  const count = async (table: string, where = 'TRUE', params: unknown[] = []): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE deleted_at IS NULL AND ${where}`, params))[0].n;
  const importFile = async (layer: string, file: string | Buffer, name: string, query = '', role: Role = 'admin') => {
    const res = await t
      .http()
      .post(`/api/layers/${layer}/import${query}`)
      .set('Authorization', await auth(role))
      .attach('file', typeof file === 'string' ? file : file, typeof file === 'string' ? undefined : name);
    if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body).slice(0, 600)}`);
    return res.body as { imported: number; updated: number; skipped: number; rejected: unknown[] };
  };
  const query = (defaults: Record<string, unknown>) => `?defaults=${encodeURIComponent(JSON.stringify(defaults))}`;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('Shinjuku GeoJSON (OSM, e-Stat, GSI)', () => {
    const load = (file: string) => JSON.parse(readFileSync(join(SHINJUKU, file), 'utf8')) as { features: { properties: Record<string, unknown> }[] };

    it('imports the 594 roads with their OSM highway class and name', async () => {
      const roads = load('roads.geojson').features;
      expect(await importFile('roads', join(SHINJUKU, 'roads.geojson'), 'roads.geojson')).toEqual({ imported: 594, updated: 0, skipped: 0, rejected: [] });
      expect(roads).toHaveLength(594);
      const [okubo] = await t.db.query(`SELECT class, name, extra->>'name:en' AS en FROM layer_roads WHERE extra->>'osm_id' = '32635198'`);
      expect(okubo).toEqual({ class: 'secondary', name: '大久保通り', en: 'Okubo-dori Avenue' });
      const classes = new Set(roads.map((f) => f.properties.highway));
      expect(new Set((await t.db.query('SELECT DISTINCT class FROM layer_roads')).map((r: { class: string }) => r.class))).toEqual(classes);
    });

    it('imports the 2,573 buildings with their storeys', async () => {
      const buildings = load('buildings.geojson').features;
      const withLevels = buildings.filter((f) => f.properties['building:levels'] !== undefined);
      expect(await importFile('buildings', join(SHINJUKU, 'buildings.geojson'), 'buildings.geojson')).toMatchObject({ imported: 2573, rejected: [] });
      expect(await count('layer_buildings', 'levels IS NOT NULL')).toBe(withLevels.length);
      const sample = withLevels[0].properties;
      const [stored] = await t.db.query(`SELECT levels FROM layer_buildings WHERE extra->>'osm_id' = $1`, [String(sample.osm_id)]);
      expect(stored.levels).toBe(Number(sample['building:levels']));
    });

    it('imports the 153 blocks with code, name, census counts and 2025 crime', async () => {
      const blocks = load('blocks-with-crime.geojson').features;
      expect(await importFile('blocks', join(SHINJUKU, 'blocks-with-crime.geojson'), 'blocks.geojson')).toMatchObject({ imported: 153, rejected: [] });
      const p = blocks[0].properties;
      const [stored] = await t.db.query(`SELECT code, name, population, households, crimes FROM layer_blocks WHERE code = $1 ORDER BY id LIMIT 1`, [p.KEY_CODE]);
      expect(stored).toEqual({
        code: '13104001001',
        name: '四谷１丁目',
        population: p.JINKO,
        households: p.SETAI,
        crimes: {
          '2025': {
            total: p.crime_R7_total,
            burglary: p.crime_R7_burglary,
            nonburglary_theft: p.crime_R7_nonburglary_theft,
            violent: p.crime_R7_violent,
            assault: p.crime_R7_assault,
            bicycle_theft: p.crime_R7_bicycle_theft,
            snatch: p.crime_R7_snatch,
          },
        },
      });
      expect(stored.population).toBe(431);
    });

    it('takes the police boxes and schools of the POIs into facilities and the street lamps into streetlights', async () => {
      const pois = load('pois.geojson').features.map((f) => f.properties);
      const kobans = pois.filter((p) => p.amenity === 'police').length;
      const schools = pois.filter((p) => p.amenity === 'school' || p.amenity === 'kindergarten').length;
      const lamps = pois.filter((p) => p.highway === 'street_lamp').length;
      expect([kobans, schools, lamps]).toEqual([3, 22, 49]);
      const facilities = await importFile('facilities', join(SHINJUKU, 'pois.geojson'), 'pois.geojson');
      expect(facilities).toEqual({ imported: kobans + schools, updated: 0, skipped: pois.length - kobans - schools, rejected: [] });
      expect(await count('layer_facilities', `kind = 'koban'`)).toBe(3);
      const lights = await importFile('streetlights', join(SHINJUKU, 'pois.geojson'), 'pois.geojson');
      expect(lights).toMatchObject({ imported: 49, skipped: pois.length - 49 });
      expect(await t.db.query(`SELECT DISTINCT lamp_type, radius_m FROM layer_streetlights`)).toEqual([{ lamp_type: 'unknown', radius_m: 12 }]);
    });

    it('imports the GSI shelters as facilities of kind shelter, named 施設・場所名', async () => {
      for (const file of ['shelters-evacuation.geojson', 'shelters-emergency.geojson']) {
        const features = load(file).features;
        const before = await count('layer_facilities', `kind = 'shelter'`);
        expect(await importFile('facilities', join(SHINJUKU, file), file, query({ kind: 'shelter' }))).toMatchObject({ imported: features.length });
        expect((await count('layer_facilities', `kind = 'shelter'`)) - before).toBe(features.length);
        const name = String(features[0].properties['施設・場所名']);
        expect(await count('layer_facilities', `kind = 'shelter' AND name = $1`, [name])).toBeGreaterThanOrEqual(1);
      }
    });
  });

  describe('raw OpenStreetMap XML (nishiwaseda-2020-07.osm)', () => {
    const file = join(SHINJUKU, 'osm', 'nishiwaseda-2020-07.osm');
    const elements = osmElements(readFileSync(file, 'utf8'));
    const ways = new Map(elements.filter((e) => e.type === 'way').map((e) => [e.id, e]));
    const nodes = new Set(elements.filter((e) => e.type === 'node').map((e) => e.id));

    it('finds roads (highway ways) and counts them as the file has them', async () => {
      const expected = [...ways.values()].filter((w) => w.tags.highway !== undefined).length;
      expect(expected).toBe(594);
      const before = await count('layer_roads');
      const result = await importFile('roads', file, 'nishiwaseda.osm');
      expect(result.imported).toBe(expected);
      expect((await count('layer_roads')) - before).toBe(expected);
    });

    it('builds building outlines from closed ways and complete multipolygon relations', async () => {
      const closedWays = [...ways.values()].filter((w) => w.tags.building !== undefined && w.refs[0] === w.refs[w.refs.length - 1]).length;
      const relations = elements.filter(
        (e) =>
          e.type === 'relation' &&
          e.tags.type === 'multipolygon' &&
          e.tags.building !== undefined &&
          e.members.every((m) => ways.has(m) && ways.get(m)!.refs.every((r) => nodes.has(r))),
      ).length;
      expect([closedWays, relations]).toEqual([2573, 10]);
      const before = await count('layer_buildings');
      const result = await importFile('buildings', file, 'nishiwaseda.osm');
      expect(result).toMatchObject({ imported: closedWays + relations, rejected: [] });
      expect((await count('layer_buildings')) - before).toBe(closedWays + relations);
      const [school] = await t.db.query(`SELECT levels, ST_NumInteriorRings(ST_GeometryN(geom, 1)) AS holes FROM layer_buildings WHERE extra->>'osm_id' = '10551176'`);
      expect(school).toEqual({ levels: 5, holes: 1 });
    });

    it('takes police boxes, schools, stations and street lamps by their tags', async () => {
      const tagged = elements.filter((e) => e.type !== 'relation');
      const kind = (e: OsmElement) =>
        e.tags.amenity === 'police'
          ? 'koban'
          : ['school', 'kindergarten'].includes(e.tags.amenity)
            ? 'school'
            : e.tags.railway === 'station' || e.tags.public_transport === 'station'
              ? 'station'
              : e.tags.shop === 'convenience'
                ? 'convenience'
                : e.tags.emergency === 'assembly_point'
                  ? 'shelter'
                  : null;
      const facilities = tagged.filter((e) => kind(e) !== null && (e.type === 'node' || e.refs.every((r) => nodes.has(r))));
      const lamps = tagged.filter((e) => e.type === 'node' && e.tags.highway === 'street_lamp').length;
      await t.db.query(`DELETE FROM layer_facilities`);
      await t.db.query(`DELETE FROM layer_streetlights`);
      expect((await importFile('facilities', file, 'nishiwaseda.osm')).imported).toBe(facilities.length);
      expect(await count('layer_facilities', `kind = 'koban'`)).toBe(facilities.filter((e) => kind(e) === 'koban').length);
      expect((await importFile('streetlights', file, 'nishiwaseda.osm')).imported).toBe(lamps);
      expect(lamps).toBe(49);
      const station = elements.find((e) => e.id === '236579696')!;
      const [stored] = await t.db.query(`SELECT kind, name FROM layer_facilities WHERE extra->>'osm_id' = '236579696'`);
      expect(stored).toEqual({ kind: 'station', name: station.tags.name });
    });
  });

  describe('e-Stat census block Shapefiles (CP932 attributes, no .cpg, EPSG:4612)', () => {
    const bases = ['h27ka11223', 'h27ka11224', 'h27ka13102', 'h27ka13104', 'h27ka13109', 'h27ka13112', 'h27ka13114'];
    const zipOf = (base: string) =>
      Buffer.from(zipSync(Object.fromEntries(['shp', 'shx', 'dbf', 'prj'].map((ext) => [`${base}.${ext}`, readFileSync(join(ESTAT, `${base}.${ext}`))]))));

    // Water areas (HCODE 8154) have no S_NAME, and blocks need a name: the import supplies one.
    const UNNAMED = '(名称なし)';

    it.each(bases)('imports every block of %s with its Japanese name intact', async (base) => {
      const { count: records, names } = estatNames(base);
      const before = await count('layer_blocks');
      const result = await importFile('blocks', zipOf(base), `${base}.zip`, `${query({ name: UNNAMED })}&mode=strict`);
      expect(result).toEqual({ imported: records, updated: 0, skipped: 0, rejected: [] });
      const stored: { name: string }[] = await t.db.query(`SELECT name FROM layer_blocks WHERE code LIKE $1 ORDER BY id DESC LIMIT $2`, [`${base.slice(5)}%`, records]);
      expect((await count('layer_blocks')) - before).toBe(records);
      expect(stored.map((s) => s.name).sort()).toEqual(names.map((n) => n || UNNAMED).sort());
      expect(stored.some((s) => s.name.includes('\uFFFD'))).toBe(false);
    });

    it('names the one water area of 品川区 (h27ka13109) with the default', async () => {
      expect(estatNames('h27ka13109').names.filter((n) => n === '')).toHaveLength(1);
      expect(await count('layer_blocks', `name = $1 AND code LIKE '13109%'`, [UNNAMED])).toBe(1);
    });

    it('imports several Shapefiles of one archive together', async () => {
      const parts = ['h27ka11223', 'h27ka11224'].flatMap((base) => ['shp', 'shx', 'dbf', 'prj'].map((ext) => [`埼玉/${base}.${ext}`, readFileSync(join(ESTAT, `${base}.${ext}`))]));
      const expected = estatNames('h27ka11223').count + estatNames('h27ka11224').count;
      expect(expected).toBe(29 + 60);
      const result = await importFile('blocks', Buffer.from(zipSync(Object.fromEntries(parts))), 'saitama.zip', query({ name: UNNAMED }));
      expect(result).toMatchObject({ imported: expected, rejected: [] });
    });

    it('keeps 大久保２丁目 of 新宿区 (h27ka13104) with its full-width digit', async () => {
      expect(await count('layer_blocks', `name = '大久保２丁目' AND code LIKE '13104%'`)).toBeGreaterThanOrEqual(1);
    });
  });

  it('imports the 12,440 police boxes of Japan as koban facilities', async () => {
    const file = join(DATA, 'police-boxes', 'japan-2014.geojson');
    const features = (JSON.parse(readFileSync(file, 'utf8')) as { features: { properties: { name?: string } }[] }).features;
    const unnamed = features.filter((f) => !f.properties.name).length;
    await t.db.query(`DELETE FROM layer_facilities`);
    const result = await importFile('facilities', file, 'japan-2014.geojson', query({ kind: 'koban', name: '交番 (名称未登録)' }));
    expect(result).toEqual({ imported: 12440, updated: 0, skipped: 0, rejected: [] });
    expect(await count('layer_facilities', `kind = 'koban'`)).toBe(12440);
    expect(await count('layer_facilities', `name = '交番 (名称未登録)'`)).toBe(unnamed);
    expect(await count('layer_facilities', `name = '新宿警察署百人町交番'`)).toBe(features.filter((f) => f.properties.name === '新宿警察署百人町交番').length);
  });

  describe('PLATEAU CityGML building tiles (EPSG:6697, lat/lon order)', () => {
    /** measuredHeight per building read with regular expressions: the building's own, else the tallest of its parts. */
    const heights = (file: string) =>
      [...readFileSync(file, 'utf8').matchAll(/<bldg:Building [\s\S]*?<\/bldg:Building>\s*<\/core:cityObjectMember>/g)].map((m) => {
        const all = [...m[0].matchAll(/<bldg:measuredHeight[^>]*>([^<]*)</g)].map((h) => Number(h[1]));
        return all.length === 0 ? null : Math.max(...all);
      });

    it.each([
      ['yokosuka_52397519_bldg_6697_op.gml', 13, [139.737, 35.258, 139.741, 35.262]],
      ['sapporo_64413325_bldg_6697_op.gml', 25, [141.437, 42.938, 141.442, 42.942]],
    ])('imports %s: %i buildings with their heights, in place', async (name, expected, [w, s, e, n]) => {
      const file = join(DATA, 'plateau', name as string);
      const want = heights(file);
      expect(want).toHaveLength(expected as number);
      await t.db.query(`DELETE FROM layer_buildings`);
      expect(await importFile('buildings', file, name as string, '?key=gml_id')).toEqual({ imported: expected, updated: 0, skipped: 0, rejected: [] });
      const stored: { height_m: number | null; inside: boolean }[] = await t.db.query(
        `SELECT height_m, ST_Within(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326)) AS inside FROM layer_buildings`,
        [w, s, e, n],
      );
      const sorted = (v: (number | null)[]) => [...v].sort((a, b) => (a ?? -1) - (b ?? -1));
      expect(sorted(stored.map((r) => r.height_m))).toEqual(sorted(want));
      expect(stored.every((r) => r.inside)).toBe(true);
    });

    it('merges a building of two parts into one outline with the taller part’s height', async () => {
      await t.db.query(`DELETE FROM layer_buildings`);
      await importFile('buildings', join(DATA, 'plateau', 'yokosuka_52397519_bldg_6697_op.gml'), 'yokosuka.gml');
      const museum: { height_m: number; levels: number; parts: number }[] = await t.db.query(
        `SELECT height_m, levels, ST_NumGeometries(geom) AS parts FROM layer_buildings WHERE name = '横須賀美術館' ORDER BY height_m`,
      );
      expect(museum).toEqual([
        { height_m: 6, levels: 1, parts: 1 },
        { height_m: 11.3, levels: 2, parts: 1 },
      ]);
    });
  });
});
