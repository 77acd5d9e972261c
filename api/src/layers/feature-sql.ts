import { featureJson, quoteIdent, type LayerDefinition, type PropertyType, type Sensitivity } from '@mimamori/db';
import type { ValidFeature } from './feature-validator';
import type { Feature } from './geojson-types';

/**
 * SQL fragments the layer repositories share. Identifiers come from the registry; every value
 * is a bound parameter.
 */
export interface StoredRow {
  id: string;
  version: number;
  organisationId: string;
  /** As the reader may see it. */
  feature: Feature;
  /** With every property, for the audit log and for merging patches. */
  full: Feature;
}

/** A layer read through a share: only rows of these organisations. */
interface SharedLayer extends LayerDefinition {
  readonly rowOrganisations: readonly string[];
}

export function sharedLayer(layer: LayerDefinition, organisations: readonly string[]): LayerDefinition {
  const shared: SharedLayer = { ...layer, rowOrganisations: [...organisations] };
  return Object.freeze(shared);
}

/** The organisations whose rows are readable, or null when every row is. */
export function rowOrganisations(layer: LayerDefinition): readonly string[] | null {
  return (layer as Partial<SharedLayer>).rowOrganisations ?? null;
}

/**
 * `AND <alias>.organisation_id = ANY(...)` for a shared layer, '' otherwise. `bind` returns the
 * placeholder of a bound value.
 */
export function rowScope(layer: LayerDefinition, alias: string, bind: (value: unknown) => string): string {
  const organisations = rowOrganisations(layer);
  return organisations === null ? '' : ` AND ${alias}.organisation_id = ANY(${bind(organisations)}::uuid[])`;
}

/** The SQL type a property is bound and staged as. */
export const CAST: Record<PropertyType, string> = {
  text: 'text',
  enum: 'text',
  number: 'float8',
  integer: 'int4',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamptz',
  json: 'jsonb',
};

/** Bound parameters of one statement: `add` returns the placeholder. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

export function rowColumns(layer: LayerDefinition, alias: string, clearance: Sensitivity): string {
  return `${alias}.id, ${alias}.version, ${alias}.organisation_id AS "organisationId",
          ${featureJson(layer, alias, clearance)} AS feature, ${featureJson(layer, alias, 'police')} AS "full"`;
}

export function insertColumns(layer: LayerDefinition): string {
  return ['organisation_id', 'extra', ...layer.properties.map((p) => quoteIdent(p.name)), 'geom'].join(', ');
}

export function valuesTuple(layer: LayerDefinition, params: Params, feature: ValidFeature, organisationId: string): string {
  return `(${valueCells(layer, params, feature, organisationId).join(', ')})`;
}

function valueCells(layer: LayerDefinition, params: Params, feature: ValidFeature, organisationId: string): string[] {
  return [
    params.add(organisationId, 'uuid'),
    params.add(JSON.stringify(feature.extra), 'jsonb'),
    ...layer.properties.map((p) => params.add(bindValue(p.type, feature.values[p.name]), CAST[p.type])),
    storedGeometry(layer, params, feature),
  ];
}

export function assignments(layer: LayerDefinition, params: Params, feature: ValidFeature): string {
  return [
    `extra = ${params.add(JSON.stringify(feature.extra), 'jsonb')}`,
    ...layer.properties.map((p) => `${quoteIdent(p.name)} = ${params.add(bindValue(p.type, feature.values[p.name]), CAST[p.type])}`),
    `geom = ${storedGeometry(layer, params, feature)}`,
  ].join(', ');
}

function bindValue(type: PropertyType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return type === 'json' ? JSON.stringify(value) : value;
}

/** The GeoJSON input as the table stores it: 2D, Multi for Multi layers, per-vertex M for tracks. */
function storedGeometry(layer: LayerDefinition, params: Params, feature: ValidFeature): string {
  const flat = `ST_Force2D(ST_GeomFromGeoJSON(${params.add(JSON.stringify(feature.geometry), 'text')}))`;
  switch (layer.geometry) {
    case 'MultiPolygon':
    case 'MultiLineString':
      return `ST_Multi(${flat})`;
    case 'LineStringM': {
      const measures = params.add(feature.measures, 'float8[]');
      return `(SELECT ST_SetSRID(ST_MakeLine(ST_MakePointM(ST_X(dp.geom), ST_Y(dp.geom), m.m) ORDER BY dp.path[1]), 4326)
                 FROM ST_DumpPoints(${flat}) dp JOIN unnest(${measures}) WITH ORDINALITY AS m(m, i) ON m.i = dp.path[1])`;
    }
    case 'Point':
    case 'LineString':
      return flat;
  }
}

export function toStoredRow(
  layer: LayerDefinition,
  row: { id: string; version: number; organisationId: string; feature: Feature; full: Feature },
): StoredRow {
  return {
    id: String(row.id),
    version: Number(row.version),
    organisationId: row.organisationId,
    feature: normaliseFeature(layer, row.feature),
    full: normaliseFeature(layer, row.full),
  };
}

/** jsonb renders an unknown time (M = NaN) as the string "NaN"; clients get null. */
export function normaliseFeature(layer: LayerDefinition, feature: Feature): Feature {
  const times = feature.properties?.times;
  if (layer.geometry === 'LineStringM' && Array.isArray(times)) {
    feature.properties.times = times.map((t) => (typeof t === 'number' ? t : null));
  }
  return feature;
}
