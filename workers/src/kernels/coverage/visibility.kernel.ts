import { BLOCKED, FREE, lowerEnvelope, type EnvelopeItem, type OccluderLines } from './angular-envelope.kernel';
import { pointInBuilding, type BuildingIndex } from './building-index.kernel';
import type { Camera } from './coverage.types';
import { bearingOf, cameraWedge, normAngle, TAU } from './sector.kernel';

/** Sight lines ignore their first metre: cameras hang on walls. */
export const IGNORED_NEAR_M = 1;
const MAX_PIECE_RAD = Math.PI / 2;

/** `CameraVisibility.kind` codes. */
export const PieceKind = { Line: 0, Free: 1, Blocked: 2 } as const;

/**
 * What one camera sees: its wedge cut into angular pieces (each at most 90° wide, so a piece is
 * a convex cone), each piece bounded by the nearest occluder line n·P ≤ c (P relative to the
 * camera), by the range (Free) or by the ignored first metre (Blocked). The visible region is
 * star-shaped around the camera; `visibleDistance` answers "how far in direction θ".
 */
export interface CameraVisibility {
  readonly x: number;
  readonly y: number;
  readonly rangeM: number;
  readonly startRad: number;
  readonly widthRad: number;
  /** Piece boundaries in radians counter-clockwise from `startRad`; length pieces + 1. */
  readonly bounds: Float64Array;
  /** Unit direction vectors at the boundaries. */
  readonly ux: Float64Array;
  readonly uy: Float64Array;
  readonly kind: Uint8Array;
  readonly nx: Float64Array;
  readonly ny: Float64Array;
  readonly c: Float64Array;
}

/** The camera's visibility within `rangeM`, occluded by `buildings` when given. */
export function cameraVisibility(camera: Camera, rangeM: number, buildings?: BuildingIndex): CameraVisibility {
  const { startRad, widthRad } = cameraWedge(camera);
  const lines: OccluderLines = { nx: [], ny: [], c: [] };
  const items: EnvelopeItem[] = [];
  if (buildings && rangeM > IGNORED_NEAR_M) {
    const frame = { cx: camera.x, cy: camera.y, rangeM, startRad, widthRad };
    collectEdgeItems(frame, buildings, lines, items);
    collectBlockedArcs(frame, buildings, items);
  }
  const env = lowerEnvelope(items, widthRad, lines, startRad);
  return finalise(camera, rangeM, startRad, widthRad, env.bounds, env.occ, lines);
}

interface SweepFrame {
  cx: number;
  cy: number;
  rangeM: number;
  startRad: number;
  widthRad: number;
}

function addArc(f: SweepFrame, from: number, span: number, occ: number, items: EnvelopeItem[]): void {
  const to = from + span;
  if (from < f.widthRad) items.push({ from, to: Math.min(to, f.widthRad), occ });
  if (to > TAU) items.push({ from: 0, to: Math.min(to - TAU, f.widthRad), occ });
}

/**
 * Edges facing the camera, clipped to the annulus between the ignored first metre and the range.
 * Back faces never occlude first: a sight line whose first metre ends outside every building
 * enters one through an edge with the camera on its outer side; one whose first metre ends
 * inside a building is a Blocked arc.
 */
function collectEdgeItems(f: SweepFrame, index: BuildingIndex, lines: OccluderLines, items: EnvelopeItem[]): void {
  if (!index.tree) return;
  const { cx, cy, rangeM: r } = f;
  const e = index.edges;
  for (const b of index.tree.search(cx - r, cy - r, cx + r, cy + r)) {
    for (let o = index.edgeStart[b] * 4, end = index.edgeStart[b + 1] * 4; o < end; o += 4) {
      const ax = e[o] - cx;
      const ay = e[o + 1] - cy;
      const ex = e[o + 2] - e[o];
      const ey = e[o + 3] - e[o + 1];
      const len = Math.sqrt(ex * ex + ey * ey);
      const dx = ex / len;
      const dy = ey / len;
      const c = dx * ay - dy * ax;
      if (!(c > 0) || c >= r) continue;
      const h = ax * dx + ay * dy;
      const a2 = ax * ax + ay * ay;
      const qOuter = h * h - a2 + r * r;
      if (qOuter <= 0) continue;
      const u0 = Math.max(0, -h - Math.sqrt(qOuter));
      const u1 = Math.min(len, -h + Math.sqrt(qOuter));
      if (u1 <= u0) continue;
      const line = lines.c.push(c) - 1;
      lines.nx.push(-dy);
      lines.ny.push(dx);
      const qInner = h * h - a2 + IGNORED_NEAR_M * IGNORED_NEAR_M;
      const v0 = qInner > 0 ? -h - Math.sqrt(qInner) : Infinity;
      const v1 = qInner > 0 ? -h + Math.sqrt(qInner) : Infinity;
      addSpan(f, ax, ay, dx, dy, u0, Math.min(u1, v0), line, items);
      if (v1 !== Infinity) addSpan(f, ax, ay, dx, dy, Math.max(u0, v1), u1, line, items);
    }
  }
}

function addSpan(f: SweepFrame, ax: number, ay: number, dx: number, dy: number, p0: number, p1: number, line: number, items: EnvelopeItem[]): void {
  if (p1 - p0 <= 1e-9) return;
  const px = ax + p0 * dx;
  const py = ay + p0 * dy;
  const qx = ax + p1 * dx;
  const qy = ay + p1 * dy;
  // The camera is on the edge's right, so its direction turns clockwise along the edge.
  const span = Math.atan2(qx * py - qy * px, qx * px + qy * py);
  if (span > 0) addArc(f, normAngle(Math.atan2(qy, qx) - f.startRad), span, line, items);
}

/** Directions whose point at 1 m lies inside a building: the sight line is blocked right there. */
function collectBlockedArcs(f: SweepFrame, index: BuildingIndex, items: EnvelopeItem[]): void {
  if (!index.tree) return;
  const { cx, cy, widthRad } = f;
  const near = IGNORED_NEAR_M;
  const found = index.tree.search(cx - near, cy - near, cx + near, cy + near);
  if (found.length === 0) return;
  const candidates = found.map((i) => index.buildings[i]);
  const breaks = [0, widthRad];
  for (const b of candidates) {
    for (const ring of b.rings) {
      for (let i = 0; i < ring.length; i++) {
        const p = ring[i];
        const q = ring[(i + 1) % ring.length];
        for (const phi of circleCrossings(p[0] - cx, p[1] - cy, q[0] - cx, q[1] - cy, near)) {
          const rel = normAngle(phi - f.startRad);
          if (rel < widthRad) breaks.push(rel);
        }
      }
    }
  }
  breaks.sort((a, b) => a - b);
  for (let k = 0; k + 1 < breaks.length; k++) {
    const lo = breaks[k];
    const hi = breaks[k + 1];
    if (hi - lo <= 1e-12) continue;
    const mid = f.startRad + (lo + hi) / 2;
    const x = cx + near * Math.cos(mid);
    const y = cy + near * Math.sin(mid);
    if (candidates.some((b) => pointInBuilding(b, x, y))) items.push({ from: lo, to: hi, occ: BLOCKED });
  }
}

function circleCrossings(ax: number, ay: number, bx: number, by: number, r: number): number[] {
  const ex = bx - ax;
  const ey = by - ay;
  const a = ex * ex + ey * ey;
  if (a === 0) return [];
  const h = (ax * ex + ay * ey) / a;
  const q = h * h - (ax * ax + ay * ay - r * r) / a;
  if (q < 0) return [];
  const s = Math.sqrt(q);
  return [-h - s, -h + s].filter((t) => t >= 0 && t <= 1).map((t) => Math.atan2(ay + t * ey, ax + t * ex));
}

function finalise(camera: Camera, rangeM: number, startRad: number, widthRad: number, envBounds: number[], envOcc: number[], lines: OccluderLines): CameraVisibility {
  const bounds = [0];
  const occ: number[] = [];
  for (let k = 0; k < envOcc.length; k++) {
    const lo = envBounds[k];
    const hi = envBounds[k + 1];
    const parts = Math.ceil((hi - lo) / MAX_PIECE_RAD - 1e-9);
    for (let p = 1; p <= parts; p++) {
      bounds.push(p === parts ? hi : lo + ((hi - lo) * p) / parts);
      occ.push(envOcc[k]);
    }
  }
  const n = occ.length;
  const vis = {
    x: camera.x,
    y: camera.y,
    rangeM,
    startRad,
    widthRad,
    bounds: Float64Array.from(bounds),
    ux: new Float64Array(n + 1),
    uy: new Float64Array(n + 1),
    kind: new Uint8Array(n),
    nx: new Float64Array(n),
    ny: new Float64Array(n),
    c: new Float64Array(n),
  };
  for (let k = 0; k <= n; k++) {
    vis.ux[k] = Math.cos(startRad + bounds[k]);
    vis.uy[k] = Math.sin(startRad + bounds[k]);
  }
  for (let k = 0; k < n; k++) {
    const o = occ[k];
    vis.kind[k] = o === FREE ? PieceKind.Free : o === BLOCKED ? PieceKind.Blocked : PieceKind.Line;
    if (o >= 0) {
      vis.nx[k] = lines.nx[o];
      vis.ny[k] = lines.ny[o];
      vis.c[k] = lines.c[o];
    }
  }
  return vis;
}

/** Index of the piece containing angle φ (radians from the wedge start), or -1 outside the wedge. */
export function pieceAt(vis: CameraVisibility, phi: number): number {
  const b = vis.bounds;
  const n = b.length - 1;
  if (phi < 0 || phi > b[n] + 1e-12) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (b[mid] <= phi) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** How far the camera sees in the direction `bearingDeg` (clockwise from north); 0 outside its view. */
export function visibleDistance(vis: CameraVisibility, bearingDeg: number): number {
  const theta = Math.PI / 2 - (bearingDeg * Math.PI) / 180;
  const phi = normAngle(theta - vis.startRad);
  const k = pieceAt(vis, phi);
  if (k < 0) return 0;
  switch (vis.kind[k]) {
    case PieceKind.Free:
      return vis.rangeM;
    case PieceKind.Blocked:
      return Math.min(IGNORED_NEAR_M, vis.rangeM);
    default: {
      const dot = vis.nx[k] * Math.cos(theta) + vis.ny[k] * Math.sin(theta);
      return dot > 0 ? Math.min(vis.rangeM, vis.c[k] / dot) : vis.rangeM;
    }
  }
}

/** Whether the camera sees the point (x, y), boundary included. */
export function isPointSeen(vis: CameraVisibility, x: number, y: number): boolean {
  const dx = x - vis.x;
  const dy = y - vis.y;
  const d = Math.hypot(dx, dy);
  if (d === 0) return true;
  return d <= visibleDistance(vis, bearingOf(dx, dy)) + 1e-9;
}
