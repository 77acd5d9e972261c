import type { Vec } from './coverage.types';
import { TAU } from './sector.kernel';
import { IGNORED_NEAR_M, PieceKind, type CameraVisibility } from './visibility.kernel';

/**
 * The region a camera sees as a closed counter-clockwise ring (first point repeated last).
 * Occluder pieces are exact straight edges; range arcs are drawn as chords of at most
 * `maxArcStepDeg` (1° under-estimates a sector's area by about 0.005 %).
 */
export function visibilityPolygon(vis: CameraVisibility, maxArcStepDeg = 1): Vec[] {
  const ring: Vec[] = [];
  const add = (t: number, angle: number): void => {
    const x = vis.x + t * Math.cos(angle);
    const y = vis.y + t * Math.sin(angle);
    const last = ring[ring.length - 1];
    if (!last || Math.abs(last[0] - x) > 1e-9 || Math.abs(last[1] - y) > 1e-9) ring.push([x, y]);
  };
  const full = vis.widthRad >= TAU;
  if (!full) ring.push([vis.x, vis.y]);
  const step = (maxArcStepDeg * Math.PI) / 180;
  for (let k = 0; k + 1 < vis.bounds.length; k++) {
    const a0 = vis.startRad + vis.bounds[k];
    const a1 = vis.startRad + vis.bounds[k + 1];
    if (vis.kind[k] === PieceKind.Line) {
      add(lineReach(vis, k, a0), a0);
      add(lineReach(vis, k, a1), a1);
      continue;
    }
    const radius = vis.kind[k] === PieceKind.Free ? vis.rangeM : Math.min(IGNORED_NEAR_M, vis.rangeM);
    const parts = Math.max(1, Math.ceil((a1 - a0) / step));
    for (let p = 0; p <= parts; p++) add(radius, a0 + ((a1 - a0) * p) / parts);
  }
  const [fx, fy] = ring[0];
  const last = ring[ring.length - 1];
  if (ring.length > 1 && Math.abs(last[0] - fx) <= 1e-9 && Math.abs(last[1] - fy) <= 1e-9) ring.pop();
  ring.push([fx, fy]);
  return ring;
}

function lineReach(vis: CameraVisibility, k: number, angle: number): number {
  const dot = vis.nx[k] * Math.cos(angle) + vis.ny[k] * Math.sin(angle);
  return dot > 0 ? Math.min(vis.rangeM, vis.c[k] / dot) : vis.rangeM;
}

/** Area of a ring by the shoelace formula (positive when counter-clockwise). */
export function ringArea(ring: readonly Vec[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  }
  return sum / 2;
}
