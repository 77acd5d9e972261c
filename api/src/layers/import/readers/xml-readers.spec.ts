import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_DATA_DIR } from '@mimamori/db';
import iconv from 'iconv-lite';
import type { SourceRecord } from '../import-types';
import { openCityGml } from './citygml-reader';
import { openGpx } from './gpx-reader';
import { openKml } from './kml-reader';
import { openOsm } from './osm-reader';
import { joinRings } from './osm-rings';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'mimamori-xml-spec-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const all = async (records: AsyncIterable<SourceRecord>) => {
  const out: SourceRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
};

describe('GPX', () => {
  const gpx = `<?xml version="1.0"?><gpx version="1.1">
<wpt lat="35.70" lon="139.70"><name>A</name><extensions><direction>90</direction></extensions></wpt>
<trk><name>T1</name><type>foot</type><trkseg>
<trkpt lat="35.70" lon="139.70"><time>2025-04-01T00:00:00Z</time></trkpt>
<trkpt lat="35.71" lon="139.70"/>
</trkseg></trk>
<rte><name>R</name><rtept lat="35.70" lon="139.70"/><rtept lat="35.70" lon="139.71"/></rte>
</gpx>`;

  it('reads tracks with per-vertex times (missing ones unknown) and skips waypoints and routes', async () => {
    const records = await all(openGpx(file('a.gpx', gpx), 'tracks-with-times').records());
    expect(records.filter((r) => !r.skip)).toEqual([
      {
        row: 1,
        where: 'track "T1" (line 3)',
        columns: { name: 'T1', type: 'foot' },
        geometry: { type: 'LineString', coordinates: [[139.7, 35.7], [139.7, 35.71]] },
        srid: 4326,
        times: [1743465600, null],
      },
    ]);
    expect(records.filter((r) => r.skip).map((r) => r.skip)).toEqual(['a GPX waypoint (this layer takes lines)', 'a GPX route (patrol tracks are recorded tracks, <trk>)']);
  });

  it('reads waypoints with their extension fields as columns', async () => {
    const [wpt] = (await all(openGpx(file('b.gpx', gpx), 'waypoints').records())).filter((r) => !r.skip);
    expect(wpt).toMatchObject({ columns: { name: 'A', direction: '90' }, geometry: { type: 'Point', coordinates: [139.7, 35.7] } });
  });

  it('names the point with a bad coordinate or time', async () => {
    const bad = gpx.replace('<trkpt lat="35.71" lon="139.70"/>', '<trkpt lat="北緯" lon="139.70"><time>yesterday</time></trkpt>');
    const [track] = (await all(openGpx(file('c.gpx', bad), 'lines').records())).filter((r) => r.columns.name === 'T1');
    expect(track.problem).toBe('<trkpt> at line 5 has lat="北緯" lon="139.70"; both must be numbers');
  });
});

describe('KML', () => {
  it('types SchemaData by its Schema, reads polygons with holes, gx:Track times, and honours a Shift_JIS declaration', async () => {
    const kml = `<?xml version="1.0" encoding="Shift_JIS"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Schema id="s"><SimpleField name="n" type="int"/><SimpleField name="ok" type="bool"/></Schema>
<Placemark><name>区域</name><ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="n">7</SimpleData><SimpleData name="ok">1</SimpleData></SchemaData></ExtendedData>
<Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 4,0 4,4 0,4 0,0</coordinates></LinearRing></outerBoundaryIs>
<innerBoundaryIs><LinearRing><coordinates>1,1 1,2 2,2 1,1</coordinates></LinearRing></innerBoundaryIs></Polygon></Placemark>
<Placemark><name>巡回</name><gx:Track><when>2025-04-01T00:00:00Z</when><when>2025-04-01T00:01:00Z</when><gx:coord>139.7 35.7 0</gx:coord><gx:coord>139.71 35.7 0</gx:coord></gx:Track></Placemark>
</Document></kml>`;
    const records = await all(openKml(file('a.kml', iconv.encode(kml, 'cp932')), ['Polygon', 'LineString']).records());
    expect(records[0]).toMatchObject({
      columns: { name: '区域', n: 7, ok: true },
      geometry: { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [1, 2], [2, 2], [1, 1]]] },
    });
    expect(records[1]).toMatchObject({ columns: { name: '巡回' }, geometry: { type: 'LineString' }, times: [1743465600, 1743465660] });
  });

  it('rejects coordinates that are not lon,lat and mixed MultiGeometry, naming the placemark', async () => {
    const kml = `<kml><Placemark><name>x</name><Point><coordinates>139.7 35.7</coordinates></Point></Placemark>
<Placemark><MultiGeometry><Point><coordinates>1,2</coordinates></Point><LineString><coordinates>1,2 3,4</coordinates></LineString></MultiGeometry></Placemark></kml>`;
    const records = await all(openKml(file('b.kml', kml), ['Point']).records());
    expect(records.map((r) => [r.where, r.problem])).toEqual([
      ['Placemark "x" (line 1)', '<coordinates> at line 1 has "139.7", not lon,lat[,alt]'],
      ['Placemark (line 2)', 'the MultiGeometry mixes Point and LineString; split it into one placemark per kind'],
    ]);
  });
});

describe('OSM XML', () => {
  it('reads tagged nodes, ways and multipolygons with holes; untagged objects are not records', async () => {
    const osm = `<osm>
<node id="1" lat="0" lon="0"/><node id="2" lat="0" lon="4"/><node id="3" lat="4" lon="4"/><node id="4" lat="4" lon="0"/>
<node id="5" lat="1" lon="1"/><node id="6" lat="1" lon="2"/><node id="7" lat="2" lon="2"/>
<node id="8" lat="3" lon="3"><tag k="highway" v="street_lamp"/></node>
<way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/></way><way id="11"><nd ref="3"/><nd ref="4"/><nd ref="1"/></way>
<way id="12"><nd ref="5"/><nd ref="6"/><nd ref="7"/><nd ref="5"/></way>
<way id="13"><nd ref="1"/><nd ref="99"/><tag k="highway" v="service"/></way>
<relation id="20"><member type="way" ref="10" role="outer"/><member type="way" ref="11" role="outer"/><member type="way" ref="12" role="inner"/>
<tag k="type" v="multipolygon"/><tag k="building" v="school"/></relation>
</osm>`;
    const records = await all(openOsm(file('a.osm', osm)).records());
    expect(records.map((r) => r.skip ?? r.columns.osm_id)).toEqual([8, 'a way with nodes outside this extract', 20]);
    expect(records[2]).toMatchObject({
      where: 'relation 20 (line 8)',
      geometry: { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]] },
    });
  });

  it('joins ring pieces end to end, reversing where needed, and names an open end', () => {
    expect(joinRings([[1, 2, 3], [1, 4, 3]])).toEqual([[1, 2, 3, 4, 1]]);
    expect(joinRings([[1, 2, 3]])).toBe('a ring does not close (open end at node 3)');
  });
});

describe('CityGML (PLATEAU)', () => {
  it('reads the 13 buildings of the Yokosuka tile with lon/lat footprints, heights and storeys', async () => {
    const path = join(DEMO_DATA_DIR, '..', 'plateau', 'yokosuka_52397519_bldg_6697_op.gml');
    const records = await all(openCityGml(path).records());
    expect(records).toHaveLength(13);
    expect(records[0]).toMatchObject({
      columns: { gml_id: 'bldg_787d830e-2534-410a-8a2a-a531efeb2533', name: '横須賀美術館', measuredHeight: 6, storeysAboveGround: 1, 図形ID: 16943 },
      srid: 6668,
      dissolve: false,
    });
    const [lon, lat] = (records[0].geometry!.coordinates as number[][][])[0][0];
    expect([lon, lat]).toEqual([139.73892268006682, 35.25962954418222]);
    const parts = records.filter((r) => r.dissolve);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ columns: { measuredHeight: 11.3, storeysAboveGround: 2 }, geometry: { type: 'MultiPolygon' } });
  });
});
