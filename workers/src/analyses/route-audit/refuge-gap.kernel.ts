/**
 * Refuge gaps along a line, exactly: the distance from each point of the line to its nearest
 * refuge, its maximum, and the stretches farther than a threshold.
 *
 * Method. On a segment A + t·u (0 ≤ t ≤ L), the squared distance to refuge i is
 * t² − 2·b_i·t + c_i with b_i = u·(q_i − A) and c_i = |q_i − A|². All share the t² term, so the
 * nearest refuge changes where the lower envelope of the lines c_i − 2·b_i·t switches line
 * (the Voronoi edges crossing the segment). On each piece the squared distance is convex in t,
 * so the maximum lies at a segment end or a switch point: those are the `peaks`. Only refuges
 * within (d(A) + d(B) + L) / 2 of the segment can be nearest anywhere on it.
 */
import Flatbush from 'flatbush';
import { complementIntervals, mergeIntervals, type Interval, type Vec } from '../../kernels';

export interface GapPeak {
  /** Metres along the line. */
  atM: number;
  gapM: number;
  /** Index of the nearest refuge there. */
  refuge: number;
}

export interface LineRefugeGap {
  lengthM: number;
  /** Greatest distance to the nearest refuge; null when there are no refuges. */
  maxGapM: number | null;
  /** Segment ends and nearest-refuge switch points: every local maximum is among them. */
  peaks: GapPeak[];
  /** Stretches (metres along the line) farther than the threshold from every refuge. */
  far: Interval[];
}

export interface RefugeIndex {
  points: readonly Vec[];
  tree: Flatbush | null;
}

export function indexRefuges(points: readonly Vec[]): RefugeIndex {
  if (points.length === 0) return { points, tree: null };
  const tree = new Flatbush(points.length);
  for (const [x, y] of points) tree.add(x, y, x, y);
  tree.finish();
  return { points, tree };
}

/** The distance from every point of the line to its nearest refuge: maximum, peaks and far stretches. */
export function refugeGaps(line: readonly Vec[], refuges: RefugeIndex, thresholdM: number): LineRefugeGap {
  const peaks: GapPeak[] = [];
  const near: Interval[] = [];
  let offset = 0;
  for (let s = 0; s + 1 < line.length; s++) {
    const a = line[s];
    const b = line[s + 1];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len > 0 && refuges.tree) segmentGaps(a, b, len, offset, refuges, thresholdM, peaks, near);
    offset += len;
  }
  if (!refuges.tree) return { lengthM: offset, maxGapM: null, peaks: [], far: [] };
  if (peaks.length === 0 && line.length > 0) {
    const i = nearest(refuges, line[0]);
    peaks.push({ atM: 0, gapM: dist(line[0], refuges.points[i]), refuge: i });
  }
  const maxGapM = peaks.reduce((m, p) => Math.max(m, p.gapM), 0);
  return { lengthM: offset, maxGapM, peaks, far: complementIntervals(mergeIntervals(near), offset) };
}

function segmentGaps(a: Vec, b: Vec, len: number, offset: number, refuges: RefugeIndex, t2: number, peaks: GapPeak[], near: Interval[]): void {
  const ux = (b[0] - a[0]) / len;
  const uy = (b[1] - a[1]) / len;
  const reach = (dist(a, refuges.points[nearest(refuges, a)]) + dist(b, refuges.points[nearest(refuges, b)]) + len) / 2;
  const lines = candidates(a, b, reach, refuges).map((i) => {
    const dx = refuges.points[i][0] - a[0];
    const dy = refuges.points[i][1] - a[1];
    const proj = dx * ux + dy * uy;
    return { i, proj, c: dx * dx + dy * dy, slope: -2 * proj };
  });
  let t = 0;
  let cur = lines.reduce((best, l) => (l.c < best.c || (l.c === best.c && l.slope < best.slope) ? l : best));
  for (;;) {
    let next: (typeof lines)[number] | null = null;
    let at = len;
    for (const l of lines) {
      if (l.slope >= cur.slope) continue;
      const x = (l.c - cur.c) / (cur.slope - l.slope);
      if (x < at || (x === at && next && l.slope < next.slope)) {
        at = x;
        next = l;
      }
    }
    const end = Math.max(t, Math.min(at, len));
    addPiece(a, ux, uy, t, end, cur, offset, refuges, t2, peaks, near);
    if (!next || at >= len) break;
    t = end;
    cur = next;
  }
}

function addPiece(
  a: Vec,
  ux: number,
  uy: number,
  t0: number,
  t1: number,
  l: { i: number; proj: number; c: number },
  offset: number,
  refuges: RefugeIndex,
  threshold: number,
  peaks: GapPeak[],
  near: Interval[],
): void {
  const q = refuges.points[l.i];
  const gapAt = (t: number) => Math.hypot(a[0] + t * ux - q[0], a[1] + t * uy - q[1]);
  peaks.push({ atM: offset + t0, gapM: gapAt(t0), refuge: l.i }, { atM: offset + t1, gapM: gapAt(t1), refuge: l.i });
  const h2 = Math.max(0, l.c - l.proj * l.proj);
  const w2 = threshold * threshold - h2;
  if (w2 < 0) return;
  const w = Math.sqrt(w2);
  const s = Math.max(t0, l.proj - w);
  const e = Math.min(t1, l.proj + w);
  if (e > s) near.push([offset + s, offset + e]);
}

function candidates(a: Vec, b: Vec, reach: number, refuges: RefugeIndex): number[] {
  const r = reach + 1e-6;
  const found = refuges.tree!.search(Math.min(a[0], b[0]) - r, Math.min(a[1], b[1]) - r, Math.max(a[0], b[0]) + r, Math.max(a[1], b[1]) + r);
  const within = found.filter((i) => segmentDistance(refuges.points[i], a, b) <= r);
  return within.length > 0 ? within : [nearest(refuges, a)];
}

function nearest(refuges: RefugeIndex, p: Vec): number {
  return refuges.tree!.neighbors(p[0], p[1], 1)[0];
}

function dist(p: Vec, q: Vec): number {
  return Math.hypot(p[0] - q[0], p[1] - q[1]);
}

function segmentDistance(p: Vec, a: Vec, b: Vec): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2)) : 0;
  return Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
}

/** The shortest distance from the line to a refuge, if one is within `withinM`. */
export function closestRefugeM(line: readonly Vec[], refuges: RefugeIndex, withinM: number): number | null {
  if (!refuges.tree) return null;
  let best = Infinity;
  for (let s = 0; s + 1 < line.length; s++) {
    const a = line[s];
    const b = line[s + 1];
    const r = Math.min(withinM, best);
    for (const i of refuges.tree.search(Math.min(a[0], b[0]) - r, Math.min(a[1], b[1]) - r, Math.max(a[0], b[0]) + r, Math.max(a[1], b[1]) + r)) {
      best = Math.min(best, segmentDistance(refuges.points[i], a, b));
    }
  }
  return best <= withinM ? best : null;
}

/** The greatest gap among the peaks inside [from, to] (the far stretch it belongs to). */
export function maxGapWithin(peaks: readonly GapPeak[], from: number, to: number): GapPeak | null {
  let best: GapPeak | null = null;
  for (const p of peaks) if (p.atM >= from - 1e-9 && p.atM <= to + 1e-9 && (!best || p.gapM > best.gapM)) best = p;
  return best;
}
