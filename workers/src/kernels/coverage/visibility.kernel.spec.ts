import { indexBuildings } from './building-index.kernel';
import type { Building, Camera } from './coverage.types';
import { ringArea, visibilityPolygon } from './visibility-polygon.kernel';
import { cameraVisibility, isPointSeen, visibleDistance } from './visibility.kernel';

const camera = (over: Partial<Camera> = {}): Camera => ({ id: 1, x: 0, y: 0, bearingDeg: 0, hfovDeg: 90, rangeM: 100, ...over });
const box = (id: number, x0: number, y0: number, x1: number, y1: number): Building => ({
  id,
  rings: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});
const sectorArea = (hfovDeg: number, r: number): number => (hfovDeg / 360) * Math.PI * r * r;

describe('visibility polygon without buildings', () => {
  it.each([
    [0, 90, 100],
    [350, 40, 30],
    [123, 270, 25],
    [200, 360, 40],
    [45, 5, 60],
  ])('bearing %p°, hfov %p°, range %p m has area θ/360·πr² within 0.5 %%', (bearingDeg, hfovDeg, rangeM) => {
    const vis = cameraVisibility(camera({ bearingDeg, hfovDeg, rangeM }), rangeM);
    const area = ringArea(visibilityPolygon(vis));
    expect(Math.abs(area / sectorArea(hfovDeg, rangeM) - 1)).toBeLessThan(0.005);
  });

  it('is a closed ring starting at the camera for a partial wedge', () => {
    const ring = visibilityPolygon(cameraVisibility(camera({ x: 5, y: 7 }), 100));
    expect(ring[0]).toEqual([5, 7]);
    expect(ring[ring.length - 1]).toEqual([5, 7]);
  });
});

describe('occlusion by buildings', () => {
  // A 20 m wide block 20–25 m north of a north-facing camera.
  const block = indexBuildings([box(1, -10, 20, 10, 25)]);
  const vis = cameraVisibility(camera(), 100, block);

  it('sees up to the facing wall and no further', () => {
    expect(visibleDistance(vis, 0)).toBeCloseTo(20, 9);
    // 20°: the wall is hit at x = 20·tan20° = 7.28 m, distance 20/cos20° = 21.28 m.
    expect(visibleDistance(vis, 20)).toBeCloseTo(20 / Math.cos((20 * Math.PI) / 180), 9);
    // 40°: passes east of the block (x = 16.8 m at its near wall).
    expect(visibleDistance(vis, 40)).toBe(100);
    expect(visibleDistance(vis, 60)).toBe(0);
    expect(isPointSeen(vis, 0, 19.99)).toBe(true);
    expect(isPointSeen(vis, 0, 20)).toBe(true);
    expect(isPointSeen(vis, 0, 30)).toBe(false);
    expect(isPointSeen(vis, 30, 40)).toBe(true);
  });

  it('removes the shadow from the visibility polygon area', () => {
    // Shadow: the wedge between the block's near corners (±26.57°) from 20 m to 100 m, less the
    // triangle between the camera and the wall: θ/360·π·100² − 20·20/2.
    const shadow = (2 * Math.atan(10 / 20) / (2 * Math.PI)) * Math.PI * 100 * 100 - (20 * 20) / 2;
    const area = ringArea(visibilityPolygon(vis, 0.25));
    expect(Math.abs(area / (sectorArea(90, 100) - shadow) - 1)).toBeLessThan(0.001);
  });

  it('is the same whatever the rings orientation or closing vertex', () => {
    const cw: Building = { id: 2, rings: [[[-10, 20], [-10, 25], [10, 25], [10, 20]]] };
    const v2 = cameraVisibility(camera(), 100, indexBuildings([cw]));
    for (const b of [0, 10, 20, 30, 44]) expect(visibleDistance(v2, b)).toBeCloseTo(visibleDistance(vis, b), 9);
  });

  it('sees through a hole in a building only inside the hole', () => {
    const courtyard: Building = {
      id: 3,
      rings: [
        [[-20, 10], [20, 10], [20, 40], [-20, 40], [-20, 10]],
        [[-5, 20], [5, 20], [5, 30], [-5, 30], [-5, 20]],
      ],
    };
    const v3 = cameraVisibility(camera(), 100, indexBuildings([courtyard]));
    expect(visibleDistance(v3, 0)).toBeCloseTo(10, 9);
    const inHole = cameraVisibility(camera({ y: 25, hfovDeg: 360 }), 100, indexBuildings([courtyard]));
    expect(visibleDistance(inHole, 0)).toBeCloseTo(5, 9);
    expect(visibleDistance(inHole, 90)).toBeCloseTo(5, 9);
  });

  it('takes the nearer of overlapping buildings', () => {
    const overlap = indexBuildings([box(1, -10, 20, 10, 25), box(2, -3, 15, 3, 30)]);
    const v4 = cameraVisibility(camera(), 100, overlap);
    expect(visibleDistance(v4, 0)).toBeCloseTo(15, 9);
    expect(visibleDistance(v4, 15)).toBeCloseTo(20 / Math.cos((15 * Math.PI) / 180), 9);
  });

  it('switches occluder where the front walls of overlapping buildings cross', () => {
    // South walls y = 15 + x/2 and y = 15 − x/2 cross at (0, 15): the nearer is a V.
    const a: Building = { id: 1, rings: [[[-10, 10], [10, 20], [10, 30], [-10, 30]]] };
    const b: Building = { id: 2, rings: [[[-10, 20], [10, 10], [10, 30], [-10, 30]]] };
    const v5 = cameraVisibility(camera(), 100, indexBuildings([a, b]));
    const toward = (x: number, y: number): number => (Math.atan2(x, y) * 180) / Math.PI;
    expect(visibleDistance(v5, 0)).toBeCloseTo(15, 9);
    expect(visibleDistance(v5, toward(-5, 12.5))).toBeCloseTo(Math.hypot(5, 12.5), 9);
    expect(visibleDistance(v5, toward(5, 12.5))).toBeCloseTo(Math.hypot(5, 12.5), 9);
  });
});

describe('camera on a wall', () => {
  // A 10 m square building; the camera sits on the middle of its south wall at (5, 0).
  const house = indexBuildings([box(1, 0, 0, 10, 10)]);
  const onWall = camera({ x: 5, y: 0, hfovDeg: 360, rangeM: 30 });
  const vis = cameraVisibility(onWall, 30, house);

  it('sees outward to its full range', () => {
    expect(visibleDistance(vis, 180)).toBe(30);
    expect(visibleDistance(vis, 135)).toBe(30);
    expect(isPointSeen(vis, -15, -5)).toBe(true);
  });

  it('does not see through the building, only its first metre', () => {
    expect(visibleDistance(vis, 0)).toBe(1);
    expect(visibleDistance(vis, 45)).toBe(1);
    expect(isPointSeen(vis, 5, 0.9)).toBe(true);
    expect(isPointSeen(vis, 5, 1.1)).toBe(false);
    expect(isPointSeen(vis, 5, 15)).toBe(false);
    expect(isPointSeen(vis, -2, 15)).toBe(false);
  });

  it('has a half disc of 30 m plus a half disc of 1 m as its polygon', () => {
    const area = ringArea(visibilityPolygon(vis));
    expect(Math.abs(area / (Math.PI * 30 * 30 / 2 + Math.PI / 2) - 1)).toBeLessThan(0.005);
  });

  it('still sees outward when mounted 0.5 m inside the wall (the first metre is ignored)', () => {
    const inside = cameraVisibility(camera({ x: 5, y: 0.5, bearingDeg: 180, rangeM: 30 }), 30, house);
    expect(visibleDistance(inside, 180)).toBe(30);
    expect(visibleDistance(inside, 200)).toBe(30);
  });

  it('ignores a thin wall within the first metre but not one further away', () => {
    const near = cameraVisibility(camera(), 100, indexBuildings([box(1, -5, 0.3, 5, 0.7)]));
    expect(visibleDistance(near, 0)).toBe(100);
    const far = cameraVisibility(camera(), 100, indexBuildings([box(1, -5, 2, 5, 2.4)]));
    expect(visibleDistance(far, 0)).toBeCloseTo(2, 9);
  });

  it('sees only its first metre from deep inside a building', () => {
    const buried = cameraVisibility(camera({ x: 5, y: 5, hfovDeg: 360 }), 30, house);
    for (const b of [0, 90, 200]) expect(visibleDistance(buried, b)).toBe(1);
    const area = ringArea(visibilityPolygon(buried));
    expect(area).toBeCloseTo(Math.PI, 2);
  });
});

describe('without occlusion', () => {
  it('ignores buildings when no index is given', () => {
    const vis = cameraVisibility(camera(), 100);
    expect(visibleDistance(vis, 0)).toBe(100);
    expect(isPointSeen(vis, 70, 70)).toBe(true);
  });
});
