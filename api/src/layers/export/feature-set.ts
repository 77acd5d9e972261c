import type { Readable } from 'node:stream';
import type { Feature } from '../geojson-types';

export type FieldType = 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'timestamp' | 'json';

export interface ExportField {
  name: string;
  type: FieldType;
}

/**
 * Features to write to a file, whatever they come from (a layer, an analysis run): the writers
 * of GeoPackage and KML take one of these.
 */
export interface FeatureSet {
  /** File and table name: a layer id, or e.g. "coverage-<run id>". */
  name: string;
  title: string;
  /** Declared geometry type of the table (GeoPackage needs one even when there are no features). */
  geometryType: 'Point' | 'LineString' | 'MultiLineString' | 'MultiPolygon' | 'Geometry';
  /** Properties with their types, in column order; properties not listed are written as text. */
  fields: ExportField[];
  /** Features in EPSG:4326; read once. */
  features: AsyncIterable<Feature>;
  /** Credits and licences of the data, written into the file. */
  attribution?: string;
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  stream: Readable;
}

/** Field types of the values found in features (for sets without a schema, e.g. analysis results). */
export function fieldsOfValues(features: readonly Feature[]): ExportField[] {
  const types = new Map<string, Set<string>>();
  for (const f of features) {
    for (const [key, value] of Object.entries(f.properties ?? {})) {
      if (value === null || value === undefined) continue;
      const set = types.get(key) ?? new Set<string>();
      set.add(Array.isArray(value) || typeof value === 'object' ? 'json' : typeof value);
      types.set(key, set);
    }
  }
  return [...types].map(([name, set]) => ({ name, type: set.size === 1 ? jsonTypeToField([...set][0]) : 'text' }));
}

/** A field type from a jsonb_typeof / typeof name. */
export function jsonTypeToField(type: string): FieldType {
  switch (type) {
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'object':
    case 'array':
    case 'json':
      return 'json';
    default:
      return 'text';
  }
}
