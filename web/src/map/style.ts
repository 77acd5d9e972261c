import type { LayerSpecification, StyleSpecification, VectorSourceSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { DataStyleLayer, MapLayerDefinition } from './map-layer';
import { background, MAP_LAYERS } from './layers/manifest';

/** Tiles are requested up to this zoom and overzoomed beyond: they carry enough detail for street level. */
export const TILE_MAXZOOM = 16;

export interface StyleInput {
  /** The app's own origin (`location.origin`): MapLibre's workers need absolute tile URLs. */
  readonly origin: string;
  /** Data layers the signed-in user may read (`GET /api/layers`); others get no source, so no tile request. */
  readonly available: Iterable<string>;
  readonly hidden?: ReadonlySet<string>;
}

export function tileUrl(origin: string, layerId: string): string {
  return `${origin}/api/tiles/${encodeURIComponent(layerId)}/{z}/{x}/{y}.mvt`;
}

export function findMapLayer(layerId: string): MapLayerDefinition | undefined {
  return MAP_LAYERS.find((layer) => layer.id === layerId);
}

export function styleLayerIds(layerId: string): string[] {
  return findMapLayer(layerId)?.layers.map((layer) => layer.id) ?? [];
}

export function vectorSource(origin: string, layer: MapLayerDefinition): VectorSourceSpecification {
  return { type: 'vector', tiles: [tileUrl(origin, layer.id)], minzoom: layer.minzoom, maxzoom: TILE_MAXZOOM };
}

function sourced(layer: MapLayerDefinition, styleLayer: DataStyleLayer, visible: boolean): LayerSpecification {
  return {
    ...styleLayer,
    source: layer.id,
    'source-layer': layer.id,
    layout: { ...styleLayer.layout, visibility: visible ? 'visible' : 'none' },
  } as LayerSpecification;
}

/** The whole map style: no glyphs, no sprite, no basemap service; every source is one of our tile endpoints. */
export function buildStyle(input: StyleInput): StyleSpecification {
  const available = new Set(input.available);
  const hidden = input.hidden ?? new Set<string>();
  const drawn = MAP_LAYERS.filter((layer) => available.has(layer.id));
  return {
    version: 8,
    name: 'Mimamori',
    sources: Object.fromEntries(drawn.map((layer) => [layer.id, vectorSource(input.origin, layer)])),
    layers: [background, ...drawn.flatMap((layer) => layer.layers.map((styleLayer) => sourced(layer, styleLayer, !hidden.has(layer.id))))],
  };
}
