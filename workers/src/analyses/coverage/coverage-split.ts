import type { Envelope, TargetBox } from './coverage.repository';

/** When a coverage run is split by tile, and how finely (settable for tests and benchmarks). */
export const COVERAGE_SPLIT = {
  /** Runs over fewer target lines stay one job. */
  minTargets: 2000,
  /** Smallest tile side in metres. */
  minCellM: 1500,
  /** Tiles grow beyond minCellM so that about this many parts cover the extent. */
  maxParts: 24,
};

export interface CoveragePart {
  /** Target ids whose bounding-box centre lies in the tile (each target in exactly one part). */
  ids: number[];
}

export function extentOf(boxes: readonly TargetBox[], marginM: number): Envelope | null {
  if (boxes.length === 0) return null;
  const e = { xmin: Infinity, ymin: Infinity, xmax: -Infinity, ymax: -Infinity };
  for (const b of boxes) {
    e.xmin = Math.min(e.xmin, b.xmin);
    e.ymin = Math.min(e.ymin, b.ymin);
    e.xmax = Math.max(e.xmax, b.xmax);
    e.ymax = Math.max(e.ymax, b.ymax);
  }
  return { xmin: e.xmin - marginM, ymin: e.ymin - marginM, xmax: e.xmax + marginM, ymax: e.ymax + marginM };
}

/**
 * Square tiles over the extent, ids ascending within each. Parts are queued biggest first (ties
 * in tile order, south-west first): workers take them in that order, so the last parts of a run
 * are small ones and the workers finish at about the same time.
 */
export function splitByTile(boxes: readonly TargetBox[], settings = COVERAGE_SPLIT): CoveragePart[] {
  const extent = extentOf(boxes, 0);
  if (!extent) return [];
  const area = Math.max(1, (extent.xmax - extent.xmin) * (extent.ymax - extent.ymin));
  const cell = Math.max(settings.minCellM, Math.sqrt(area / settings.maxParts));
  const tiles = new Map<string, { key: [number, number]; ids: number[] }>();
  for (const b of boxes) {
    const key: [number, number] = [Math.floor(((b.ymin + b.ymax) / 2 - extent.ymin) / cell), Math.floor(((b.xmin + b.xmax) / 2 - extent.xmin) / cell)];
    const id = key.join(',');
    const tile = tiles.get(id) ?? { key, ids: [] };
    tile.ids.push(b.id);
    tiles.set(id, tile);
  }
  return [...tiles.values()]
    .sort((a, b) => b.ids.length - a.ids.length || a.key[0] - b.key[0] || a.key[1] - b.key[1])
    .map((t) => ({ ids: t.ids.sort((a, b) => a - b) }));
}
