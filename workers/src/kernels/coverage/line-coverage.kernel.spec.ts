import { indexBuildings } from './building-index.kernel';
import type { Building, Camera, CoverageLine, Light, LineCoverageOptions } from './coverage.types';
import { totalLength } from './intervals.kernel';
import { computeLineCoverage } from './line-coverage.kernel';

const camera = (over: Partial<Camera> = {}): Camera => ({ id: 'c', x: 0, y: 0, bearingDeg: 0, hfovDeg: 90, rangeM: 100, ...over });
const box = (id: number, x0: number, y0: number, x1: number, y1: number): Building => ({
  id,
  rings: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]],
});
const line = (id: string, ...coords: [number, number][]): CoverageLine => ({ id, coords });

function one(l: CoverageLine, cameras: Camera[], lights: Light[] = [], buildings: Building[] = [], options: LineCoverageOptions = {}) {
  return computeLineCoverage([l], cameras, lights, buildings, options).lines[0];
}

describe('cameras on lines', () => {
  it('covers 2r of a line through a 360° camera', () => {
    const r = one(line('a', [-50, 0], [50, 0]), [camera({ hfovDeg: 360, rangeM: 20 })]);
    expect(r.lengthM).toBe(100);
    expect(r.seen).toEqual([[30, 70]]);
    expect(r.seenPct).toBeCloseTo(40, 9);
  });

  it('covers the chord of the sector on a line across it', () => {
    // North-facing 90° camera: at y = 50 the wedge spans x ∈ [-50, 50].
    const r = one(line('a', [-80, 50], [80, 50]), [camera()]);
    expect(r.seen).toHaveLength(1);
    expect(r.seen[0][0]).toBeCloseTo(30, 9);
    expect(r.seen[0][1]).toBeCloseTo(130, 9);
  });

  it('wraps the wedge around north: bearing 350°, hfov 40° spans 330°–10°', () => {
    const r = one(line('a', [-20, 10], [20, 10]), [camera({ bearingDeg: 350, hfovDeg: 40 })]);
    // At y = 10 the wedge runs from x = −10·tan30° to x = 10·tan10°.
    expect(r.seen).toHaveLength(1);
    expect(r.seen[0][0]).toBeCloseTo(20 - 10 * Math.tan(Math.PI / 6), 9);
    expect(r.seen[0][1]).toBeCloseTo(20 + 10 * Math.tan(Math.PI / 18), 9);
  });

  it('halves the covered length behind a wall that halves the sector', () => {
    const target = line('a', [-80, 50], [80, 50]);
    // The wall covers the western half of the wedge (x from -20 to 0 at y = 20).
    const wall = box(1, -30, 20, 0, 20.5);
    const open = one(target, [camera()]);
    const walled = one(target, [camera()], [], [wall]);
    expect(totalLength(open.seen)).toBeCloseTo(100, 9);
    expect(totalLength(walled.seen)).toBeCloseTo(50, 9);
    expect(walled.seen[0][0]).toBeCloseTo(80, 9);
    expect(computeLineCoverage([target], [camera()], [], [wall], { occlusion: false }).lines[0].seenPct).toBeCloseTo(62.5, 9);
  });

  it('gives a split line the same coverage as the whole', () => {
    const cams = [camera({ x: 3, y: -4, bearingDeg: 30, hfovDeg: 50, rangeM: 45 }), camera({ x: 40, y: 30, bearingDeg: 200, hfovDeg: 60, rangeM: 35 })];
    const lights: Light[] = [{ id: 'l', x: 20, y: 12, radiusM: 9 }];
    const buildings = [box(1, 10, 15, 18, 22), box(2, 25, 5, 30, 9), box(3, 30, 18, 36, 22)];
    const whole = one(line('w', [0, 10], [22, 14], [50, 12]), cams, lights, buildings);
    // Cut at (36, 13), inside a seen stretch.
    const halves = computeLineCoverage([line('h1', [0, 10], [22, 14], [36, 13]), line('h2', [36, 13], [50, 12])], cams, lights, buildings);
    expect(halves.totals.lengthM).toBeCloseTo(whole.lengthM, 9);
    expect(halves.totals.seenM).toBeCloseTo(totalLength(whole.seen), 9);
    expect(halves.totals.litM).toBeCloseTo(totalLength(whole.lit), 9);
    expect(halves.totals.seenOrLitM).toBeCloseTo((whole.seenOrLitPct / 100) * whole.lengthM, 9);
    // The scene is not trivial: buildings hide part of the line and part stays blind.
    const unoccluded = one(line('w', [0, 10], [22, 14], [50, 12]), cams, lights, buildings, { occlusion: false });
    expect(totalLength(unoccluded.seen) - totalLength(whole.seen)).toBeGreaterThan(5);
    expect(totalLength(whole.blindSpots)).toBeGreaterThan(10);
  });

  it('applies the DORI range: identify at 1920 px over 90° reaches 3.84 m', () => {
    const cam = camera({ resolutionPx: 1920 });
    const r = one(line('a', [-10, 3], [10, 3]), [cam], [], [], { dori: 'identify' });
    // Seen where x² + 3² ≤ 3.84²: 2·√(3.84² − 9) = 4.794 m.
    expect(totalLength(r.seen)).toBeCloseTo(2 * Math.sqrt(3.84 ** 2 - 9), 9);
  });

  it('sees the lit outside but not past the wall of the building it hangs on', () => {
    const house = box(1, 0, 0, 10, 10);
    const cam = camera({ x: 5, y: 0, hfovDeg: 360, rangeM: 30 });
    expect(one(line('s', [-20, -5], [30, -5]), [cam], [], [house]).seenPct).toBeCloseTo(100, 9);
    expect(one(line('n', [-20, 15], [30, 15]), [cam], [], [house]).seen).toEqual([]);
    // Inside the building only the first metre: |x − 5| ≤ √(1 − 0.5²).
    expect(totalLength(one(line('i', [4, 0.5], [6, 0.5]), [cam], [], [house]).seen)).toBeCloseTo(2 * Math.sqrt(0.75), 9);
  });

  it('accepts a prebuilt building index', () => {
    const index = indexBuildings([box(1, -30, 20, 0, 20.5)]);
    const r = computeLineCoverage([line('a', [-80, 50], [80, 50])], [camera()], [], index);
    expect(r.totals.seenM).toBeCloseTo(50, 9);
  });
});

describe('lights on lines', () => {
  it('lights 2·√(r² − d²) of a line at distance d from the lamp', () => {
    const r = one(line('a', [-10, 0], [10, 0]), [], [{ id: 'l', x: 0, y: 3, radiusM: 5 }]);
    expect(r.lit).toEqual([[6, 14]]);
    expect(r.litPct).toBeCloseTo(40, 9);
    expect(r.darkSpots).toEqual([[0, 6], [14, 20]]);
  });

  it('lights nothing beyond its radius', () => {
    expect(one(line('a', [-10, 0], [10, 0]), [], [{ id: 'l', x: 0, y: 6, radiusM: 5 }]).lit).toEqual([]);
  });
});

describe('night mode and spots', () => {
  // A straight 100 m line along y = 0; each camera sees a known stretch of it.
  const target = line('a', [0, 0], [100, 0]);
  const dayOnly = camera({ id: 'day', x: 20, y: -20, hfovDeg: 360, rangeM: Math.hypot(20, 20) }); // [0, 40]
  const infrared = camera({ id: 'ir', x: 70, y: -10, hfovDeg: 360, rangeM: Math.hypot(10, 10), nightCapable: true }); // [60, 80]
  const lamp: Light = { id: 'l', x: 40, y: 0, radiusM: 10 }; // [30, 50]

  it('by day every camera counts', () => {
    const r = one(target, [dayOnly, infrared], [lamp]);
    expect(r.seen.map(([s, e]) => [+s.toFixed(9), +e.toFixed(9)])).toEqual([[0, 40], [60, 80]]);
    expect(r.seenOrLitPct).toBeCloseTo(70, 9);
    expect(r.darkUnwatched.map(([s, e]) => [+s.toFixed(9), +e.toFixed(9)])).toEqual([[50, 60], [80, 100]]);
  });

  it('at night a camera counts only where it is night capable or the spot is lit', () => {
    const r = one(target, [dayOnly, infrared], [lamp], [], { night: true });
    expect(r.seen.map(([s, e]) => [+s.toFixed(9), +e.toFixed(9)])).toEqual([[30, 40], [60, 80]]);
    expect(r.seenPct).toBeCloseTo(30, 9);
    expect(r.litPct).toBeCloseTo(20, 9);
    expect(r.seenOrLitPct).toBeCloseTo(40, 9);
  });

  it('leaves gaps shorter than minGapM out of the spot lists, not out of the percentages', () => {
    const r = one(target, [dayOnly, infrared], [lamp], [], { minGapM: 15 });
    // Blind: [40, 60] (20 m) and [80, 100] (20 m); dark: [0, 30], [50, 100]; neither: [50, 60] (10 m), [80, 100].
    expect(r.blindSpots.map(([s, e]) => e - s).map((m) => +m.toFixed(9))).toEqual([20, 20]);
    expect(r.darkSpots.map(([s, e]) => e - s).map((m) => +m.toFixed(9))).toEqual([30, 50]);
    expect(r.darkUnwatched.map(([s, e]) => +(e - s).toFixed(9))).toEqual([20]);
    expect(r.seenPct).toBeCloseTo(60, 9);
    const none = one(target, [dayOnly, infrared], [lamp], [], { minGapM: 25 });
    expect(none.blindSpots).toEqual([]);
  });
});

describe('results', () => {
  it('adds up totals over lines and reports progress up to 1', () => {
    const fractions: number[] = [];
    const r = computeLineCoverage(
      [line('a', [-50, 0], [50, 0]), line('b', [0, 0], [0, 0]), line('c', [200, 0], [300, 0])],
      [camera({ hfovDeg: 360, rangeM: 20 })],
      [{ id: 'l', x: 250, y: 0, radiusM: 10 }],
      [],
      { progress: (f) => fractions.push(f) },
    );
    expect(r.lines.map((l) => l.lengthM)).toEqual([100, 0, 100]);
    expect(r.lines[1].seenPct).toBe(0);
    expect(r.totals).toEqual({ lengthM: 200, seenM: 40, litM: 20, seenOrLitM: 60, seenPct: 20, litPct: 10, seenOrLitPct: 30 });
    expect(fractions[fractions.length - 1]).toBe(1);
    expect(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= fractions[i - 1]))).toBe(true);
  });

  it('rejects a camera it cannot interpret, naming it', () => {
    expect(() => computeLineCoverage([], [camera({ id: 'x9', hfovDeg: 0 })], [], [])).toThrow(/camera x9: hfovDeg/);
    expect(() => computeLineCoverage([line('bad', [0, 0], [NaN, 1])], [], [], [])).toThrow(/line bad: vertex 1/);
  });
});
