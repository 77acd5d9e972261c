import type { ErrorCode } from '../../../common/app-error';
import type { GeoJsonGeometry } from '../../geojson-types';
import { parseNumber, parseZone, zoneSrid } from './value-coercion';
import { parseWkt } from './wkt';

export type Located =
  | { geometry: GeoJsonGeometry; srid: number; measures: (number | null)[] | null }
  | { reason: string; code: ErrorCode; field: string };

/**
 * A row's geometry from its columns: WKT, latitude/longitude, or JGD2011 plane-rectangular X/Y
 * with a zone. Surveyors' X is the northing and Y the easting, so the point is (Y, X).
 * Without a zone, x/y are longitude/latitude as GIS tools write them.
 */
export function coordinatesFromColumns(
  columns: Record<string, unknown>,
  columnOf: ReadonlyMap<string, string>,
  options: { zone: number | null; srid: number | null },
): Located {
  const value = (target: string) => {
    const column = columnOf.get(target);
    const raw = column === undefined ? null : columns[column];
    return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '') ? null : raw;
  };
  const wkt = value('wkt');
  if (wkt !== null) {
    try {
      const parsed = parseWkt(String(wkt));
      return { geometry: parsed.geometry, srid: parsed.srid ?? options.srid ?? 4326, measures: parsed.measures };
    } catch (err) {
      return { reason: `${columnOf.get('wkt')} ${(err as Error).message}`, code: 'INVALID_GEOJSON', field: columnOf.get('wkt')! };
    }
  }
  const number = (target: string): number | { reason: string; code: ErrorCode; field: string } => {
    const raw = value(target)!;
    const n = typeof raw === 'number' ? raw : parseNumber(String(raw));
    if (n !== null && Number.isFinite(n)) return n;
    const column = columnOf.get(target)!;
    return { reason: `${column} (${target}) must be a number, got ${JSON.stringify(raw)}`, code: 'INVALID_PROPERTY', field: column };
  };
  if (value('lat') !== null && value('lon') !== null) {
    const [lat, lon] = [number('lat'), number('lon')];
    if (typeof lat !== 'number') return lat;
    if (typeof lon !== 'number') return lon;
    return { geometry: { type: 'Point', coordinates: [lon, lat] }, srid: options.srid ?? 4326, measures: null };
  }
  if (value('x') !== null && value('y') !== null) {
    const [x, y] = [number('x'), number('y')];
    if (typeof x !== 'number') return x;
    if (typeof y !== 'number') return y;
    const zoneValue = value('zone');
    const zone = options.zone ?? (zoneValue === null ? null : parseZone(zoneValue));
    if (zoneValue !== null && zone === null && options.zone === null) {
      const column = columnOf.get('zone')!;
      return { reason: `${column} (zone) must be a plane-rectangular zone 1–19, got ${JSON.stringify(zoneValue)}`, code: 'INVALID_PROPERTY', field: column };
    }
    if (zone !== null) return { geometry: { type: 'Point', coordinates: [y, x] }, srid: zoneSrid(zone), measures: null };
    if (Math.abs(x) > 180 || Math.abs(y) > 90) {
      return {
        reason: `x/y (${x}, ${y}) are not longitude/latitude; for JGD2011 plane-rectangular coordinates send zone=1…19 (X is the northing)`,
        code: 'OUT_OF_BOUNDS',
        field: columnOf.get('x')!,
      };
    }
    return { geometry: { type: 'Point', coordinates: [x, y] }, srid: options.srid ?? 4326, measures: null };
  }
  return {
    reason: 'the row has no coordinates: give lat/lon (緯度/経度), x/y with a zone (系), or a wkt column',
    code: 'MISSING_PROPERTY',
    field: 'geometry',
  };
}
