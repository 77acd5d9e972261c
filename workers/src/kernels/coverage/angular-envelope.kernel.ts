import { normAngle } from './sector.kernel';

/** The camera sees to its range in this piece. */
export const FREE = -1;
/** The camera sees only its first metre in this piece (that point lies inside a building). */
export const BLOCKED = -2;

/** Occluder lines n·P = c with c > 0, P relative to the camera; an item's `occ` indexes them. */
export interface OccluderLines {
  nx: number[];
  ny: number[];
  c: number[];
}

/** An occluder over the angles [from, to] (radians counter-clockwise from the wedge start). */
export interface EnvelopeItem {
  from: number;
  to: number;
  occ: number;
}

/** Pieces `[bounds[k], bounds[k+1]]` covering [0, width], each with its nearest occluder. */
export interface Envelope {
  bounds: number[];
  occ: number[];
}

interface Frame {
  lines: OccluderLines;
  startRad: number;
}

/**
 * The nearest occluder in every direction of a wedge: the lower envelope of the items' distance
 * functions, built by divide and conquer (pairwise merges, O(n log n)). Merging needs no ordering
 * of segments along a sweep ray, so crossing or overlapping edges of touching buildings are fine.
 */
export function lowerEnvelope(items: readonly EnvelopeItem[], width: number, lines: OccluderLines, startRad: number): Envelope {
  const frame = { lines, startRad };
  let level: Envelope[] = items.map((it) => leaf(it, width));
  if (level.length === 0) return { bounds: [0, width], occ: [FREE] };
  while (level.length > 1) {
    const next: Envelope[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(merge(level[i], level[i + 1], frame));
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0];
}

function leaf(item: EnvelopeItem, width: number): Envelope {
  const bounds = [0];
  const occ: number[] = [];
  if (item.from > 0) {
    bounds.push(item.from);
    occ.push(FREE);
  }
  bounds.push(item.to < width ? item.to : width);
  occ.push(item.occ);
  if (item.to < width) {
    bounds.push(width);
    occ.push(FREE);
  }
  return { bounds, occ };
}

function push(out: Envelope, hi: number, occ: number): void {
  const last = out.occ.length - 1;
  if (last >= 0 && out.occ[last] === occ) out.bounds[last + 1] = hi;
  else {
    out.occ.push(occ);
    out.bounds.push(hi);
  }
}

function merge(a: Envelope, b: Envelope, frame: Frame): Envelope {
  const out: Envelope = { bounds: [0], occ: [] };
  let i = 0;
  let j = 0;
  let lo = 0;
  while (i < a.occ.length && j < b.occ.length) {
    const hi = Math.min(a.bounds[i + 1], b.bounds[j + 1]);
    if (hi > lo) combine(out, lo, hi, a.occ[i], b.occ[j], frame);
    lo = Math.max(lo, hi);
    if (a.bounds[i + 1] <= hi) i++;
    if (b.bounds[j + 1] <= hi) j++;
  }
  return out;
}

function combine(out: Envelope, lo: number, hi: number, p: number, q: number, frame: Frame): void {
  if (p === q || q === FREE || p === BLOCKED) return push(out, hi, p);
  if (p === FREE || q === BLOCKED) return push(out, hi, q);
  const cross = crossingAngle(p, q, frame);
  if (cross > lo && cross < hi) {
    push(out, cross, nearer(p, q, (lo + cross) / 2, frame));
    push(out, hi, nearer(p, q, (cross + hi) / 2, frame));
  } else {
    push(out, hi, nearer(p, q, (lo + hi) / 2, frame));
  }
}

/** Distance from the camera to occluder line `k` along direction φ. */
export function lineDistance(lines: OccluderLines, k: number, ux: number, uy: number): number {
  const dot = lines.nx[k] * ux + lines.ny[k] * uy;
  return dot > 0 ? lines.c[k] / dot : Infinity;
}

function nearer(p: number, q: number, phi: number, { lines, startRad }: Frame): number {
  const ux = Math.cos(startRad + phi);
  const uy = Math.sin(startRad + phi);
  return lineDistance(lines, p, ux, uy) <= lineDistance(lines, q, ux, uy) ? p : q;
}

/** The angle φ of the point where two occluder lines cross, or NaN when parallel. */
function crossingAngle(p: number, q: number, { lines, startRad }: Frame): number {
  const { nx, ny, c } = lines;
  const det = nx[p] * ny[q] - ny[p] * nx[q];
  if (Math.abs(det) < 1e-12) return NaN;
  const x = (c[p] * ny[q] - c[q] * ny[p]) / det;
  const y = (nx[p] * c[q] - nx[q] * c[p]) / det;
  return normAngle(Math.atan2(y, x) - startRad);
}
