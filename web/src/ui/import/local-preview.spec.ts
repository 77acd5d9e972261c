import type { LayerInfo, PropertySchema } from '../../api/client';
import { parseCsv } from './csv-parse';
import { decodeText, detectMapping, previewCsv, previewGeoJson } from './local-preview';

function prop(name: string, type: PropertySchema['type'], extra: Partial<PropertySchema> = {}): PropertySchema {
  return { name, type, required: false, min: null, max: null, exclusiveMin: false, maxLength: null, values: null, description: '', ...extra };
}

const CAMERAS: LayerInfo = {
  id: 'cameras',
  title: { ja: '防犯カメラ', en: 'CCTV cameras' },
  geometryType: 'Point',
  accepts: ['Point'],
  sensitivity: 'internal',
  count: 0,
  extent: null,
  version: 1,
  properties: [
    prop('name', 'text'),
    prop('bearing_deg', 'number', { required: true, min: 0, max: 360 }),
    prop('hfov_deg', 'number', { required: true, min: 0, exclusiveMin: true, max: 360 }),
    prop('range_m', 'number', { required: true, min: 0, exclusiveMin: true, max: 1000 }),
    prop('status', 'enum', { required: true, values: ['active', 'planned', 'out_of_service'] }),
  ],
};

/** 名称,緯度,経度,方向,画角,撮影距離,状態 in Shift_JIS, as municipal open data often comes. */
const SJIS_CSV = Buffer.from(
  'lryPzCyI3JN4LIxvk3gslfuM/CyJ5opwLI5CiWWLl5ejLI/zkdQNCoNKg4GDiTEsMzUuNzAzNSwxMzkuNzEyNSw5MCw2MCwzMCxhY3RpdmUNCoNKg4GDiTIsMTM5LjcxMjUsMzUuNzAzNSw5MCw2MCwzMCxhY3RpdmUNCg==',
  'base64',
);

describe('reading an import file in the browser when the API has no preview', () => {
  it('decodes Shift_JIS when the bytes are not valid UTF-8, and UTF-8 with or without a BOM', () => {
    expect(decodeText(new Uint8Array(SJIS_CSV)).encoding).toBe('shift_jis');
    expect(decodeText(new Uint8Array(SJIS_CSV)).text.split('\r\n')[0]).toBe('名称,緯度,経度,方向,画角,撮影距離,状態');
    expect(decodeText(new Uint8Array(Buffer.from('\uFEFFname,lat'))).text).toBe('name,lat');
  });

  it('maps Japanese headers to lat, lon and the camera properties', () => {
    expect(detectMapping(CAMERAS, ['名称', '緯度', '経度', '方向', '画角', '撮影距離', '状態'])).toEqual({
      lat: '緯度',
      lon: '経度',
      name: '名称',
      bearing_deg: '方向',
      hfov_deg: '画角',
      range_m: '撮影距離',
      status: '状態',
    });
  });

  it('reports a row whose latitude and longitude are swapped, by its spreadsheet row number', () => {
    const { text, encoding } = decodeText(new Uint8Array(SJIS_CSV));
    const preview = previewCsv(CAMERAS, text, encoding);
    expect(preview).toMatchObject({ format: 'csv', encoding: 'shift_jis', total: 2, local: true });
    expect(preview.problems).toEqual([{ row: 3, reason: expect.stringContaining('swapped') }]);
    expect(preview.rows[0].columns['名称']).toBe('カメラ1');
  });

  it('reports GeoJSON features of the wrong geometry type or with invalid properties', () => {
    const file = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [139.71, 35.7] }, properties: { bearing_deg: 90, hfov_deg: 60, range_m: 30, status: 'active' } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[139.71, 35.7], [139.72, 35.7]] }, properties: {} },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [139.71, 35.7] }, properties: { bearing_deg: 400, hfov_deg: 60, range_m: 30, status: 'active' } },
      ],
    });
    const preview = previewGeoJson(CAMERAS, file);
    expect(preview.columns).toEqual(['bearing_deg', 'hfov_deg', 'range_m', 'status']);
    expect(preview.problems).toEqual([
      { row: 2, reason: 'geometry must be Point, got LineString' },
      { row: 3, reason: '向き (°)は360以下にしてください。' },
    ]);
  });

  it('reads newline-delimited GeoJSON too', () => {
    const line = JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [139.71, 35.7] }, properties: { bearing_deg: 1, hfov_deg: 1, range_m: 1, status: 'planned' } });
    expect(previewGeoJson(CAMERAS, `${line}\n${line}\n`)).toMatchObject({ total: 2, problems: [] });
  });
});

describe('CSV parsing', () => {
  it('handles quoted commas, doubled quotes, line breaks in quotes and CRLF', () => {
    expect(parseCsv('a,"b,1","say ""hi"""\r\n"multi\nline",2,\r\n\r\n')).toEqual([
      ['a', 'b,1', 'say "hi"'],
      ['multi\nline', '2', ''],
    ]);
  });
});
