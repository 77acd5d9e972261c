import { destination, distance } from '@turf/turf';
import type { Position } from 'geojson';
import { CAMERA_DEFAULTS, generateCameras, roundBearing } from './camera-generator';
import { inBBox, JAPAN_BBOX, type RoadLine } from './demo-types';
import { Random, seededRandom } from './prng';
import { readDemoSources } from './source-data';
import { readSourceFeatures } from './source-features';

const real = readSourceFeatures(readDemoSources());
const cameras = (seed = 1) => generateCameras(real.cameraSites, real.roads, seededRandom(seed, 'cameras'));

describe('generateCameras', () => {
  it('is deterministic for a seed', () => {
    expect(cameras()).toEqual(cameras());
    expect(cameras(2)).not.toEqual(cameras());
  });

  it('puts 100 plausible sample cameras on distinct real crossings and signals', () => {
    const rows = cameras();
    expect(rows).toHaveLength(100);
    const sites = new Set(real.cameraSites.map((s) => `${s.position[0]},${s.position[1]}`));
    for (const row of rows) {
      const p = (row.geometry as { coordinates: Position }).coordinates;
      expect(sites.has(`${p[0]},${p[1]}`)).toBe(true);
      expect(inBBox(p, JAPAN_BBOX)).toBe(true);
      expect(row.sample).toBe(true);
      const c = row.properties as Record<string, number>;
      expect(c.bearing_deg).toBeGreaterThanOrEqual(0);
      expect(c.bearing_deg).toBeLessThan(360);
      expect(c.hfov_deg).toBeGreaterThanOrEqual(60);
      expect(c.hfov_deg).toBeLessThanOrEqual(110);
      expect(c.range_m).toBeGreaterThanOrEqual(20);
      expect(c.range_m).toBeLessThanOrEqual(45);
      expect([1920, 2560]).toContain(c.resolution_px);
      expect(c.mount_height_m).toBeGreaterThanOrEqual(3);
      expect(c.mount_height_m).toBeLessThanOrEqual(5);
    }
    const positions = rows.map((r) => (r.geometry as { coordinates: Position }).coordinates);
    for (let i = 0; i < positions.length; i++) {
      for (let j = i + 1; j < positions.length; j++) expect(distance(positions[i], positions[j], { units: 'meters' })).toBeGreaterThanOrEqual(CAMERA_DEFAULTS.minSpacingM);
    }
    const count = (status: string) => rows.filter((r) => r.properties.status === status).length;
    expect([count('active'), count('planned'), count('out_of_service')]).toEqual([89, 8, 3]);
    const night = rows.filter((r) => r.properties.night_capable).length;
    expect(night).toBeGreaterThanOrEqual(45);
    expect(night).toBeLessThanOrEqual(75);
    expect(rows.filter((r) => r.properties.status === 'planned').every((r) => r.properties.installed_on === null)).toBe(true);
    expect(rows[0].properties.name).toBe('サンプルカメラ 001');
  });

  it('looks along the street: a camera on an east–west road faces 90° or 270°', () => {
    const west: Position = [139.7, 35.7];
    const east = destination(west, 0.2, 90).geometry.coordinates;
    const street: RoadLine = { osmId: 1, cls: 'residential', name: null, coordinates: [west, east] };
    const site = { osmId: 9, kind: 'crossing' as const, position: destination(west, 0.1, 90).geometry.coordinates };
    const bearings = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const [row] = generateCameras([site], [street], new Random(seed), { ...CAMERA_DEFAULTS, count: 1 });
      bearings.add(Math.round(Number(row.properties.bearing_deg)));
    }
    expect([...bearings].sort()).toEqual([270, 90]);
  });

  it('rounds bearings into [0, 360)', () => {
    expect(roundBearing(359.97)).toBe(0);
    expect(roundBearing(-90)).toBe(270);
    expect(roundBearing(450.04)).toBe(90);
  });
});
