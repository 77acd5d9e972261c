import type { Position } from 'geojson';
import { blocksInExtract, generateBeats, groupByNearestKoban } from './beat-generator';
import type { Block, Koban } from './demo-types';
import { Random } from './prng';
import { readDemoSources } from './source-data';
import { readSourceFeatures } from './source-features';

const block = (name: string, centroid: Position, households: number): Block => ({
  externalId: `estat:${name}`,
  code: name,
  name,
  population: households * 2,
  households,
  centroid,
  geometry: { type: 'Polygon', coordinates: [] },
});
const koban = (post: string, station: string, position: Position): Koban => ({ externalId: `osm:node/${post}`, name: station + post, post, station, position });

const west = koban('西交番', '新宿警察署', [139.7, 35.7]);
const east = koban('東交番', '牛込警察署', [139.71, 35.7]);
const blocks = [block('a', [139.701, 35.7], 100), block('b', [139.702, 35.701], 300), block('c', [139.709, 35.7], 1000)];

describe('beats', () => {
  it('groups blocks by their nearest koban', () => {
    const groups = groupByNearestKoban(blocks, [west, east]);
    expect(groups.get(west)?.map((b) => b.name)).toEqual(['a', 'b']);
    expect(groups.get(east)?.map((b) => b.name)).toEqual(['c']);
  });

  it('sums households and keeps the derived counts plausible', () => {
    const beats = generateBeats(blocks, [west, east], new Random(1));
    expect(beats.map((b) => [b.properties.code, b.properties.post, b.properties.station, b.properties.households, b.parts])).toEqual([
      ['B01', '西交番', '新宿警察署', 400, ['estat:a', 'estat:b']],
      ['B02', '東交番', '牛込警察署', 1000, ['estat:c']],
    ]);
    for (const beat of beats) {
      const households = Number(beat.properties.households);
      expect(Number(beat.properties.priority_households)).toBeGreaterThanOrEqual(0.05 * households - 0.5);
      expect(Number(beat.properties.priority_households)).toBeLessThanOrEqual(0.1 * households + 0.5);
      expect(beat.sample).toBe(true);
      expect(beat.properties.name).toBe(`${beat.properties.post} 受持区 (サンプル)`);
    }
    expect(generateBeats(blocks, [west, east], new Random(1))).toEqual(beats);
  });

  it('splits the real demo blocks between the three real koban', () => {
    const real = readSourceFeatures(readDemoSources());
    const demoBlocks = blocksInExtract(real.blocks, real.bbox);
    expect(demoBlocks.map((b) => b.name)).toContain('大久保２丁目');
    const beats = generateBeats(demoBlocks, real.kobans, new Random(1));
    expect(beats.map((b) => b.properties.post).sort()).toEqual(['大久保交番', '戸山町交番', '百人町交番'].sort());
    expect(beats.flatMap((b) => b.parts).sort()).toEqual(demoBlocks.map((b) => b.externalId).sort());
    const total = beats.reduce((sum, b) => sum + Number(b.properties.households), 0);
    expect(total).toBe(demoBlocks.reduce((sum, b) => sum + (b.households ?? 0), 0));
  });
});
