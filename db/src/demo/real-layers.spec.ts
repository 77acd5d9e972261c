import { crimesOf, extraOf, levelsOf, realRows } from './real-layers';
import { readDemoSources } from './source-data';
import { blockExternalIds, parseKobanName, shortSchoolName } from './source-features';

describe('real layer mapping', () => {
  const sources = readDemoSources();
  const rows = realRows(sources);

  it('maps crime counts by year, skipping nulls', () => {
    expect(crimesOf({ crime_R7_total: 64, crime_R7_burglary: 2, crime_R7_snatch: null })).toEqual({ '2025': { total: 64, burglary: 2 } });
    expect(crimesOf({ crime_R7_total: null })).toBeNull();
  });

  it('reads storeys and derives 3 m per storey only when known', () => {
    expect(levelsOf({ 'building:levels': '5' })).toBe(5);
    expect(levelsOf({ 'building:levels': '2;3' })).toBeNull();
    expect(levelsOf({})).toBeNull();
    const withLevels = rows.buildings.filter((b) => b.properties.levels !== null);
    expect(withLevels).toHaveLength(53);
    for (const b of withLevels) expect(b.properties.height_m).toBe(Number(b.properties.levels) * 3);
    expect(rows.buildings.filter((b) => b.properties.height_m === null)).toHaveLength(2573 - 53);
  });

  it('keeps unmodelled attributes in extra, without empty values', () => {
    expect(extraOf({ osm_id: 1, highway: 'residential', name: 'x', note: '', ref: null, 'name:en': 'X' }, ['highway', 'name'])).toEqual({
      demo: 'shinjuku',
      osm_id: 1,
      'name:en': 'X',
    });
    const okubo = rows.roads.find((r) => r.properties.name === '大久保通り');
    expect(okubo).toMatchObject({ externalId: 'osm:way/32635198', sample: false, properties: { class: 'secondary' }, extra: { ref: '433' } });
  });

  it('numbers the parts of a 町丁 split in two, keeping its crime counts on the larger part only', () => {
    const ids = blockExternalIds([
      { properties: { KEY_CODE: '1', AREA: 10 } },
      { properties: { KEY_CODE: '1', AREA: 500 } },
      { properties: { KEY_CODE: '2', AREA: 1 } },
    ]);
    expect(ids).toEqual(['estat:1/2', 'estat:1', 'estat:2']);
    const yamabuki = rows.blocks.filter((b) => b.properties.name === '山吹町');
    expect(yamabuki.map((b) => [b.externalId, b.properties.households, b.properties.crimes === null])).toEqual([
      ['estat:131040720', 2105, false],
      ['estat:131040720/2', 0, true],
    ]);
    expect(new Set(rows.blocks.map((b) => b.externalId)).size).toBe(153);
  });

  it('makes facilities of the 3 koban, the schools and kindergartens, and the 139 distinct shelters', () => {
    const kinds = (kind: string) => rows.facilities.filter((f) => f.properties.kind === kind).length;
    expect([kinds('koban'), kinds('school'), kinds('shelter')]).toEqual([3, 22, 139]);
    expect(rows.facilities.every((f) => typeof f.properties.name === 'string' && f.properties.name.length > 0)).toBe(true);
  });

  it('turns the 49 OSM street lamps into lights with the unknown-lamp default radius', () => {
    expect(rows.streetlights).toHaveLength(49);
    expect(rows.streetlights.every((l) => l.properties.lamp_type === 'unknown' && l.properties.radius_m === 12 && !l.sample)).toBe(true);
  });

  it('reads station and post from koban names', () => {
    expect(parseKobanName('新宿警察署百人町交番')).toEqual({ station: '新宿警察署', post: '百人町交番' });
    expect(parseKobanName('大久保交番')).toEqual({ station: '戸塚警察署', post: '大久保交番' });
    expect(shortSchoolName('新宿区立 戸山小学校')).toBe('戸山小学校');
  });
});
