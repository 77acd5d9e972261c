import type { Vec } from '../coverage/coverage.types';
import { computePatrolCoverage } from './patrol-coverage.kernel';
import { PATROL_DEFAULTS, type PatrolRoad, type PatrolTrack } from './patrol.types';

const T0 = 1_790_000_000;
const square = (x0: number, y0: number, x1: number, y1: number): Vec[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];

/** A track through the points at `speed` m/s from `start`. */
function drive(id: number, unit: string, points: Vec[], speed = 10, start = T0, kind = 'police'): PatrolTrack {
  const xyt: number[] = [];
  let t = start;
  points.forEach(([x, y], i) => {
    if (i > 0) t += Math.hypot(x - points[i - 1][0], y - points[i - 1][1]) / speed;
    xyt.push(x, y, t);
  });
  return { id, unit, kind, xyt, startedAt: start, endedAt: t };
}

/*
 * Two beats: A = [0,200]×[0,200], B = [200,400]×[0,200]. Roads: 1 along y = 100 through both
 * (x 0..400), 2 north–south in A (x = 50, y 0..200), 3 north–south in B (x = 300).
 */
const roads: PatrolRoad[] = [
  { id: 1, coords: [[0, 100], [400, 100]] },
  { id: 2, coords: [[50, 0], [50, 200]] },
  { id: 3, coords: [[300, 0], [300, 200]] },
];
const beats = [
  { id: 10, rings: [square(0, 0, 200, 200)] },
  { id: 20, rings: [square(200, 0, 400, 200)] },
];
const period = { fromS: T0 - 3600, toS: T0 + 86400 };

describe('patrol coverage', () => {
  it('counts passes: leaving a road and coming back passes it again', () => {
    // Along road 1 from x = 0 to 150, north off-road 100 m, back down, on to x = 400.
    const track = drive(1, 'PC-1', [[0, 100], [150, 100], [150, 200], [150, 100], [400, 100]]);
    const result = computePatrolCoverage([track], roads, beats, period, PATROL_DEFAULTS);
    const road1 = result.roads[0];
    expect(road1.passes).toBe(2);
    expect(road1.passed).toBe(true);
    expect(road1.coveredPct).toBe(100);
    expect(road1.units).toEqual(['PC-1']);
    // 400 m on the road at 10 m/s = 40 s; the last step ends at T0 + (150 + 200 + 250) / 10.
    expect(road1.dwellS).toBeCloseTo(40, 6);
    expect(road1.lastPassAt).toBeCloseTo(T0 + 60, 6);
    expect(result.roads[1]).toMatchObject({ roadId: 2, passes: 0, passed: false, lastPassAt: null });
  });

  it('totals patrol km and hours per beat and unit, and lists unpatrolled streets', () => {
    const a = drive(1, 'PC-1', [[0, 100], [400, 100]]);
    const b = drive(2, 'PC-2', [[300, 0], [300, 200]], 5, T0 + 1000);
    const result = computePatrolCoverage([a, b], roads, beats, period, PATROL_DEFAULTS);
    const [beatA, beatB] = result.beats;
    // A: 200 m of track in 20 s; streets 200 (road 1) + 200 (road 2); road 2 unpatrolled.
    expect(beatA).toMatchObject({ beatId: 10, unpatrolled: [2], passedPct: 50 });
    expect(beatA.patrolKm).toBeCloseTo(0.2, 9);
    expect(beatA.patrolHours).toBeCloseTo(20 / 3600, 9);
    // B: 200 m of track a + 200 m of b (40 s at 5 m/s); every street passed.
    expect(beatB).toMatchObject({ beatId: 20, unpatrolled: [], passedPct: 100 });
    expect(beatB.patrolKm).toBeCloseTo(0.4, 9);
    expect(beatB.patrolHours).toBeCloseTo(60 / 3600, 9);
    expect(result.units).toEqual([
      { unit: 'PC-1', kinds: ['police'], patrols: 1, km: 0.4, hours: 40 / 3600 },
      { unit: 'PC-2', kinds: ['police'], patrols: 1, km: 0.2, hours: 40 / 3600 },
    ]);
    expect(result.summary).toMatchObject({ tracks: 2, tracksInPeriod: 2, km: 0.6, roads: 3, passedRoads: 2, untimedTracks: 0 });
  });

  it('passes a road only when the share within tolerance reaches minCoveredPct', () => {
    // 120 m of road 2 driven (y 0..120), the capsule adds 15 m: 135 of 200 m = 67.5 %.
    const track = drive(1, 'PC-1', [[50, 0], [50, 120]]);
    const at = (minCoveredPct: number) => computePatrolCoverage([track], roads, beats, period, { ...PATROL_DEFAULTS, minCoveredPct }).roads[1];
    expect(at(50)).toMatchObject({ passed: true, passes: 1 });
    expect(at(50).coveredPct).toBeCloseTo(67.5, 9);
    expect(at(70).passed).toBe(false);
  });

  it('counts untimed tracks for km but not for hours, dwell or last pass', () => {
    const untimed: PatrolTrack = { id: 5, unit: 'foot-1', kind: 'foot', xyt: [0, 100, NaN, 100, 100, NaN], startedAt: null, endedAt: null };
    const result = computePatrolCoverage([untimed], roads, beats, period, PATROL_DEFAULTS);
    expect(result.beats[0].patrolKm).toBeCloseTo(0.1, 9);
    expect(result.beats[0].untimedKm).toBeCloseTo(0.1, 9);
    expect(result.beats[0].patrolHours).toBe(0);
    expect(result.roads[0]).toMatchObject({ passes: 1, dwellS: 0, lastPassAt: null });
    expect(result.summary).toMatchObject({ untimedTracks: 1, untimedKm: 0.1, hours: 0 });
  });

  it('stays on the road it follows where two parallel roads are both within tolerance', () => {
    const parallel: PatrolRoad[] = [
      { id: 1, coords: [[0, 0], [200, 0]] },
      { id: 2, coords: [[0, 8], [200, 8]] },
    ];
    // The track wobbles between y = 3 and y = 5: nearer road 1 all along (distances 3–5 vs 3–5).
    const points: Vec[] = [];
    for (let x = 0; x <= 200; x += 10) points.push([x, x % 20 === 0 ? 3 : 5]);
    const result = computePatrolCoverage([drive(1, 'PC-1', points)], parallel, [], period, PATROL_DEFAULTS);
    expect(result.roads.map((r) => r.passes)).toEqual([1, 0]);
  });
});
