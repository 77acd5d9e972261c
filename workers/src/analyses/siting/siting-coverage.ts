import Flatbush from 'flatbush';
import { bearingOf, cameraVisibility, isPointSeen, type BuildingIndex, type Camera } from '../../kernels';
import type { DemandPoints } from './siting-demand';

/**
 * The coverage matrix of the geographic siting mode: which demand points each candidate
 * placement (site × bearing) sees, with the same camera model as the `coverage` analysis
 * (range, field of view, occlusion by buildings ignoring the first metre).
 */
export function indexDemand(points: DemandPoints): Flatbush | null {
  if (points.count === 0) return null;
  const tree = new Flatbush(points.count);
  for (let i = 0; i < points.count; i++) tree.add(points.x[i], points.y[i], points.x[i], points.y[i]);
  tree.finish();
  return tree;
}

/** 1 for each demand point some camera already sees (`rangeOf` gives its effective range). */
export function seenByCameras(
  cameras: readonly Camera[],
  rangeOf: (camera: Camera) => number,
  points: DemandPoints,
  tree: Flatbush | null,
  buildings?: BuildingIndex,
): Uint8Array {
  const seen = new Uint8Array(points.count);
  if (!tree) return seen;
  for (const camera of cameras) {
    const r = rangeOf(camera);
    const near = tree.search(camera.x - r, camera.y - r, camera.x + r, camera.y + r);
    if (near.length === 0) continue;
    const vis = cameraVisibility(camera, r, buildings);
    for (const i of near) if (isPointSeen(vis, points.x[i], points.y[i])) seen[i] = 1;
  }
  return seen;
}

/**
 * Per bearing, the sorted demand indices a camera at (x, y) sees. Occlusion depends only on the
 * position, so one all-round visibility is computed and each bearing keeps its wedge of it.
 */
export function siteCoverage(
  x: number,
  y: number,
  bearings: readonly number[],
  hfovDeg: number,
  rangeM: number,
  points: DemandPoints,
  tree: Flatbush | null,
  buildings?: BuildingIndex,
): number[][] {
  const lists = bearings.map((): number[] => []);
  if (!tree) return lists;
  const near = tree.search(x - rangeM, y - rangeM, x + rangeM, y + rangeM);
  if (near.length === 0) return lists;
  near.sort((a, b) => a - b);
  const vis = cameraVisibility({ id: 'site', x, y, bearingDeg: 0, hfovDeg: 360, rangeM }, rangeM, buildings);
  const half = hfovDeg / 2 + 1e-9;
  for (const i of near) {
    const dx = points.x[i] - x;
    const dy = points.y[i] - y;
    if (!isPointSeen(vis, points.x[i], points.y[i])) continue;
    const direction = dx === 0 && dy === 0 ? null : bearingOf(dx, dy);
    bearings.forEach((b, k) => {
      if (hfovDeg >= 360 || direction === null || Math.abs(angleBetween(direction, b)) <= half) lists[k].push(i);
    });
  }
  return lists;
}

/** Signed difference a − b in (−180, 180]. */
export function angleBetween(a: number, b: number): number {
  const d = (((a - b) % 360) + 540) % 360 - 180;
  return d === -180 ? 180 : d;
}

/** Coverage lists appended one placement at a time into compressed sparse rows. */
export class CoverageRows {
  private readonly starts: number[] = [0];
  private readonly entries: number[] = [];

  get count(): number {
    return this.starts.length - 1;
  }

  get size(): number {
    return this.entries.length;
  }

  add(sortedList: readonly number[]): void {
    for (const i of sortedList) this.entries.push(i);
    this.starts.push(this.entries.length);
  }

  finish(): { coverStart: Int32Array; coverIndex: Int32Array } {
    return { coverStart: Int32Array.from(this.starts), coverIndex: Int32Array.from(this.entries) };
  }
}
