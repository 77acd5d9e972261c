import type { GeoJSONSourceSpecification, LayerSpecification, StyleSpecification, VectorSourceSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { FeatureCollection } from '../api/client';
import { ANALYSIS_LAYERS, background, MAP_LAYERS, TOOL_LAYERS } from './layers/manifest';
import {
  ANALYSIS_SOURCE,
  CLUSTER_MAX_ZOOM,
  CLUSTER_RADIUS_PX,
  OVERLAY_IDS,
  OVERLAY_SOURCES,
  type DataStyleLayer,
  type MapLayerDefinition,
  type OverlayId,
  type StyleLayerBody,
} from './map-layer';
import { scaledPaint } from './opacity';

/** Tiles are requested up to this zoom and overzoomed beyond: they carry enough detail for street level. */
export const TILE_MAXZOOM = 16;
const ANALYSIS_MINZOOM = 8;

export const EMPTY_COLLECTION: FeatureCollection = { type: 'FeatureCollection', features: [] };

export interface StyleInput {
  /** The app's own origin (`location.origin`): MapLibre's workers need absolute tile URLs. */
  readonly origin: string;
  /** Data layers the signed-in user may read (`GET /api/layers`); others get no source, so no tile request. */
  readonly available: Iterable<string>;
  /** Data layer ids (and `analysis`) the user turned off. */
  readonly hidden?: ReadonlySet<string>;
  /** Opacity 0..1 per data layer id (and `analysis`); 1 when absent. */
  readonly opacity?: ReadonlyMap<string, number>;
  /** Current data of the browser-filled sources; empty when absent. */
  readonly overlays?: ReadonlyMap<OverlayId, FeatureCollection>;
  /** The analysis run whose results are drawn. */
  readonly runId?: string | null;
}

export function tileUrl(origin: string, layerId: string): string {
  return `${origin}/api/tiles/${encodeURIComponent(layerId)}/{z}/{x}/{y}.mvt`;
}

export function analysisTileUrl(origin: string, runId: string): string {
  return `${origin}/api/tiles/analyses/${encodeURIComponent(runId)}/{z}/{x}/{y}.mvt`;
}

export function findMapLayer(layerId: string): MapLayerDefinition | undefined {
  return MAP_LAYERS.find((layer) => layer.id === layerId);
}

/** Every style layer id of a data layer (tile and overlay layers), or of `analysis`. */
export function styleLayerIds(layerId: string): string[] {
  if (layerId === ANALYSIS_SOURCE) return ANALYSIS_LAYERS.flatMap((group) => group.layers.map((layer) => layer.id));
  return findMapLayer(layerId)?.layers.map((layer) => layer.id) ?? [];
}

export function findStyleLayer(styleLayerId: string): StyleLayerBody | undefined {
  const all = [...MAP_LAYERS.flatMap((l) => l.layers), ...ANALYSIS_LAYERS.flatMap((g) => g.layers), ...TOOL_LAYERS];
  return all.find((layer) => layer.id === styleLayerId);
}

/** The data layer (or `analysis`) a style layer belongs to. */
export function ownerOfStyleLayer(styleLayerId: string): string | undefined {
  if (ANALYSIS_LAYERS.some((group) => group.layers.some((layer) => layer.id === styleLayerId))) return ANALYSIS_SOURCE;
  return MAP_LAYERS.find((layer) => layer.layers.some((l) => l.id === styleLayerId))?.id;
}

/** The data layer an overlay source shows, if any. */
export function overlayOwner(sourceId: string): string | undefined {
  const spec = (OVERLAY_SOURCES as Record<string, { layer: string | null }>)[sourceId];
  return spec?.layer ?? undefined;
}

export function vectorSource(origin: string, layer: MapLayerDefinition): VectorSourceSpecification {
  return { type: 'vector', tiles: [tileUrl(origin, layer.id)], minzoom: layer.minzoom, maxzoom: TILE_MAXZOOM };
}

function overlaySource(id: OverlayId, data: FeatureCollection): GeoJSONSourceSpecification {
  const spec: GeoJSONSourceSpecification = { type: 'geojson', data: data as GeoJSONSourceSpecification['data'] };
  if (OVERLAY_SOURCES[id].cluster) Object.assign(spec, { cluster: true, clusterRadius: CLUSTER_RADIUS_PX, clusterMaxZoom: CLUSTER_MAX_ZOOM });
  return spec;
}

function styled(body: StyleLayerBody, source: { source: string; 'source-layer'?: string }, visible: boolean, opacity: number): LayerSpecification {
  const { overlay: _overlay, ...rest } = body as DataStyleLayer;
  const paint = scaledPaint(body, opacity);
  return {
    ...rest,
    ...source,
    ...(paint ? { paint } : {}),
    layout: { ...body.layout, visibility: visible ? 'visible' : 'none' },
  } as LayerSpecification;
}

function dataLayer(layer: MapLayerDefinition, styleLayer: DataStyleLayer, input: StyleInput): LayerSpecification {
  const source = styleLayer.overlay ? { source: styleLayer.overlay } : { source: layer.id, 'source-layer': layer.id };
  return styled(styleLayer, source, !input.hidden?.has(layer.id), input.opacity?.get(layer.id) ?? 1);
}

/** The whole map style: no glyphs, no sprite, no basemap service; every URL is one of our tile endpoints. */
export function buildStyle(input: StyleInput): StyleSpecification {
  const available = new Set(input.available);
  const drawn = MAP_LAYERS.filter((layer) => available.has(layer.id));
  const overlays = OVERLAY_IDS.filter((id) => {
    const owner: string | null = OVERLAY_SOURCES[id].layer;
    return owner === null || available.has(owner);
  });
  const sources: StyleSpecification['sources'] = Object.fromEntries(drawn.map((layer) => [layer.id, vectorSource(input.origin, layer)]));
  for (const id of overlays) sources[id] = overlaySource(id, input.overlays?.get(id) ?? EMPTY_COLLECTION);

  const layers: LayerSpecification[] = [background, ...drawn.flatMap((layer) => layer.layers.map((styleLayer) => dataLayer(layer, styleLayer, input)))];
  if (input.runId) {
    sources[ANALYSIS_SOURCE] = { type: 'vector', tiles: [analysisTileUrl(input.origin, input.runId)], minzoom: ANALYSIS_MINZOOM, maxzoom: TILE_MAXZOOM };
    const visible = !input.hidden?.has(ANALYSIS_SOURCE);
    const opacity = input.opacity?.get(ANALYSIS_SOURCE) ?? 1;
    const source = { source: ANALYSIS_SOURCE, 'source-layer': ANALYSIS_SOURCE };
    for (const group of ANALYSIS_LAYERS) layers.push(...group.layers.map((body) => styled(body, source, visible, opacity)));
  }
  layers.push(...TOOL_LAYERS.map((body) => styled(body, { source: body.overlay }, true, 1)));
  return { version: 8, name: 'Mimamori', sources, layers };
}
