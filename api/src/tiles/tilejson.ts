import { LayerDefinition, PropertyType, Sensitivity, visibleProperties } from '@mimamori/db';
import { attributionOf } from './layer-attribution';
import type { Bbox } from './tiles.repository';

export interface VectorLayer {
  id: string;
  description: string;
  fields: Record<string, 'String' | 'Number' | 'Boolean'>;
  minzoom: number;
  maxzoom: number;
}

/** TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0). */
export interface TileJson {
  tilejson: '3.0.0';
  name: string;
  description: string;
  version: string;
  attribution: string;
  scheme: 'xyz';
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  bounds: Bbox;
  center: [number, number, number];
  vector_layers: VectorLayer[];
}

function fieldType(type: PropertyType): VectorLayer['fields'][string] {
  switch (type) {
    case 'number':
    case 'integer':
      return 'Number';
    case 'boolean':
      return 'Boolean';
    case 'text':
    case 'enum':
    case 'date':
    case 'timestamp':
    case 'json':
      return 'String';
  }
}

export function tileJsonOf(layer: LayerDefinition, clearance: Sensitivity, origin: string, bounds: Bbox, version: string): TileJson {
  const fields: VectorLayer['fields'] = {};
  for (const p of visibleProperties(layer, clearance)) fields[p.name] = fieldType(p.type);
  fields.sample = 'Boolean';
  const description = `${layer.title.ja} (${layer.title.en})`;
  return {
    tilejson: '3.0.0',
    name: layer.title.en,
    description,
    version: `1.0.${version}`,
    attribution: attributionOf(layer.id),
    scheme: 'xyz',
    tiles: [`${origin}/api/tiles/${layer.id}/{z}/{x}/{y}.mvt`],
    minzoom: layer.minZoom,
    maxzoom: layer.maxZoom,
    bounds,
    center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.max(layer.minZoom, 14)],
    vector_layers: [{ id: layer.id, description, fields, minzoom: layer.minZoom, maxzoom: layer.maxZoom }],
  };
}
