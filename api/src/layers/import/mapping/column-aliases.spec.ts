import { getLayer } from '@mimamori/db';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLUMN_ALIASES, layerTargets, normaliseHeader, targetOfHeader } from './column-aliases';

const targetFor = (layer: Parameters<typeof getLayer>[0], header: string) => targetOfHeader(header, layerTargets(getLayer(layer)));

describe('header recognition', () => {
  it('normalises width, case, spaces and a trailing unit', () => {
    expect(normaliseHeader(' 撮影距離（ｍ） ')).toBe('撮影距離');
    expect(normaliseHeader('Bearing Deg')).toBe('bearingdeg');
    expect(normaliseHeader('KEY_CODE')).toBe('key_code');
  });

  it('recognises the Japanese and English headers of the issue', () => {
    const headers = ['緯度', '経度', '名称', '方向', '画角', '撮影距離', '状態', '設置者', '設置日'];
    expect(headers.map((h) => targetFor('cameras', h))).toEqual(['lat', 'lon', 'name', 'bearing_deg', 'hfov_deg', 'range_m', 'status', 'owner', 'installed_on']);
    expect(['latitude', 'Longitude', 'y', 'x', '方位', '距離', '名前', '管理者'].map((h) => targetFor('cameras', h))).toEqual([
      'lat',
      'lon',
      'y',
      'x',
      'bearing_deg',
      'range_m',
      'name',
      'owner',
    ]);
  });

  it('sends a shared header to the property the layer has', () => {
    expect(targetFor('cameras', '高さ')).toBe('mount_height_m');
    expect(targetFor('buildings', '高さ')).toBe('height_m');
    expect(targetFor('streetlights', '種類')).toBe('lamp_type');
    expect(targetFor('facilities', '種類')).toBe('kind');
    expect(targetFor('roads', 'highway')).toBe('class');
    expect(targetFor('patrol-tracks', 'name')).toBe('unit');
    expect(targetFor('facilities', 'name')).toBe('name');
  });

  it('maps e-Stat block columns', () => {
    expect(['KEY_CODE', 'S_NAME', 'JINKO', 'SETAI'].map((h) => targetFor('blocks', h))).toEqual(['code', 'name', 'population', 'households']);
  });

  it('leaves unknown headers and other layers’ properties alone', () => {
    expect(targetFor('cameras', '備考')).toBeNull();
    expect(targetFor('roads', '画角')).toBeNull();
    expect(targetFor('cameras', 'times')).toBeNull();
    expect(targetFor('patrol-tracks', 'times')).toBe('times');
  });

  it('lists every registry property’s own name among its aliases', () => {
    for (const layer of ['cameras', 'streetlights', 'school-routes', 'patrol-tracks', 'beats', 'buildings', 'roads', 'facilities', 'blocks', 'areas'] as const) {
      for (const p of getLayer(layer).properties) expect(COLUMN_ALIASES[p.name]).toContain(p.name);
    }
  });

  it('is documented: import/README.md lists every recognised name', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Recognised columns'), readme.indexOf('## OpenStreetMap'));
    const cells = new Set(table.split(/[|,/(;]/).map((c) => c.trim()).filter((c) => c !== ''));
    for (const [target, aliases] of Object.entries(COLUMN_ALIASES)) {
      for (const alias of aliases) if (alias !== target) expect({ target, alias, documented: cells.has(alias) }).toEqual({ target, alias, documented: true });
    }
  });
});
