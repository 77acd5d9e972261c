import type { Camera, Light } from './coverage.types';

export const TAU = 2 * Math.PI;
const ANGLE_EPS_DEG = 1e-9;

/** The angle in [0, 2π). */
export function normAngle(a: number): number {
  const r = a % TAU;
  return r < 0 ? r + TAU : r;
}

/** Degrees clockwise from north (+y) to the direction (dx, dy), in [0, 360). */
export function bearingOf(dx: number, dy: number): number {
  const b = (Math.atan2(dx, dy) * 180) / Math.PI;
  return b < 0 ? b + 360 : b;
}

/**
 * A camera's view as a counter-clockwise wedge in math angles (from +x, radians): it starts at
 * `startRad` and spans `widthRad` (2π for a 360° camera).
 */
export interface Wedge {
  startRad: number;
  widthRad: number;
}

export function cameraWedge(camera: Camera): Wedge {
  const widthRad = (Math.min(camera.hfovDeg, 360) * Math.PI) / 180;
  const centre = Math.PI / 2 - (camera.bearingDeg * Math.PI) / 180;
  return { startRad: normAngle(centre - widthRad / 2), widthRad };
}

/** Whether (x, y) is within `rangeM` of the camera and inside bearing ± hfov/2 (no occlusion). */
export function inSector(camera: Camera, rangeM: number, x: number, y: number): boolean {
  const dx = x - camera.x;
  const dy = y - camera.y;
  if (dx * dx + dy * dy > rangeM * rangeM) return false;
  if (camera.hfovDeg >= 360 || (dx === 0 && dy === 0)) return true;
  const off = ((bearingOf(dx, dy) - camera.bearingDeg) % 360 + 540) % 360 - 180;
  return Math.abs(off) <= camera.hfovDeg / 2 + ANGLE_EPS_DEG;
}

function finite(...values: number[]): boolean {
  return values.every((v) => Number.isFinite(v));
}

/** Rejects parameters the kernels cannot give a meaning to, naming the camera and the field. */
export function assertValidCamera(camera: Camera): void {
  const where = `camera ${camera.id}`;
  if (!finite(camera.x, camera.y)) throw new RangeError(`${where}: coordinates must be finite`);
  if (!finite(camera.bearingDeg)) throw new RangeError(`${where}: bearingDeg must be finite`);
  if (!(camera.hfovDeg > 0 && camera.hfovDeg <= 360)) {
    throw new RangeError(`${where}: hfovDeg must be in (0, 360], got ${camera.hfovDeg}`);
  }
  if (!(camera.rangeM > 0) || !finite(camera.rangeM)) {
    throw new RangeError(`${where}: rangeM must be a positive number, got ${camera.rangeM}`);
  }
}

export function assertValidLight(light: Light): void {
  const where = `light ${light.id}`;
  if (!finite(light.x, light.y)) throw new RangeError(`${where}: coordinates must be finite`);
  if (!(light.radiusM > 0) || !finite(light.radiusM)) {
    throw new RangeError(`${where}: radiusM must be a positive number, got ${light.radiusM}`);
  }
}
