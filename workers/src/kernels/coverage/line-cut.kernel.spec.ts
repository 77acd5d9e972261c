import { intervalsToPolylines, pointAlong, polylineLength } from './line-cut.kernel';
import type { Polyline } from './coverage.types';

// An L: 10 m east, then 10 m north.
const ell: Polyline = [[0, 0], [10, 0], [10, 10]];

describe('intervalsToPolylines', () => {
  it('cuts at the exact points and keeps the vertices in between', () => {
    expect(intervalsToPolylines(ell, [[5, 15]])).toEqual([[[5, 0], [10, 0], [10, 5]]]);
  });

  it('cuts within one segment and at the line ends', () => {
    expect(intervalsToPolylines(ell, [[0, 2.5], [12, 20]])).toEqual([
      [[0, 0], [2.5, 0]],
      [[10, 2], [10, 10]],
    ]);
  });

  it('does not repeat a vertex the cut falls on', () => {
    expect(intervalsToPolylines(ell, [[10, 20]])).toEqual([[[10, 0], [10, 10]]]);
    expect(intervalsToPolylines(ell, [[0, 10]])).toEqual([[[0, 0], [10, 0]]]);
  });

  it('measures along the line', () => {
    expect(polylineLength(ell)).toBe(20);
    expect(pointAlong(ell, 13)).toEqual([10, 3]);
    expect(pointAlong(ell, 99)).toEqual([10, 10]);
  });
});
