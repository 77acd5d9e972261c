import { LayerDefinition, PropertySpec, Sensitivity, visibleProperties } from '@mimamori/db';

export const JSON_SCHEMA_TYPE = 'application/schema+json';

type JsonSchema = Record<string, unknown>;

function propertySchema(p: PropertySpec): JsonSchema {
  const base: JsonSchema = { description: p.description };
  if (p.min !== undefined) base[p.exclusiveMin ? 'exclusiveMinimum' : 'minimum'] = p.min;
  if (p.max !== undefined) base.maximum = p.max;
  switch (p.type) {
    case 'text':
      return { ...base, type: 'string', ...(p.maxLength ? { maxLength: p.maxLength } : {}) };
    case 'enum':
      return { ...base, type: 'string', enum: p.values };
    case 'number':
      return { ...base, type: 'number' };
    case 'integer':
      return { ...base, type: 'integer' };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'date':
      return { ...base, type: 'string', format: 'date' };
    case 'timestamp':
      return { ...base, type: 'string', format: 'date-time' };
    case 'json':
      return { ...base, type: 'object' };
  }
}

/**
 * JSON Schema of one collection's GeoJSON features. GDAL (and so QGIS) reads field types from
 * it; without it they guess from the first page (bearing 90 becomes an integer field).
 */
export function featureSchema(layer: LayerDefinition, clearance: Sensitivity, id: string): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const p of visibleProperties(layer, clearance)) properties[p.name] = propertySchema(p);
  properties.sample = { type: 'boolean', description: 'Generated sample data (not a real asset)' };
  if (layer.geometry === 'LineStringM') properties.times = { type: 'array', items: { type: 'number' }, description: 'Epoch seconds per vertex' };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: id,
    title: `${layer.title.ja} (${layer.title.en})`,
    type: 'object',
    required: ['type', 'geometry', 'properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { type: 'integer' },
      geometry: { type: 'object', description: `GeoJSON ${layer.accepts.join(' or ')} in lon/lat (CRS84)` },
      properties: {
        type: 'object',
        required: visibleProperties(layer, clearance).filter((p) => p.required).map((p) => p.name),
        properties,
      },
    },
  };
}
