import { Zip, ZipDeflate, zipSync } from 'fflate';
import * as iconv from 'iconv-lite';

/** One hostile request: a JSON body to POST as a feature, or a file to import. */
export type HostileCase =
  | { name: string; kind: 'feature'; layer: string; body: string; contentType?: string; expect: Expectation }
  | { name: string; kind: 'import'; layer: string; file: Buffer; fileName: string; query?: string; expect: Expectation };

/** `reject`: 4xx (400 unless told) with this code and nothing written; `accept`: exactly n rows written. */
export type Expectation = { reject: string; status?: number } | { accept: number };

const camera = (coordinates: unknown, properties: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates }, properties: { bearing_deg: 90, hfov_deg: 60, range_m: 30, ...properties } });

const beat = (ring: number[][]) =>
  JSON.stringify({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { code: 'H-1' } });

const collection = (features: string[]) => `{"type":"FeatureCollection","features":[${features.join(',')}]}`;

function deepArray(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** A closed ring of n vertices around Shinjuku (a 1 km circle). */
function circle(n: number): number[][] {
  const ring: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    ring.push([+(139.70 + 0.01 * Math.cos(a)).toFixed(7), +(35.69 + 0.008 * Math.sin(a)).toFixed(7)]);
  }
  ring.push(ring[0]);
  return ring;
}

function zipBomb(): Buffer {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    parts.push(data);
  });
  const entry = new ZipDeflate('zeros.csv', { level: 9 });
  zip.add(entry);
  const zeros = new Uint8Array(1 << 20);
  for (let i = 0; i < 200; i++) entry.push(zeros, i === 199);
  zip.end();
  return Buffer.concat(parts);
}

const csv = (text: string) => Buffer.from(text, 'utf8');
const KML_HEAD = '<?xml version="1.0"?>';

export function hostileCases(): HostileCase[] {
  const bad = (name: string, body: string, reject: string, layer = 'cameras', status?: number): HostileCase => ({
    name,
    kind: 'feature',
    layer,
    body,
    expect: { reject, status },
  });
  const good = (name: string, body: string): HostileCase => ({ name, kind: 'feature', layer: 'cameras', body, expect: { accept: 1 } });
  const file = (name: string, layer: string, fileName: string, content: Buffer, expect: Expectation, query?: string): HostileCase => ({
    name,
    kind: 'import',
    layer,
    file: content,
    fileName,
    query,
    expect,
  });
  return [
    bad('broken JSON', '{"type":"Feature",', 'INVALID_GEOJSON'),
    bad('empty body', '', 'INVALID_GEOJSON'),
    bad('JSON array instead of a Feature', '[]', 'INVALID_GEOJSON'),
    bad('JSON null', 'null', 'INVALID_GEOJSON'),
    bad('Feature without type', JSON.stringify({ geometry: { type: 'Point', coordinates: [139.7, 35.7] }, properties: {} }), 'INVALID_GEOJSON'),
    bad('geometry null', JSON.stringify({ type: 'Feature', geometry: null, properties: { bearing_deg: 1, hfov_deg: 1, range_m: 1 } }), 'INVALID_GEOJSON'),
    bad('LineString for a Point layer', JSON.stringify({ type: 'Feature', geometry: { type: 'LineString', coordinates: [[139.7, 35.7], [139.71, 35.71]] }, properties: {} }), 'WRONG_GEOMETRY_TYPE'),
    bad('NaN coordinate (as a string)', camera(['NaN', 35.7]), 'INVALID_GEOJSON'),
    bad('Infinity coordinate (1e400)', camera([139.7, 35.7]).replace('35.7', '1e400'), 'INVALID_GEOJSON'),
    bad('swapped lat/lon', camera([35.7, 139.7]), 'OUT_OF_BOUNDS'),
    bad('outside Japan (0,0)', camera([0, 0]), 'OUT_OF_BOUNDS'),
    bad('three coordinates nested wrongly', camera([[139.7, 35.7]]), 'INVALID_GEOJSON'),
    bad('bearing 400°', camera([139.7, 35.7], { bearing_deg: 400 }), 'INVALID_PROPERTY'),
    bad('bearing as text', camera([139.7, 35.7], { bearing_deg: 'north' }), 'INVALID_PROPERTY'),
    bad('negative field of view', camera([139.7, 35.7], { hfov_deg: -5 }), 'INVALID_PROPERTY'),
    bad('properties as an array', JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [139.7, 35.7] }, properties: [1, 2] }), 'INVALID_GEOJSON'),
    bad('reserved organisation_id', camera([139.7, 35.7], { organisation_id: '00000000-0000-4000-8000-000000000000' }), 'RESERVED_PROPERTY'),
    bad('name of 1 MB', camera([139.7, 35.7], { name: 'x'.repeat(1 << 20) }), 'INVALID_PROPERTY'),
    bad('NUL byte in a name', camera([139.7, 35.7], { name: 'a\u0000b' }), 'INVALID_PROPERTY'),
    bad('NUL byte in an extra property', camera([139.7, 35.7], { note: 'a\u0000b' }), 'INVALID_PROPERTY'),
    bad('crs EPSG:3857 with metre coordinates', JSON.stringify({ type: 'Feature', crs: { type: 'name', properties: { name: 'EPSG:3857' } }, geometry: { type: 'Point', coordinates: [15551890, 4257000] }, properties: { bearing_deg: 1, hfov_deg: 1, range_m: 1 } }), 'OUT_OF_BOUNDS'),
    bad('200,000-deep nested coordinates', `{"type":"Feature","geometry":{"type":"Point","coordinates":${deepArray(200_000)}},"properties":{}}`, 'INVALID_GEOJSON'),
    bad('self-intersecting ring (bow tie)', beat([[139.70, 35.69], [139.71, 35.70], [139.71, 35.69], [139.70, 35.70], [139.70, 35.69]]), 'INVALID_GEOMETRY', 'beats'),
    bad('unclosed ring', beat([[139.70, 35.69], [139.71, 35.69], [139.71, 35.70], [139.70, 35.70]]), 'INVALID_GEOJSON', 'beats'),
    bad('ring of three positions', beat([[139.70, 35.69], [139.71, 35.69], [139.70, 35.69]]), 'INVALID_GEOJSON', 'beats'),
    bad('1,000,000-vertex polygon', beat(circle(1_000_000)), 'PAYLOAD_TOO_LARGE', 'beats', 413),
    bad('Polygon for a Point layer', beat(circle(8)), 'WRONG_GEOMETRY_TYPE'),
    good('10,000 extra properties (kept as data)', camera([139.7, 35.7], Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])))),
    good('prototype-polluting keys (kept as plain data)', camera([139.7, 35.7], JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}'))),

    file('empty file', 'cameras', 'empty.geojson', Buffer.alloc(0), { reject: 'INVALID_GEOJSON' }),
    file('broken GeoJSON file', 'cameras', 'broken.geojson', csv('{"type":"FeatureCollection","features":[{'), { reject: 'INVALID_GEOJSON' }),
    file('features not an array', 'cameras', 'odd.geojson', csv('{"type":"FeatureCollection","features":{"a":1}}'), { reject: 'INVALID_GEOJSON' }),
    file('200,000-deep nesting in a file', 'cameras', 'deep.geojson', csv(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":${deepArray(200_000)}},"properties":{}}]}`), { reject: 'IMPORT_REJECTED' }),
    file('one broken NDJSON line (strict)', 'cameras', 'cams.ndjson', csv(`${camera([139.7, 35.7])}\n{"type":\n`), { reject: 'INVALID_GEOJSON' }),
    file('GeoJSON with one swapped point (strict)', 'cameras', 'swap.geojson', csv(collection([camera([139.7, 35.7]), camera([35.7, 139.7])])), { reject: 'IMPORT_REJECTED' }),
    file('GeoJSON with a NaN bearing (strict)', 'cameras', 'nan.geojson', csv(collection([camera([139.7, 35.7], { bearing_deg: 'NaN' })])), { reject: 'IMPORT_REJECTED' }),
    file('GeoJSON with crs EPSG:6677 metres', 'cameras', 'jgd.geojson', csv(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::6677"}},"features":[${camera([-5000, -35000])}]}`), { accept: 1 }),
    file('self-intersecting beat in a file', 'beats', 'bowtie.geojson', csv(collection([beat([[139.70, 35.69], [139.71, 35.70], [139.71, 35.69], [139.70, 35.70], [139.70, 35.69]])])), { reject: 'IMPORT_REJECTED' }),
    file('CSV without coordinates', 'cameras', 'nocoords.csv', csv('name,bearing_deg,hfov_deg,range_m\nA,90,60,30\n'), { reject: 'INVALID_QUERY' }),
    file('CSV with swapped lat/lon', 'cameras', 'swapped.csv', csv('lat,lon,bearing_deg,hfov_deg,range_m\n139.7,35.7,90,60,30\n'), { reject: 'IMPORT_REJECTED' }),
    file('CSV with NaN latitude', 'cameras', 'nan.csv', csv('lat,lon,bearing_deg,hfov_deg,range_m\nNaN,139.7,90,60,30\n'), { reject: 'IMPORT_REJECTED' }),
    file('CSV with an unterminated quote', 'cameras', 'quote.csv', csv('lat,lon,name,bearing_deg,hfov_deg,range_m\n35.7,139.7,"open,90,60,30\n'), { reject: 'INVALID_FILE' }),
    file('binary garbage named .csv', 'cameras', 'garbage.csv', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), { reject: 'INVALID_FILE' }),
    file('zip bomb (200 MB of zeros)', 'cameras', 'bomb.zip', zipBomb(), { reject: 'UNSAFE_ARCHIVE' }),
    file('zip slip', 'cameras', 'slip.zip', Buffer.from(zipSync({ '../../evil.csv': csv('lat,lon\n35.7,139.7\n') })), { reject: 'UNSAFE_ARCHIVE' }),
    file('malformed GPX', 'patrol-tracks', 'bad.gpx', csv('<gpx><trk><trkseg><trkpt lat="35.7"'), { reject: 'INVALID_FILE' }),
    file('KML with an external entity (XXE)', 'cameras', 'xxe.kml', csv(`${KML_HEAD}<!DOCTYPE k [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><kml><Document><Placemark><name>&xxe;</name><Point><coordinates>139.7,35.7</coordinates></Point></Placemark></Document></kml>`), { reject: 'INVALID_FILE' }),
    file('KML billion laughs', 'cameras', 'lol.kml', csv(`${KML_HEAD}<!DOCTYPE k [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]><kml><Document><Placemark><name>&f;</name><Point><coordinates>139.7,35.7</coordinates></Point></Placemark></Document></kml>`), { reject: 'INVALID_FILE' }),
    file('unknown format parameter', 'cameras', 'a.csv', csv('lat,lon\n35.7,139.7\n'), { reject: 'UNSUPPORTED_FORMAT' }, '?format=exe'),
    file('unknown mode parameter', 'cameras', 'a.csv', csv('lat,lon\n35.7,139.7\n'), { reject: 'INVALID_QUERY' }, '?mode=yolo'),
    file('unknown encoding parameter', 'cameras', 'a.csv', csv('lat,lon\n35.7,139.7\n'), { reject: 'INVALID_QUERY' }, '?encoding=klingon'),
    file('mapping that is not JSON', 'cameras', 'a.csv', csv('lat,lon\n35.7,139.7\n'), { reject: 'INVALID_QUERY' }, '?mapping=%7Bnope'),
    file('import into an unknown layer', 'nope', 'a.csv', csv('lat,lon\n35.7,139.7\n'), { reject: 'UNKNOWN_LAYER', status: 404 }),
    file('Shift_JIS CSV without a declaration (autodetected)', 'cameras', 'sjis.csv', iconv.encode('緯度,経度,名称,方向,画角,撮影距離\n35.7,139.7,新宿駅東口,90,60,30\n', 'Shift_JIS'), { accept: 1 }),
    file('CSV formula injection in a name (stored as text)', 'cameras', 'formula.csv', csv('lat,lon,name,bearing_deg,hfov_deg,range_m\n35.701,139.701,"=HYPERLINK(""http://evil.example"",""x"")",90,60,30\n35.702,139.702,+SUM(A1:A9),90,60,30\n35.703,139.703,@cmd,90,60,30\n35.704,139.704,-1+2,90,60,30\n'), { accept: 4 }),
    file('path traversal in the file name (ignored)', 'cameras', '../../../etc/passwd.csv', csv('lat,lon,bearing_deg,hfov_deg,range_m\n35.7,139.7,90,60,30\n'), { accept: 1 }),
  ];
}
