import { normAngle, TAU } from './sector.kernel';
import { IGNORED_NEAR_M, PieceKind, type CameraVisibility } from './visibility.kernel';

/** Points this close (metres) to a view boundary count as inside it. */
const EPS = 1e-10;
const ANGLE_SLACK = 1e-9;

/** Scratch state for one segment; the kernels are synchronous, so one instance is enough. */
const range = { lo: 0, hi: 0 };
const run = { start: 0, end: -1, offset: 0 };

/** Keeps the part of [lo, hi] where a + b·s ≥ 0 (within EPS). */
function clipLinear(a: number, b: number): void {
  if (b > 1e-15) range.lo = Math.max(range.lo, (-EPS - a) / b);
  else if (b < -1e-15) range.hi = Math.min(range.hi, (-EPS - a) / b);
  else if (a < -EPS) range.hi = -Infinity;
}

/** Keeps the part of [lo, hi] within `radius` of the origin; the point is q + s·d, |d| = 1. */
function clipDisc(qx: number, qy: number, dx: number, dy: number, radius: number): void {
  const h = qx * dx + qy * dy;
  const disc = h * h - (qx * qx + qy * qy - radius * radius);
  if (disc < 0) {
    range.hi = -Infinity;
    return;
  }
  const root = Math.sqrt(disc);
  range.lo = Math.max(range.lo, -h - root);
  range.hi = Math.min(range.hi, -h + root);
}

function emit(out: number[]): void {
  const { lo, hi } = range;
  if (!(hi > lo)) return;
  if (run.end >= run.start && lo <= run.end + EPS && hi >= run.start - EPS) {
    run.start = Math.min(run.start, lo);
    run.end = Math.max(run.end, hi);
    return;
  }
  flush(out);
  run.start = lo;
  run.end = hi;
}

function flush(out: number[]): void {
  if (run.end > run.start) out.push(run.offset + run.start, run.offset + run.end);
  run.start = 0;
  run.end = -1;
}

/**
 * Appends to `out` (flat start, end pairs, shifted by `offset`) the parts of the segment
 * (x0, y0)–(x1, y1) the camera sees. Exact: per angular piece the seen part is the segment
 * clipped by the piece's two boundary rays and its occluder line (or range circle).
 */
export function seenOnSegment(vis: CameraVisibility, x0: number, y0: number, x1: number, y1: number, offset: number, out: number[]): void {
  const len = Math.sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
  if (len === 0) return;
  const dx = (x1 - x0) / len;
  const dy = (y1 - y0) / len;
  const qx = x0 - vis.x;
  const qy = y0 - vis.y;
  range.lo = 0;
  range.hi = len;
  clipDisc(qx, qy, dx, dy, vis.rangeM);
  const lo = range.lo;
  const hi = range.hi;
  if (!(hi > lo)) return;
  run.offset = offset;
  const side = qx * dy - qy * dx;
  if (Math.abs(side) < EPS) {
    visitPieces(vis, 0, vis.bounds.length - 2, lo, hi, qx, qy, dx, dy, out);
  } else {
    // Seen from the camera, the segment turns counter-clockwise from its start when side > 0.
    const sFrom = side > 0 ? lo : hi;
    const sTo = side > 0 ? hi : lo;
    const fx = qx + sFrom * dx;
    const fy = qy + sFrom * dy;
    const tx = qx + sTo * dx;
    const ty = qy + sTo * dy;
    const from = normAngle(Math.atan2(fy, fx) - vis.startRad);
    const to = from + Math.atan2(fx * ty - fy * tx, fx * tx + fy * ty);
    visitAngles(vis, from, to, lo, hi, qx, qy, dx, dy, out);
    if (to > TAU) visitAngles(vis, 0, to - TAU, lo, hi, qx, qy, dx, dy, out);
  }
  flush(out);
}

function visitAngles(vis: CameraVisibility, from: number, to: number, lo: number, hi: number, qx: number, qy: number, dx: number, dy: number, out: number[]): void {
  const b = vis.bounds;
  const last = b.length - 2;
  if (from > vis.widthRad + ANGLE_SLACK) return;
  let first = 0;
  let top = last;
  while (first < top) {
    const mid = (first + top) >> 1;
    if (b[mid + 1] < from - ANGLE_SLACK) first = mid + 1;
    else top = mid;
  }
  let k = first;
  while (k <= last && b[k] <= to + ANGLE_SLACK) k++;
  visitPieces(vis, first, k - 1, lo, hi, qx, qy, dx, dy, out);
}

function visitPieces(vis: CameraVisibility, first: number, last: number, lo: number, hi: number, qx: number, qy: number, dx: number, dy: number, out: number[]): void {
  const { ux, uy } = vis;
  for (let k = first; k <= last; k++) {
    range.lo = lo;
    range.hi = hi;
    clipLinear(ux[k] * qy - uy[k] * qx, ux[k] * dy - uy[k] * dx);
    clipLinear(uy[k + 1] * qx - ux[k + 1] * qy, uy[k + 1] * dx - ux[k + 1] * dy);
    const kind = vis.kind[k];
    if (kind === PieceKind.Line) {
      const nx = vis.nx[k];
      const ny = vis.ny[k];
      clipLinear(vis.c[k] - nx * qx - ny * qy, -(nx * dx + ny * dy));
    } else if (kind === PieceKind.Blocked) {
      clipDisc(qx, qy, dx, dy, Math.min(IGNORED_NEAR_M, vis.rangeM));
    }
    emit(out);
  }
}

/** Appends to `out` the part of the segment within `radiusM` of (cx, cy), shifted by `offset`. */
export function litOnSegment(cx: number, cy: number, radiusM: number, x0: number, y0: number, x1: number, y1: number, offset: number, out: number[]): void {
  const len = Math.sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
  if (len === 0) return;
  range.lo = 0;
  range.hi = len;
  clipDisc(x0 - cx, y0 - cy, (x1 - x0) / len, (y1 - y0) / len, radiusM);
  if (range.hi > range.lo) out.push(offset + range.lo, offset + range.hi);
}
