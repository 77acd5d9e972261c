import { AppError } from '../common/app-error';

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

export const MAX_TILE_ZOOM = 22;

/** Width of the EPSG:3857 world in its own units. */
export const WORLD_3857 = 2 * 20037508.342789244;

/** Size of one screen pixel of a 256-pixel tile at zoom z, in EPSG:3857 units. */
export function pixelSize3857(z: number): number {
  return WORLD_3857 / (256 * 2 ** z);
}

function coordinate(name: string, raw: string, max: number, tile: string): number {
  const value = /^\d{1,8}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value > max) {
    throw AppError.badRequest('INVALID_TILE', `tile ${tile}: ${name} must be an integer from 0 to ${max}, got "${raw}"`);
  }
  return value;
}

/** Parses z/x/y from a URL; x and y must lie within the 2^z × 2^z grid of that zoom. */
export function parseTileAddress(z: string, x: string, y: string): TileAddress {
  const tile = `${z}/${x}/${y}`;
  const zoom = coordinate('z', z, MAX_TILE_ZOOM, tile);
  const last = 2 ** zoom - 1;
  return { z: zoom, x: coordinate('x', x, last, tile), y: coordinate('y', y, last, tile) };
}
