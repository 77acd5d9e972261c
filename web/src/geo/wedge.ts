import { localPlane, offsetPoint, type LonLat } from './local-plane';

export interface CameraView {
  readonly bearingDeg: number;
  readonly hfovDeg: number;
  readonly rangeM: number;
}

/** Arc vertices are at most this many degrees apart: the drawn area is sin 2°/2° = 99.98 % of the sector's. */
const MAX_ARC_STEP_DEG = 2;

/**
 * A camera's field of view as a closed ring in plane metres around (0, 0): the circular sector
 * of radius `rangeM` between bearing ± hfov/2 (a full disc for 360°).
 */
export function wedgeRing(view: CameraView): [number, number][] {
  const fov = Math.min(Math.max(view.hfovDeg, 0), 360);
  const steps = Math.max(2, Math.ceil(fov / MAX_ARC_STEP_DEG));
  const start = view.bearingDeg - fov / 2;
  const arc: [number, number][] = [];
  for (let i = 0; i <= steps; i++) arc.push(offsetPoint([0, 0], start + (fov * i) / steps, view.rangeM));
  if (fov >= 360) return [...arc.slice(0, -1), arc[0]];
  return [[0, 0], ...arc, [0, 0]];
}

/** The same ring in lon/lat around a camera at `at`. */
export function wedgePolygon(at: LonLat, view: CameraView): [number, number][] {
  const plane = localPlane(at);
  return wedgeRing(view).map((xy) => plane.toLonLat(xy));
}
