import type { MultiLineString, Position } from 'geojson';
import { blocksInExtract } from './beat-generator';
import { inBBox, JAPAN_BBOX } from './demo-types';
import { seededRandom } from './prng';
import { buildRoadGraph, edgeBetween, nearestNode, walkable } from './road-graph';
import { generateSchoolRoutes } from './school-route-generator';
import { readDemoSources } from './source-data';
import { readSourceFeatures } from './source-features';

const real = readSourceFeatures(readDemoSources());
const graph = buildRoadGraph(real.roads, walkable);
const blocks = blocksInExtract(real.blocks, real.bbox);
const routes = (seed = 1) => generateSchoolRoutes(real.elementarySchools, blocks, graph, seededRandom(seed, 'school-routes'));

describe('generateSchoolRoutes', () => {
  it('is deterministic for a seed', () => {
    expect(routes()).toEqual(routes());
  });

  it('serves the three real elementary schools with 4–6 routes each', () => {
    expect(real.elementarySchools.map((s) => s.shortName).sort()).toEqual(['戸山小学校', '東戸山小学校', '西戸山小学校'].sort());
    const rows = routes();
    for (const school of real.elementarySchools) {
      const mine = rows.filter((r) => r.properties.school === school.name);
      expect(mine.length).toBeGreaterThanOrEqual(4);
      expect(mine.length).toBeLessThanOrEqual(6);
      for (const r of mine) expect(String(r.properties.name)).toMatch(new RegExp(`^.+ → ${school.shortName}$`));
    }
  });

  it('follows graph edges without a gap and ends at the school’s nearest node', () => {
    const nodeIndex = new Map(graph.nodes.map((n, i) => [`${n[0]},${n[1]}`, i]));
    const node = (p: Position) => nodeIndex.get(`${p[0]},${p[1]}`) as number;
    for (const row of routes()) {
      const school = real.elementarySchools.find((s) => s.name === row.properties.school);
      const [line] = (row.geometry as MultiLineString).coordinates;
      expect(line.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < line.length; i++) expect(edgeBetween(graph, node(line[i - 1]), node(line[i]))).toBeDefined();
      expect(node(line[line.length - 1])).toBe(nearestNode(graph, school?.position as Position));
      expect(line.every((p) => inBBox(p, JAPAN_BBOX))).toBe(true);
      expect(row.properties).toMatchObject({ grades: '1-6', period: 'morning' });
      expect(row.properties.pupils).toBeGreaterThanOrEqual(5);
      expect(row.properties.pupils).toBeLessThanOrEqual(90);
      // From 200–1,200 m away as the crow flies: walked, a route is 0.2–3 km.
      expect(row.extra.length_m).toBeGreaterThanOrEqual(200);
      expect(row.extra.length_m).toBeLessThanOrEqual(3000);
    }
  });
});
