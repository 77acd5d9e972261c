import { indexSegments } from '../coverage/segment-index.kernel';
import { capsuleRange, coveredIntervals } from './road-coverage.kernel';

const piece = (...points: [number, number][]) => ({ track: 0, xyt: Float64Array.from(points.flatMap(([x, y]) => [x, y, NaN])) });
const round = (perRoad: number[][][]) => perRoad.map((intervals) => intervals.map((i) => i.map((x) => +x.toFixed(6))));

describe('road stretches within tolerance of a track', () => {
  it('cuts a road by the capsule around a track segment (rectangle plus end discs)', () => {
    // Road y = 0 from x = 0 to 100; track 10 m north from x = 20 to 60; r = 15:
    // the discs reach sqrt(15² − 10²) = 11.180 m beyond each end.
    const r = capsuleRange(0, 0, 1, 0, 100, 20, 10, 60, 10, 15)!;
    expect(r[0]).toBeCloseTo(20 - Math.sqrt(125), 9);
    expect(r[1]).toBeCloseTo(60 + Math.sqrt(125), 9);
    expect(capsuleRange(0, 0, 1, 0, 100, 20, 16, 60, 16, 15)).toBeNull();
    expect(capsuleRange(0, 0, 1, 0, 100, -50, 0, -20, 0, 15)).toBeNull();
  });

  it('covers a road driven along, not one crossed at right angles', () => {
    const roads = indexSegments([
      { id: 1, coords: [[0, 0], [100, 0]] },
      { id: 2, coords: [[50, -100], [50, -20]] },
    ]);
    // The track drives along road 1 from x = 30 to 80, 5 m north of it, then turns south across nothing.
    const covered = coveredIntervals(roads, [piece([30, 5], [80, 5])], 15, 45);
    const reach = Math.sqrt(15 ** 2 - 5 ** 2);
    expect(round(covered)).toEqual(round([[[30 - reach, 80 + reach]], []]));
    const crossing = coveredIntervals(roads, [piece([0, -60], [100, -60])], 15, 45);
    expect(crossing).toEqual([[], []]);
  });

  it('accepts either direction along the road and up to the heading tolerance', () => {
    const roads = indexSegments([{ id: 1, coords: [[0, 0], [100, 0]] }]);
    expect(coveredIntervals(roads, [piece([90, 0], [10, 0])], 15, 45)[0]).toHaveLength(1);
    expect(coveredIntervals(roads, [piece([10, 0], [50, 30])], 15, 45)[0]).toHaveLength(1);
    expect(coveredIntervals(roads, [piece([10, 0], [40, 50])], 15, 45)[0]).toHaveLength(0);
  });
});
