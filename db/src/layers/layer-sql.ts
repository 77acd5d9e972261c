import type { LayerDefinition, PropertySpec, Sensitivity } from './layer-registry';

/**
 * SQL fragments built from the registry. Every identifier comes from a LayerDefinition, never
 * from a request; values are always bound parameters.
 */
export function quoteIdent(ident: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(ident)) throw new Error(`refusing unsafe SQL identifier "${ident}"`);
  return `"${ident}"`;
}

export function tableOf(layer: LayerDefinition): string {
  return quoteIdent(layer.table);
}

const SENSITIVITY_RANK: Record<Sensitivity, number> = { public: 0, internal: 1, police: 2 };

/** Properties visible at a clearance (`police` sees everything). */
export function visibleProperties(layer: LayerDefinition, clearance: Sensitivity = 'police'): PropertySpec[] {
  return layer.properties.filter((p) => SENSITIVITY_RANK[p.sensitivity ?? 'public'] <= SENSITIVITY_RANK[clearance]);
}

export function canSee(required: Sensitivity, clearance: Sensitivity): boolean {
  return SENSITIVITY_RANK[required] <= SENSITIVITY_RANK[clearance];
}

/**
 * A jsonb expression of a row's GeoJSON properties: the extra (unmodelled) properties, then
 * the registry's typed properties, the `sample` flag and, for tracks, per-vertex `times`.
 */
export function propertiesJson(layer: LayerDefinition, alias = 't', clearance: Sensitivity = 'police'): string {
  const pairs = visibleProperties(layer, clearance).map((p) => `'${p.name}', ${alias}.${quoteIdent(p.name)}`);
  pairs.push(`'sample', ${alias}.sample`);
  if (layer.geometry === 'LineStringM') {
    pairs.push(`'times', (SELECT jsonb_agg(NULLIF(ST_M(dp.geom), 'NaN') ORDER BY dp.path) FROM ST_DumpPoints(${alias}.geom) dp)`);
  }
  return `(${alias}.extra || jsonb_strip_nulls(jsonb_build_object(${pairs.join(', ')})))`;
}

/** A jsonb GeoJSON Feature of a row (id, geometry with 7 decimals, properties). */
export function featureJson(layer: LayerDefinition, alias = 't', clearance: Sensitivity = 'police'): string {
  return `jsonb_build_object('type', 'Feature', 'id', ${alias}.id, 'geometry', ST_AsGeoJSON(${alias}.geom, 7)::jsonb, 'properties', ${propertiesJson(layer, alias, clearance)})`;
}

/** Columns written from properties, in registry order. */
export function propertyColumns(layer: LayerDefinition): string[] {
  return layer.properties.map((p) => quoteIdent(p.name));
}

/** Live (not soft-deleted) rows. */
export function liveRows(alias = 't'): string {
  return `${alias}.deleted_at IS NULL`;
}
