import { destination, distance } from '@turf/turf';
import type { LineString, Position } from 'geojson';
import { DEMO_REFERENCE_DATE, inBBox, JAPAN_BBOX, type RoadLine } from './demo-types';
import { generatePatrolTracks, PATROL_DAYS, randomWalk, vertexTimes } from './patrol-track-generator';
import { Random, seededRandom } from './prng';
import { buildRoadGraph, drivable, walkable } from './road-graph';
import { readDemoSources } from './source-data';
import { readSourceFeatures } from './source-features';

const real = readSourceFeatures(readDemoSources());
const driveGraph = buildRoadGraph(real.roads, drivable);
const walkGraph = buildRoadGraph(real.roads, walkable);
const tracks = (seed = 1) => generatePatrolTracks(real.kobans, driveGraph, walkGraph, seededRandom(seed, 'patrol-tracks'));

const lengthKm = (coords: Position[]) => coords.slice(1).reduce((sum, p, i) => sum + distance(coords[i], p), 0);

describe('patrol tracks', () => {
  it('times a 1 km straight street at 4 km/h as about 15 minutes, strictly increasing', () => {
    const a: Position = [139.7, 35.7];
    const street: RoadLine = { osmId: 1, cls: 'residential', name: null, coordinates: [a, destination(a, 0.5, 90).geometry.coordinates, destination(a, 1, 90).geometry.coordinates] };
    const g = buildRoadGraph([street], walkable);
    const times = vertexTimes(g, [0, 1, 2], 1000, 4, new Random(1));
    expect(times[0]).toBe(1000);
    expect(times[1]).toBeGreaterThan(times[0]);
    // 900 s ± the 15 % per-segment speed jitter.
    expect(times[2] - times[0]).toBeGreaterThan(900 / 1.15 - 1);
    expect(times[2] - times[0]).toBeLessThan(900 / 0.85 + 1);
  });

  it('walks at least the asked distance along edges', () => {
    const path = randomWalk(driveGraph, 0, 3000, new Random(5));
    let walked = 0;
    for (let i = 1; i < path.length; i++) {
      const edge = driveGraph.edges[path[i - 1]].find((e) => e.to === path[i]);
      expect(edge).toBeDefined();
      walked += edge?.lengthM ?? 0;
    }
    expect(walked).toBeGreaterThanOrEqual(3000);
  });

  it('is deterministic for a seed', () => {
    expect(tracks()).toEqual(tracks());
  });

  it('gives every koban about 20 plausible patrols in the 30 days before the reference date', () => {
    const rows = tracks();
    expect(rows).toHaveLength(60);
    const end = DEMO_REFERENCE_DATE.getTime() / 1000;
    for (const koban of real.kobans) expect(rows.filter((r) => r.extra.koban === koban.externalId)).toHaveLength(20);
    for (const row of rows) {
      const coords = (row.geometry as LineString).coordinates;
      const times = coords.map((p) => p[2]);
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
      expect(times[0]).toBeGreaterThanOrEqual(end - PATROL_DAYS * 86_400);
      expect(times[times.length - 1]).toBeLessThan(end);
      expect(row.properties.started_at).toBe(new Date(times[0] * 1000).toISOString());
      expect(row.properties.ended_at).toBe(new Date(times[times.length - 1] * 1000).toISOString());
      expect(coords.every((p) => inBBox(p, JAPAN_BBOX))).toBe(true);
      const km = lengthKm(coords);
      const kmh = km / ((times[times.length - 1] - times[0]) / 3600);
      if (row.properties.kind === 'foot') {
        expect(km).toBeGreaterThanOrEqual(1.5);
        expect(kmh).toBeCloseTo(4, 0);
      } else {
        expect(km).toBeGreaterThanOrEqual(2);
        expect(km).toBeLessThanOrEqual(6.3);
        expect(kmh).toBeGreaterThan(15 * 0.85);
        expect(kmh).toBeLessThan(25 * 1.15);
      }
      expect(String(row.properties.unit)).toMatch(/^\S+(交番 (PC|徒歩)|地区 青パト)-\d$/);
    }
    const kinds = new Set(rows.map((r) => r.properties.kind));
    expect([...kinds].sort()).toEqual(['foot', 'police', 'volunteer']);
  });
});
