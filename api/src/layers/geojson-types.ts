/** The GeoJSON shapes the layers API reads and writes (RFC 7946, lon/lat in EPSG:4326). */
export interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

export interface Feature {
  type: 'Feature';
  id: number;
  geometry: GeoJsonGeometry;
  properties: Record<string, unknown>;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
  numberMatched?: number;
  numberReturned?: number;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
