import type { ErrorCode } from '../common/app-error';
import type { GeoJsonGeometry } from './geojson-types';
import { isPlainObject } from './geojson-types';

export interface Rejection {
  code: ErrorCode;
  message: string;
  field: string;
}

export const JAPAN_BOUNDS = { minLon: 122, maxLon: 154, minLat: 20, maxLat: 46 } as const;

/** How deep each geometry type nests positions: 0 = one position, 1 = a list of positions… */
const POSITION_DEPTH: Record<string, number> = {
  Point: 0,
  MultiPoint: 1,
  LineString: 1,
  MultiLineString: 2,
  Polygon: 2,
  MultiPolygon: 3,
};

type Position = [number, number, ...number[]];

/**
 * Structural checks of a GeoJSON geometry (type, nesting, numbers, closed rings) and the
 * Japan bounds check. Topological validity (self-intersections) is PostGIS's job.
 */
export function checkGeometry(geometry: unknown, accepts: readonly string[]): Rejection | null {
  if (geometry === null || geometry === undefined) return geojson('the feature has no geometry', 'geometry');
  if (!isPlainObject(geometry) || typeof geometry.type !== 'string') return geojson('geometry must be an object with a "type"', 'geometry');
  const depth = POSITION_DEPTH[geometry.type];
  if (depth === undefined && geometry.type !== 'GeometryCollection') {
    return geojson(`"${geometry.type}" is not a GeoJSON geometry type`, 'geometry.type');
  }
  if (!accepts.includes(geometry.type)) {
    return {
      code: 'WRONG_GEOMETRY_TYPE',
      message: `this layer accepts ${accepts.join(' or ')} geometries, not ${geometry.type}`,
      field: 'geometry.type',
    };
  }
  if (depth === undefined) return geojson('GeometryCollection is not supported: send its parts as separate features', 'geometry.type');
  const structural = checkNesting(geometry.coordinates, depth, 'coordinates') ?? checkParts(geometry as unknown as GeoJsonGeometry);
  if (structural) return geojson(structural, 'geometry.coordinates');
  return checkBounds(geometry.coordinates, depth, 'coordinates');
}

/** The positions of a structurally valid LineString. */
export function positionsOf(geometry: GeoJsonGeometry): Position[] {
  return geometry.coordinates as Position[];
}

function geojson(message: string, field: string): Rejection {
  return { code: 'INVALID_GEOJSON', message, field };
}

function checkNesting(value: unknown, depth: number, path: string): string | null {
  if (!Array.isArray(value)) return `${path} must be an array`;
  if (depth === 0) return checkPosition(value, path);
  if (value.length === 0) return `${path} is empty`;
  for (let i = 0; i < value.length; i++) {
    const problem = checkNesting(value[i], depth - 1, `${path}[${i}]`);
    if (problem) return problem;
  }
  return null;
}

function checkPosition(value: unknown[], path: string): string | null {
  if (value.length < 2 || value.length > 4) return `${path} must be a position [lon, lat] (got ${value.length} numbers)`;
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'number' || !Number.isFinite(value[i])) {
      return `${path}[${i}] must be a finite number, got ${JSON.stringify(value[i]) ?? String(value[i])}`;
    }
  }
  return null;
}

function checkParts(geometry: GeoJsonGeometry): string | null {
  const c = geometry.coordinates as Position[] & Position[][] & Position[][][];
  switch (geometry.type) {
    case 'LineString':
      return checkLine(c, 'coordinates');
    case 'MultiLineString':
      return firstProblem(c.map((line: Position[], i: number) => checkLine(line, `coordinates[${i}]`)));
    case 'Polygon':
      return checkRings(c, 'coordinates');
    case 'MultiPolygon':
      return firstProblem(c.map((rings: Position[][], i: number) => checkRings(rings, `coordinates[${i}]`)));
    default:
      return null;
  }
}

function checkLine(line: Position[], path: string): string | null {
  return line.length < 2 ? `${path} needs at least 2 positions for a line` : null;
}

function checkRings(rings: Position[][], path: string): string | null {
  for (let i = 0; i < rings.length; i++) {
    const ring = rings[i];
    if (ring.length < 4) return `${path}[${i}] is a ring of ${ring.length} positions; a ring needs at least 4`;
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) return `${path}[${i}] is not closed: its last position must repeat the first`;
  }
  return null;
}

function firstProblem(problems: (string | null)[]): string | null {
  return problems.find((p) => p !== null) ?? null;
}

function checkBounds(value: unknown, depth: number, path: string): Rejection | null {
  if (depth === 0) return checkInJapan(value as Position, path);
  const items = value as unknown[];
  for (let i = 0; i < items.length; i++) {
    const problem = checkBounds(items[i], depth - 1, `${path}[${i}]`);
    if (problem) return problem;
  }
  return null;
}

const inLon = (v: number) => v >= JAPAN_BOUNDS.minLon && v <= JAPAN_BOUNDS.maxLon;
const inLat = (v: number) => v >= JAPAN_BOUNDS.minLat && v <= JAPAN_BOUNDS.maxLat;

function checkInJapan([lon, lat]: Position, path: string): Rejection | null {
  if (inLon(lon) && inLat(lat)) return null;
  const where = `${path} [${lon}, ${lat}] is outside Japan (lon 122–154, lat 20–46)`;
  const hint = inLat(lon) && inLon(lat) ? '; lat/lon look swapped: GeoJSON order is [lon, lat]' : '';
  return { code: 'OUT_OF_BOUNDS', message: where + hint, field: 'geometry.coordinates' };
}
