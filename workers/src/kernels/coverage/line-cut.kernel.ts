import type { Interval, Polyline, Vec } from './coverage.types';

/** Cumulative length at each vertex of the polyline. */
export function cumulativeLengths(coords: Polyline): Float64Array {
  const cum = new Float64Array(coords.length);
  for (let i = 1; i < coords.length; i++) {
    cum[i] = cum[i - 1] + Math.hypot(coords[i][0] - coords[i - 1][0], coords[i][1] - coords[i - 1][1]);
  }
  return cum;
}

export function polylineLength(coords: Polyline): number {
  return coords.length < 2 ? 0 : cumulativeLengths(coords)[coords.length - 1];
}

/** The point `m` metres along the polyline (clamped to its ends). */
export function pointAlong(coords: Polyline, m: number, cum = cumulativeLengths(coords)): Vec {
  const i = segmentAt(cum, m);
  return interpolate(coords, cum, i, m);
}

function segmentAt(cum: Float64Array, m: number): number {
  let lo = 0;
  let hi = Math.max(0, cum.length - 2);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cum[mid] <= m) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function interpolate(coords: Polyline, cum: Float64Array, i: number, m: number): Vec {
  if (coords.length === 1) return [coords[0][0], coords[0][1]];
  const len = cum[i + 1] - cum[i];
  const t = len > 0 ? Math.min(1, Math.max(0, (m - cum[i]) / len)) : 0;
  const [x0, y0] = coords[i];
  const [x1, y1] = coords[i + 1];
  return [x0 + t * (x1 - x0), y0 + t * (y1 - y0)];
}

/** The stretches of the polyline given by the intervals, cut at their exact end points. */
export function intervalsToPolylines(coords: Polyline, intervals: readonly Interval[]): Polyline[] {
  if (coords.length < 2) return [];
  const cum = cumulativeLengths(coords);
  return intervals.map(([start, end]) => {
    const i = segmentAt(cum, start);
    const j = segmentAt(cum, end);
    const part: Polyline = [interpolate(coords, cum, i, start)];
    for (let v = i + 1; v <= j; v++) {
      if (cum[v] > start && cum[v] < end) part.push([coords[v][0], coords[v][1]]);
    }
    part.push(interpolate(coords, cum, j, end));
    return part;
  });
}
