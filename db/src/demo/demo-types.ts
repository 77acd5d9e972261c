import type { Geometry, Polygon, Position } from 'geojson';

/** Marker in `extra.demo` of every row the loader writes. */
export const DEMO_DATASET = 'shinjuku';
export const DEMO_SEED = 20261101;
/** "Now" of the sample data: patrol tracks cover the 30 days before it. */
export const DEMO_REFERENCE_DATE = new Date('2026-11-01T00:00:00+09:00');

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * One row for a layer table. `properties` are keyed by registry property name; for LineStringM
 * layers the geometry is a LineString whose positions are [lon, lat, m].
 */
export interface DemoRow {
  externalId: string;
  sample: boolean;
  properties: Record<string, JsonValue | undefined>;
  extra: Record<string, JsonValue>;
  geometry: Geometry;
}

/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number];

export interface RoadLine {
  osmId: number;
  cls: string;
  name: string | null;
  coordinates: Position[];
}

export interface Block {
  externalId: string;
  code: string;
  name: string;
  population: number | null;
  households: number | null;
  centroid: Position;
  geometry: Polygon;
}

export interface Koban {
  externalId: string;
  /** Full OSM name, e.g. 新宿警察署百人町交番. */
  name: string;
  /** e.g. 百人町交番 */
  post: string;
  /** e.g. 新宿警察署 */
  station: string;
  position: Position;
}

export interface School {
  externalId: string;
  /** Full OSM name, e.g. 新宿区立 戸山小学校. */
  name: string;
  /** e.g. 戸山小学校 */
  shortName: string;
  position: Position;
}

/** Japan bounds: every generated or imported position must lie inside. */
export const JAPAN_BBOX: BBox = [122, 20, 154, 46];

export function inBBox(p: Position, [w, s, e, n]: BBox): boolean {
  return p[0] >= w && p[0] <= e && p[1] >= s && p[1] <= n;
}
