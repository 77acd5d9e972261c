import type { Vec } from '../coverage/coverage.types';
import { clipPolyline, totalsInPolygons } from './line-clip.kernel';
import { indexPolygons, polygonsAt } from './polygon-index.kernel';

const square = (x0: number, y0: number, x1: number, y1: number): Vec[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const xym = (...points: [number, number, number][]) => Float64Array.from(points.flat());

describe('polygon index and line clipping', () => {
  // Beat A = [0,100]², beat B = [100,200]×[0,100]; C = [0,100]² with a hole [25,75]²; D = two parts.
  const side = indexPolygons([
    { id: 1, rings: [square(0, 0, 100, 100)] },
    { id: 2, rings: [square(100, 0, 200, 100)] },
  ]);

  it('finds the polygons containing a point, holes and parts included', () => {
    const index = indexPolygons([
      { id: 3, rings: [square(0, 0, 100, 100), square(25, 25, 75, 75)] },
      { id: 4, rings: [square(200, 0, 210, 10), square(300, 0, 310, 10)] },
    ]);
    expect(polygonsAt(index, 10, 10)).toEqual([0]);
    expect(polygonsAt(index, 50, 50)).toEqual([]);
    expect(polygonsAt(index, 305, 5)).toEqual([1]);
    expect(polygonsAt(index, 250, 5)).toEqual([]);
    expect(polygonsAt(index, -5, 50)).toEqual([]);
  });

  it('gives a point on an edge shared by two beats to exactly one of them', () => {
    expect(polygonsAt(side, 100, 50)).toHaveLength(1);
    expect(polygonsAt(side, 100, 0.000001)).toHaveLength(1);
  });

  it('splits a line crossing two beats: 100 m and 100 s in each', () => {
    const totals = totalsInPolygons(side, [xym([-50, 50, 0], [250, 50, 300])]);
    expect([...totals.lengthM].map((m) => +m.toFixed(9))).toEqual([100, 100]);
    expect([...totals.measure].map((s) => +s.toFixed(9))).toEqual([100, 100]);
  });

  it('counts a stretch in overlapping beats in both, and nothing in a hole', () => {
    const overlapping = indexPolygons([
      { id: 1, rings: [square(0, 0, 100, 100)] },
      { id: 2, rings: [square(50, 0, 150, 100)] },
      { id: 3, rings: [square(0, 0, 100, 100), square(25, 25, 75, 75)] },
    ]);
    const { lengthM } = totalsInPolygons(overlapping, [xym([-10, 50, 0], [20, 50, 1], [160, 50, 2])]);
    expect([...lengthM].map((m) => +m.toFixed(9))).toEqual([100, 100, 50]);
  });

  it('counts a line along the shared edge once, not in both beats', () => {
    const { lengthM } = totalsInPolygons(side, [xym([100, 0, 0], [100, 100, 10])]);
    expect(lengthM[0] + lengthM[1]).toBeCloseTo(100, 9);
  });

  it('skips unknown or backwards times but keeps the length', () => {
    const { lengthM, measure } = totalsInPolygons(side, [xym([10, 10, NaN], [20, 10, 5], [30, 10, 3], [40, 10, 13])]);
    expect(lengthM[0]).toBe(30);
    expect(measure[0]).toBe(10);
  });

  it('agrees with the analytic length inside a 3 × 3 tiling for random walks', () => {
    const tiles = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) tiles.push({ id: tiles.length + 1, rings: [square(i * 100, j * 100, i * 100 + 100, j * 100 + 100)] });
    const index = indexPolygons(tiles);
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let walk = 0; walk < 20; walk++) {
      const points: [number, number, number][] = [[random() * 400 - 50, random() * 400 - 50, 0]];
      for (let k = 1; k < 200; k++) {
        const [x, y] = points[k - 1];
        points.push([x + (random() - 0.5) * 60, y + (random() - 0.5) * 60, k]);
      }
      const total = totalsInPolygons(index, [xym(...points)]).lengthM.reduce((s, m) => s + m, 0);
      let expected = 0;
      for (let k = 1; k < points.length; k++) expected += insideBox(points[k - 1], points[k], 0, 300);
      expect(total).toBeCloseTo(expected, 6);
    }
  });

  it('reports pieces in segment order with their fractions', () => {
    const pieces: [number, number, number, number][] = [];
    clipPolyline(side, [-50, 50, 150, 50], 2, (p, i, f0, f1) => pieces.push([p, i, f0, f1]));
    expect(pieces).toEqual([
      [0, 0, 0.25, 0.75],
      [1, 0, 0.75, 1],
    ]);
  });
});

/** Length of segment a→b inside the box [lo, hi]² (Liang–Barsky). */
function insideBox(a: number[], b: number[], lo: number, hi: number): number {
  let t0 = 0;
  let t1 = 1;
  const d = [b[0] - a[0], b[1] - a[1]];
  for (let axis = 0; axis < 2; axis++) {
    if (d[axis] === 0) {
      if (a[axis] < lo || a[axis] > hi) return 0;
      continue;
    }
    const u0 = (lo - a[axis]) / d[axis];
    const u1 = (hi - a[axis]) / d[axis];
    t0 = Math.max(t0, Math.min(u0, u1));
    t1 = Math.min(t1, Math.max(u0, u1));
  }
  return t1 > t0 ? (t1 - t0) * Math.hypot(d[0], d[1]) : 0;
}
