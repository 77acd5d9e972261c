/** Shapes the API answers with (ARCHITECTURE.md, "HTTP contract"), as the web app reads them. */

export type Position = [lon: number, lat: number, ...rest: number[]];

export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface GeoFeature {
  readonly type: 'Feature';
  readonly id?: string | number;
  readonly geometry: Geometry | null;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface FeatureCollection {
  readonly type: 'FeatureCollection';
  readonly features: readonly GeoFeature[];
  readonly numberMatched?: number;
}

export type PropertyType = 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'timestamp' | 'enum' | 'json';

/** One property of a layer's schema, as `GET /api/layers` lists it. */
export interface PropertySchema {
  readonly name: string;
  readonly type: PropertyType;
  readonly required: boolean;
  readonly min: number | null;
  readonly max: number | null;
  readonly exclusiveMin: boolean;
  readonly maxLength: number | null;
  readonly values: readonly string[] | null;
  readonly description: string;
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface RunView {
  readonly id: string;
  readonly type: string;
  readonly status: RunStatus;
  /** 0..1 */
  readonly progress: number;
  readonly summary: Readonly<Record<string, unknown>> | null;
  readonly error: string | null;
  readonly params: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** One message of `GET /api/analyses/{id}/events`. */
export interface RunEvent {
  readonly runId: string;
  readonly status: RunStatus;
  readonly progress: number;
  readonly message?: string;
}

export const TERMINAL_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
