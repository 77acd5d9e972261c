import type { TileAddress } from './tile-address';

export type LonLatBox = [west: number, south: number, east: number, north: number];

/** Rows touched since the last check beyond this count are merged into one box (bulk imports). */
export const MAX_TOUCHED_BOXES = 500;

/** Lon/lat bounds of a tile, widened by `margin` of its size (MVT buffer, simplification, labels). */
export function tileBounds(t: TileAddress, margin = 0.1): LonLatBox {
  const n = 2 ** t.z;
  const lon = (x: number) => (x / n) * 360 - 180;
  const lat = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
  const [west, east, north, south] = [lon(t.x - margin), lon(t.x + 1 + margin), lat(t.y - margin), lat(t.y + 1 + margin)];
  return [west, south, east, north];
}

export function intersects(a: LonLatBox, b: LonLatBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Many boxes become their union: invalidating a little more beats testing every tile against thousands. */
export function mergeBoxes(boxes: LonLatBox[]): LonLatBox[] {
  if (boxes.length <= MAX_TOUCHED_BOXES) return boxes;
  return [boxes.reduce((u, b) => [Math.min(u[0], b[0]), Math.min(u[1], b[1]), Math.max(u[2], b[2]), Math.max(u[3], b[3])])];
}

/** Cache key of a layer tile: `<scope>|z/x/y`, where the scope names the layer view. */
export function tileKey(scope: string, t: TileAddress): string {
  return `${scope}|${t.z}/${t.x}/${t.y}`;
}

export function addressOfKey(key: string): TileAddress {
  const [z, x, y] = key.slice(key.lastIndexOf('|') + 1).split('/').map(Number);
  return { z, x, y };
}
