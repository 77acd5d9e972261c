import type { Interval } from '../coverage/coverage.types';
import { mergeFlatIntervals } from '../coverage/intervals.kernel';
import type { SegmentIndex } from '../coverage/segment-index.kernel';
import type { TrackPiece } from './patrol.types';

type Range = [number, number];

function hull(a: Range | null, b: Range | null): Range | null {
  if (!a) return b;
  if (!b) return a;
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}

/** u in [0, len] with |A + u·d − P| ≤ r (d a unit vector). */
function discRange(ax: number, ay: number, dx: number, dy: number, len: number, px: number, py: number, r: number): Range | null {
  const wx = ax - px;
  const wy = ay - py;
  const b = dx * wx + dy * wy;
  const disc = b * b - (wx * wx + wy * wy - r * r);
  if (disc < 0) return null;
  const root = Math.sqrt(disc);
  const lo = Math.max(0, -b - root);
  const hi = Math.min(len, -b + root);
  return hi >= lo ? [lo, hi] : null;
}

/** Narrows [lo, hi] to the u with min ≤ a + u·k ≤ max. */
function slab(range: Range | null, a: number, k: number, min: number, max: number): Range | null {
  if (!range) return null;
  if (k === 0) return a >= min && a <= max ? range : null;
  const u0 = (min - a) / k;
  const u1 = (max - a) / k;
  const lo = Math.max(range[0], Math.min(u0, u1));
  const hi = Math.min(range[1], Math.max(u0, u1));
  return hi >= lo ? [lo, hi] : null;
}

/**
 * The stretch [u0, u1] of road segment A + u·d (u in [0, len], d a unit vector) that lies within
 * r of track segment P→Q: the segment cut by the capsule around P→Q, which is convex, so the
 * cut is a single interval (the hull of the cuts by its rectangle and its two end discs).
 */
export function capsuleRange(
  ax: number, ay: number, dx: number, dy: number, len: number,
  px: number, py: number, qx: number, qy: number, r: number,
): Range | null {
  let range = hull(discRange(ax, ay, dx, dy, len, px, py, r), discRange(ax, ay, dx, dy, len, qx, qy, r));
  const m = Math.hypot(qx - px, qy - py);
  if (m > 0) {
    const ex = (qx - px) / m;
    const ey = (qy - py) / m;
    const wx = ax - px;
    const wy = ay - py;
    let rect: Range | null = [0, len];
    rect = slab(rect, wx * ex + wy * ey, dx * ex + dy * ey, 0, m);
    rect = slab(rect, -wx * ey + wy * ex, -dx * ey + dy * ex, -r, r);
    range = hull(range, rect);
  }
  return range;
}

/**
 * Per line of the index, the merged stretches lying within `toleranceM` of a track segment whose
 * direction is within the heading tolerance of the road segment's (either way along it).
 */
export function coveredIntervals(segments: SegmentIndex, pieces: readonly TrackPiece[], toleranceM: number, headingToleranceDeg: number): Interval[][] {
  const cosTol = Math.cos((headingToleranceDeg * Math.PI) / 180);
  const pairs: number[][] = Array.from(segments.lineLengths, () => []);
  const { coords, tree } = segments;
  if (!tree) return pairs.map(() => []);
  for (const piece of pieces) {
    const c = piece.xyt;
    for (let o = 0; o + 5 < c.length; o += 3) {
      const px = c[o];
      const py = c[o + 1];
      const qx = c[o + 3];
      const qy = c[o + 4];
      const m = Math.hypot(qx - px, qy - py);
      if (m === 0) continue;
      const tx = (qx - px) / m;
      const ty = (qy - py) / m;
      tree.search(Math.min(px, qx) - toleranceM, Math.min(py, qy) - toleranceM, Math.max(px, qx) + toleranceM, Math.max(py, qy) + toleranceM, (s) => {
        const so = s * 4;
        const len = Math.hypot(coords[so + 2] - coords[so], coords[so + 3] - coords[so + 1]);
        const dx = (coords[so + 2] - coords[so]) / len;
        const dy = (coords[so + 3] - coords[so + 1]) / len;
        if (Math.abs(dx * tx + dy * ty) < cosTol) return false;
        const range = capsuleRange(coords[so], coords[so + 1], dx, dy, len, px, py, qx, qy, toleranceM);
        if (range) pairs[segments.line[s]].push(segments.offset[s] + range[0], segments.offset[s] + range[1]);
        return false;
      });
    }
  }
  return pairs.map((p, line) => mergeFlatIntervals(p, 0, segments.lineLengths[line]));
}
