import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/app-error';

export type Bbox = [west: number, south: number, east: number, north: number];

export interface ListQuery {
  bbox: Bbox | null;
  limit: number;
  offset: number;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10000;

export const EXPORT_FORMATS = ['geojson', 'csv', 'gpkg', 'kml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const IMPORT_MODES = ['strict', 'skip-invalid'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export function parseListQuery(query: { bbox?: string; limit?: string; offset?: string }): ListQuery {
  return {
    bbox: query.bbox === undefined ? null : parseBbox(query.bbox),
    limit: parseInteger('limit', query.limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
    offset: parseInteger('offset', query.offset, 0, 0, Number.MAX_SAFE_INTEGER),
  };
}

export function parseBbox(raw: string): Bbox {
  const parts = raw.split(',').map((p) => p.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 4 || parts.some((p) => p === '') || numbers.some((n) => !Number.isFinite(n))) {
    throw invalidQuery('bbox', `bbox must be four numbers west,south,east,north (lon/lat), got "${raw}"`);
  }
  const [w, s, e, n] = numbers;
  if (w < -180 || e > 180 || s < -90 || n > 90) throw invalidQuery('bbox', `bbox ${raw} is outside lon -180..180 / lat -90..90`);
  if (w > e || s > n) throw invalidQuery('bbox', `bbox ${raw} must be west,south,east,north with west ≤ east and south ≤ north`);
  return [w, s, e, n];
}

function parseInteger(field: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw invalidQuery(field, `${field} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

/** Feature ids are positive bigints; anything else cannot name a feature. */
export function parseFeatureId(raw: string): string | null {
  return /^[1-9]\d{0,17}$/.test(raw) ? raw : null;
}

/** The version an `If-Match: "<version>"` header names (the ETag we sent). */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new AppError(
      HttpStatus.PRECONDITION_REQUIRED,
      'PRECONDITION_REQUIRED',
      'send If-Match: "<version>" with the ETag of the feature you read, so that nobody\'s change is overwritten',
      { field: 'If-Match' },
    );
  }
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw AppError.badRequest('BAD_REQUEST', `If-Match must be the feature's ETag, e.g. "3", got ${header}`, { field: 'If-Match' });
  return Number(m[1]);
}

export function etagOf(version: number): string {
  return `"${version}"`;
}

export function parseExportFormat(raw: string | undefined): ExportFormat {
  const format = (raw ?? 'geojson').toLowerCase();
  if ((EXPORT_FORMATS as readonly string[]).includes(format)) return format as ExportFormat;
  throw AppError.badRequest('UNSUPPORTED_FORMAT', `export format "${raw}" is not supported; supported: ${EXPORT_FORMATS.join(', ')}`, {
    field: 'format',
    supported: EXPORT_FORMATS,
  });
}

export function parseImportMode(raw: string | undefined): ImportMode {
  const mode = raw ?? 'strict';
  if ((IMPORT_MODES as readonly string[]).includes(mode)) return mode as ImportMode;
  throw invalidQuery('mode', `mode must be ${IMPORT_MODES.join(' or ')}, got "${raw}"`);
}

function invalidQuery(field: string, message: string): AppError {
  return AppError.badRequest('INVALID_QUERY', message, { field });
}
