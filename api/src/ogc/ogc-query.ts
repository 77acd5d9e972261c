import { AppError } from '../common/app-error';
import type { Bbox } from '../tiles/tiles.repository';

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 10_000;

export interface ItemsQuery {
  bbox?: Bbox;
  limit: number;
  offset: number;
}

function invalid(message: string): AppError {
  return AppError.badRequest('INVALID_QUERY', message);
}

function single(name: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw invalid(`${name} must be given once`);
  return raw;
}

function integer(name: string, raw: string | undefined, min: number, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min) throw invalid(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

/** bbox=west,south,east,north in CRS84 (a 6-number bbox with heights is accepted; heights are ignored). */
export function parseBbox(raw: string): Bbox {
  const parts = raw.split(',').map((p) => p.trim());
  const numbers = parts.map((p) => (p === '' ? NaN : Number(p)));
  if ((numbers.length !== 4 && numbers.length !== 6) || numbers.some((n) => !Number.isFinite(n))) {
    throw invalid(`bbox must be 4 numbers "west,south,east,north" (lon/lat, CRS84), got "${raw}"`);
  }
  const [west, south, east, north] = numbers.length === 4 ? numbers : [numbers[0], numbers[1], numbers[3], numbers[4]];
  if (west < -180 || east > 180 || west > 180 || east < -180) throw invalid(`bbox longitudes must lie in [-180, 180], got "${raw}"`);
  if (south < -90 || north > 90 || south > 90 || north < -90) throw invalid(`bbox latitudes must lie in [-90, 90], got "${raw}"`);
  if (south > north) throw invalid(`bbox south (${south}) is north of its north (${north})`);
  if (west > east) throw invalid(`bbox west (${west}) is east of its east (${east}); bboxes across the antimeridian are not supported`);
  return [west, south, east, north];
}

/** Query of /items: limit defaults to 10 and is clamped to 10,000 (OGC API Features 1, /req/core/fc-limit-response-1). */
export function parseItemsQuery(query: Record<string, unknown>): ItemsQuery {
  const bbox = single('bbox', query.bbox);
  const limit = integer('limit', single('limit', query.limit), 1, DEFAULT_LIMIT);
  return {
    ...(bbox !== undefined ? { bbox: parseBbox(bbox) } : {}),
    limit: Math.min(limit, MAX_LIMIT),
    offset: integer('offset', single('offset', query.offset), 0, 0),
  };
}

/** The `f` parameter: only JSON encodings are offered. */
export function checkFormat(raw: unknown, accepted: readonly string[]): void {
  const f = single('f', raw);
  if (f !== undefined && !accepted.includes(f)) throw invalid(`f must be ${accepted.join(' or ')}, got "${f}"`);
}
