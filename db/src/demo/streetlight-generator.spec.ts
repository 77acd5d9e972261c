import { destination, distance, nearestPointOnLine, lineString } from '@turf/turf';
import type { Position } from 'geojson';
import { inBBox, JAPAN_BBOX, type RoadLine } from './demo-types';
import { seededRandom } from './prng';
import { readDemoSources } from './source-data';
import { readSourceFeatures } from './source-features';
import { generateStreetlights, pointsAlong, STREETLIGHT_DEFAULTS } from './streetlight-generator';

const real = readSourceFeatures(readDemoSources());
const positionOf = (row: { geometry: unknown }) => (row.geometry as { coordinates: Position }).coordinates;

describe('pointsAlong', () => {
  it('places a point every 30 m from 15 m on a 300 m line', () => {
    const a: Position = [139.7, 35.7];
    const b = destination(a, 0.3, 90).geometry.coordinates;
    const points = pointsAlong([a, b], 30, () => 0);
    expect(points).toHaveLength(10);
    expect(distance(a, points[0].at, { units: 'meters' })).toBeCloseTo(15, 1);
    expect(distance(a, points[9].at, { units: 'meters' })).toBeCloseTo(285, 1);
  });
});

describe('generateStreetlights', () => {
  const make = (seed = 1) => generateStreetlights(real.roads, real.streetLamps, seededRandom(seed, 'streetlights'));

  it('is deterministic for a seed', () => {
    expect(make()).toEqual(make());
  });

  it('lines a 300 m residential street with about 10 lamps, 1.5–3 m beside it', () => {
    const a: Position = [139.7, 35.7];
    const street: RoadLine = { osmId: 1, cls: 'residential', name: null, coordinates: [a, destination(a, 0.3, 90).geometry.coordinates] };
    const rows = generateStreetlights([street], [], seededRandom(1, 'x'));
    expect(rows.length).toBeGreaterThanOrEqual(9);
    expect(rows.length).toBeLessThanOrEqual(10);
    for (const row of rows) {
      const off = nearestPointOnLine(lineString(street.coordinates), positionOf(row), { units: 'meters' }).properties.dist;
      expect(off).toBeGreaterThanOrEqual(1.4);
      expect(off).toBeLessThanOrEqual(3.1);
    }
  });

  it('lights the residential streets of the extract with 1,000–2,500 sample lamps kept 12 m apart', () => {
    const rows = make();
    expect(rows.length).toBeGreaterThanOrEqual(1000);
    expect(rows.length).toBeLessThanOrEqual(2500);
    const all = [...real.streetLamps, ...rows.map(positionOf)];
    const cell = (p: Position) => `${Math.floor(p[0] / 0.001)},${Math.floor(p[1] / 0.001)}`;
    const grid = new Map<string, Position[]>();
    for (const p of all) grid.set(cell(p), [...(grid.get(cell(p)) ?? []), p]);
    // Real OSM lamps may stand closer to each other; only generated ones are kept apart.
    let closest = Infinity;
    for (const p of all.slice(real.streetLamps.length)) {
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          const key = `${Math.floor(p[0] / 0.001) + dx},${Math.floor(p[1] / 0.001) + dy}`;
          for (const q of grid.get(key) ?? []) if (q !== p) closest = Math.min(closest, distance(p, q, { units: 'meters' }));
        }
      }
    }
    expect(closest).toBeGreaterThanOrEqual(STREETLIGHT_DEFAULTS.minGapM);
    const led = rows.filter((r) => r.properties.lamp_type === 'led').length;
    expect(led / rows.length).toBeGreaterThan(0.75);
    for (const row of rows) {
      expect(inBBox(positionOf(row), JAPAN_BBOX)).toBe(true);
      expect(row.properties).toMatchObject({ status: 'active', owner: '町会' });
      expect(row.properties.radius_m).toBeGreaterThan(0);
    }
  });
});
