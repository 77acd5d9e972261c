import { getLayer } from '@mimamori/db';
import { sniffFile, xmlRoot } from './import-formats';
import { parseImportOptions } from './import-options';

const errorOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err as { code: string; message: string; details: { field: string } };
  }
  throw new Error('expected an error');
};
const cameras = getLayer('cameras');

describe('parseImportOptions', () => {
  it('reads every option, with defaults', () => {
    expect(parseImportOptions(cameras, {})).toEqual({
      format: null,
      encoding: null,
      mode: 'strict',
      mapping: null,
      key: null,
      defaults: null,
      zone: null,
      sourceLayer: null,
      limit: 20,
    });
    expect(
      parseImportOptions(cameras, {
        format: 'SHP',
        encoding: 'Shift_JIS',
        mode: 'skip-invalid',
        mapping: '{"lat":"緯度","bearing_deg":"方向"}',
        key: ' 管理番号 ',
        defaults: '{"status":"planned"}',
        zone: 'IX',
        limit: '5',
      }),
    ).toEqual({
      format: 'shapefile',
      encoding: 'cp932',
      mode: 'skip-invalid',
      mapping: { lat: '緯度', bearing_deg: '方向' },
      key: '管理番号',
      defaults: { status: 'planned' },
      zone: 9,
      sourceLayer: null,
      limit: 5,
    });
  });

  it('names the option and what is accepted when one is wrong', () => {
    expect(errorOf(() => parseImportOptions(cameras, { mapping: '{"colour":"色"}' })).message).toMatch(/^mapping\.colour: cameras has no property colour; map to one of name, bearing_deg/);
    expect(errorOf(() => parseImportOptions(cameras, { mapping: '[1]' })).details.field).toBe('mapping');
    expect(errorOf(() => parseImportOptions(cameras, { mapping: '{"lat": 3}' })).message).toBe('mapping.lat must name a column of the file, got 3');
    expect(errorOf(() => parseImportOptions(cameras, { defaults: '{"lat": 35}' })).message).toMatch(/^defaults\.lat: cameras has no property lat/);
    expect(errorOf(() => parseImportOptions(cameras, { zone: '20' })).details.field).toBe('zone');
    expect(errorOf(() => parseImportOptions(cameras, { encoding: 'ebcdic' })).code).toBe('INVALID_QUERY');
    expect(errorOf(() => parseImportOptions(cameras, { format: 'dwg' })).code).toBe('UNSUPPORTED_FORMAT');
    expect(errorOf(() => parseImportOptions(cameras, { limit: '0' })).details.field).toBe('limit');
    expect(errorOf(() => parseImportOptions(cameras, { mappings: '{}' } as never)).message).toMatch(/^unknown option mappings; the options are format, encoding/);
    expect(errorOf(() => parseImportOptions(cameras, { mode: ['strict', 'skip-invalid'] } as never)).message).toBe('give mode once, as text');
  });

  it('accepts times in a mapping only for tracks', () => {
    expect(parseImportOptions(getLayer('patrol-tracks'), { mapping: '{"times":"時刻列"}' }).mapping).toEqual({ times: '時刻列' });
    expect(errorOf(() => parseImportOptions(cameras, { mapping: '{"times":"t"}' })).code).toBe('INVALID_QUERY');
  });
});

describe('sniffFile', () => {
  const sniff = (text: string | Buffer, name = 'upload') => sniffFile(Buffer.isBuffer(text) ? text : Buffer.from(text), name);

  it('knows a format by its first bytes before its name', () => {
    expect(sniff(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]), 'x.csv')).toEqual({ kind: 'zip' });
    expect(sniff('SQLite format 3\u0000...', 'x.csv')).toEqual({ kind: 'file', format: 'gpkg' });
    expect(sniff('\uFEFF<?xml version="1.0"?>\n<!-- c --><gpx version="1.1">', 'log.xml')).toEqual({ kind: 'file', format: 'gpx' });
    expect(sniff('<core:CityModel xmlns:core="x">', 'tile.xml')).toEqual({ kind: 'file', format: 'citygml' });
    expect(sniff('<osm version="0.6">')).toEqual({ kind: 'file', format: 'osm' });
  });

  it('then by the extension, then by the content', () => {
    expect(sniff('{"type":"Feature"}', 'tracks.geojsonl')).toEqual({ kind: 'file', format: 'ndjson' });
    expect(sniff('  {"type":"FeatureCollection"}')).toEqual({ kind: 'file', format: 'geojson' });
    expect(sniff('名称,緯度,経度\nA,35,139\n')).toEqual({ kind: 'file', format: 'csv' });
    expect(sniff('anything', 'register.tsv')).toEqual({ kind: 'file', format: 'csv' });
  });

  it('refuses what it does not know, naming the formats it does', () => {
    const err = errorOf(() => sniff('<svg/>', 'a.svg'));
    expect(err.message).toMatch(/^XML with root element <svg> cannot be imported; supported: geojson, ndjson, csv, shapefile, gpkg, kml, gpx, osm, citygml/);
    expect(xmlRoot('<?xml version="1.0"?><!DOCTYPE x><kml:kml>')).toBe('kml');
  });
});
