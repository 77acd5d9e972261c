import type { Camera, DoriLevel } from './coverage.types';

/** Pixels per metre of scene width needed for each detail level (EN 62676-4). */
export const DORI_PPM: Readonly<Record<DoriLevel, number>> = {
  detect: 25,
  observe: 62.5,
  recognise: 125,
  identify: 250,
};

export const DORI_LEVELS = Object.keys(DORI_PPM) as DoriLevel[];

/**
 * Metres of scene width a camera spreads its pixels over, per metre of distance.
 *
 * Below 180° this is the rectilinear-lens width 2·tan(hfov/2) of the contract's formula. A
 * rectilinear lens cannot reach 180° (tan diverges and the range would drop to zero), so wider
 * cameras are fisheye/panoramic: their pixels cover the arc hfov·d, and we use hfov in radians.
 */
export function sceneWidthFactor(hfovDeg: number): number {
  const half = (Math.min(hfovDeg, 360) * Math.PI) / 360;
  return hfovDeg < 180 ? 2 * Math.tan(half) : 2 * half;
}

/** The camera's range, shortened to the DORI distance of `level` when its resolution is known. */
export function effectiveRange(camera: Camera, level?: DoriLevel): number {
  const range = camera.rangeM;
  const px = camera.resolutionPx;
  if (!level || px == null || !(px > 0)) return range;
  const doriM = px / (DORI_PPM[level] * sceneWidthFactor(camera.hfovDeg));
  return Math.min(range, doriM);
}
