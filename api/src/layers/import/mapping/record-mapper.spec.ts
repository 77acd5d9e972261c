import { getLayer } from '@mimamori/db';
import type { SourceRecord } from '../import-types';
import { RecordMapper, type MapperOptions } from './record-mapper';

const mapper = (layer: Parameters<typeof getLayer>[0], options: Partial<MapperOptions> = {}) =>
  new RecordMapper({ layer: getLayer(layer), mapping: null, defaults: null, key: null, zone: null, sourceSrid: null, ...options });
const row = (columns: Record<string, unknown>, extra: Partial<SourceRecord> = {}): SourceRecord => ({ row: 2, columns, geometry: null, ...extra });

describe('RecordMapper', () => {
  it('turns a CSV row with Japanese headers into a feature, keeping unknown columns as extra properties', () => {
    const mapped = mapper('cameras').map(row({ 名称: '北口', 緯度: '35.7', 経度: '139.7', 方向: '90', 画角: '60', 撮影距離: '30', 備考: '町会', id: '17' }));
    expect(mapped).toMatchObject({
      kind: 'feature',
      srid: 4326,
      feature: {
        geometry: { type: 'Point', coordinates: [139.7, 35.7] },
        properties: { name: '北口', bearing_deg: 90, hfov_deg: 60, range_m: 30, 備考: '町会' },
      },
    });
    if (mapped.kind === 'feature') expect(mapped.feature.properties).not.toHaveProperty('id');
  });

  it('lets an explicit mapping win, and drops a same-named column it did not use', () => {
    const m = mapper('cameras', { mapping: { name: '設置場所', lat: 'Y', lon: 'X' } });
    const mapped = m.map(row({ name: '旧名', 設置場所: '新名', X: '139.7', Y: '35.7', bearing: 0, fov: 60, range: 30 }));
    expect(mapped).toMatchObject({ kind: 'feature', feature: { geometry: { coordinates: [139.7, 35.7] }, properties: { name: '新名' } } });
    expect(Object.fromEntries(m.used)).toMatchObject({ name: '設置場所', lat: 'Y', lon: 'X' });
  });

  it('fills defaults only where the file has no value', () => {
    const m = mapper('facilities', { defaults: { kind: 'koban', name: '交番 (名称未登録)' } });
    const named = m.map(row({ name: '戸山交番' }, { geometry: { type: 'Point', coordinates: [139.7, 35.7] } }));
    const unnamed = m.map(row({}, { geometry: { type: 'Point', coordinates: [139.7, 35.7] } }));
    expect(named).toMatchObject({ feature: { properties: { kind: 'koban', name: '戸山交番' } } });
    expect(unnamed).toMatchObject({ feature: { properties: { kind: 'koban', name: '交番 (名称未登録)' } } });
  });

  it('places plane-rectangular X/Y as (Y, X) in the zone’s EPSG code', () => {
    const mapped = mapper('cameras', { zone: 9 }).map(row({ X: '-34871.2', Y: '-9328.9', bearing: 0, fov: 60, range: 30 }));
    expect(mapped).toMatchObject({ kind: 'feature', srid: 6677, feature: { geometry: { coordinates: [-9328.9, -34871.2] } } });
    const perRow = mapper('cameras').map(row({ X: '100', Y: '200', 系: 'IX', bearing: 0, fov: 60, range: 30 }));
    expect(perRow).toMatchObject({ srid: 6677, feature: { geometry: { coordinates: [200, 100] } } });
  });

  it('rejects a row without coordinates or with a non-numeric one, naming the column', () => {
    expect(mapper('cameras').map(row({ name: 'x' }))).toMatchObject({ kind: 'rejected', code: 'MISSING_PROPERTY', field: 'geometry' });
    expect(mapper('cameras').map(row({ 緯度: '北緯35度', 経度: '139.7' }))).toMatchObject({
      kind: 'rejected',
      code: 'INVALID_PROPERTY',
      field: '緯度',
      reason: '緯度 (lat) must be a number, got "北緯35度"',
    });
  });

  it('takes the key column as external id and rejects rows without one', () => {
    const m = mapper('roads', { key: '路線番号' });
    const geometry = { type: 'LineString', coordinates: [[139.7, 35.7], [139.71, 35.7]] };
    expect(m.map(row({ 路線番号: 12, class: 'residential' }, { geometry }))).toMatchObject({ kind: 'feature', externalId: '12' });
    expect(m.map(row({ 路線番号: ' ', class: 'residential' }, { geometry }))).toMatchObject({ kind: 'rejected', field: '路線番号', code: 'MISSING_PROPERTY' });
  });

  it('applies the OSM profile to OSM records: properties from tags, other objects skipped', () => {
    const m = mapper('facilities');
    const point = { type: 'Point', coordinates: [139.7, 35.7] };
    expect(m.map(row({ osm_type: 'node', osm_id: 1, amenity: 'police', name: '戸山交番' }, { geometry: point }))).toMatchObject({
      kind: 'feature',
      feature: { properties: { kind: 'koban', name: '戸山交番', amenity: 'police', osm_id: 1 } },
    });
    expect(m.map(row({ osm_type: 'node', osm_id: 2, highway: 'crossing' }, { geometry: point }))).toEqual({ kind: 'skipped', reason: expect.stringMatching(/^not a facility/) });
    expect(m.map(row({ osm_type: 'node', osm_id: 3, amenity: 'school' }, { geometry: point }))).toMatchObject({ feature: { properties: { name: '学校 (名称未登録)' } } });
  });

  it('turns a closed OSM way into a building outline and a school way into its centre point', () => {
    const square = { type: 'LineString', coordinates: [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]] };
    expect(mapper('buildings').map(row({ osm_type: 'way', osm_id: 1, building: 'yes', 'building:levels': '3' }, { geometry: square }))).toMatchObject({
      feature: { geometry: { type: 'Polygon', coordinates: [square.coordinates] }, properties: { levels: 3 } },
    });
    expect(mapper('facilities').map(row({ osm_type: 'way', osm_id: 2, amenity: 'school', name: 'A' }, { geometry: square }))).toMatchObject({
      feature: { geometry: { type: 'Point', coordinates: [1, 1] } },
    });
  });

  it('gathers e-Stat style crime columns into crimes by calendar year', () => {
    const mapped = mapper('blocks').map(row({ KEY_CODE: '13104001001', S_NAME: '四谷１丁目', crime_R7_total: 64, crime_R7_burglary: 2, crime_H30_total: '70' }, { geometry: { type: 'Point', coordinates: [0, 0] } }));
    expect(mapped).toMatchObject({ feature: { properties: { code: '13104001001', name: '四谷１丁目', crimes: { '2025': { total: 64, burglary: 2 }, '2018': { total: 70 } } } } });
    if (mapped.kind === 'feature') expect(Object.keys(mapped.feature.properties).some((k) => k.startsWith('crime_'))).toBe(false);
  });

  it('gives tracks the times read with them and starts/ends from the first/last known time', () => {
    const line = { type: 'LineString', coordinates: [[0, 0], [1, 0], [2, 0]] };
    const mapped = mapper('patrol-tracks').map(row({ name: '青パト1号', type: '青パト' }, { geometry: line, times: [1743462000, null, 1743462600] }));
    expect(mapped).toMatchObject({
      feature: {
        properties: { unit: '青パト1号', kind: 'volunteer', times: [1743462000, null, 1743462600], started_at: '2025-03-31T23:00:00.000Z', ended_at: '2025-03-31T23:10:00.000Z' },
      },
    });
  });

  it('passes reading problems and skips through with their row', () => {
    expect(mapper('cameras').map(row({}, { problem: 'broken', where: 'line 3' }))).toMatchObject({ kind: 'rejected', reason: 'broken', code: 'INVALID_FILE', row: 2 });
    expect(mapper('cameras').map(row({}, { skip: 'a track' }))).toEqual({ kind: 'skipped', reason: 'a track' });
  });
});
