import type { FeatureIdentifier, GeoJSONSource, Map as MaplibreMap, MapGeoJSONFeature, MapMouseEvent } from 'maplibre-gl';
import { ANALYSIS_LAYERS, MAP_LAYERS } from './layers/manifest';
import { ANALYSIS_SOURCE, OVERLAY_IDS, OVERLAY_SOURCES } from './map-layer';
import { overlayOwner } from './style';

export interface SelectedFeature {
  /** Data layer id (`cameras`, `facilities`…), or `analysis` for a result of the selected run. */
  readonly layerId: string;
  readonly id: string | number | undefined;
  readonly properties: Readonly<Record<string, unknown>>;
  /** Where it was clicked, lon/lat. */
  readonly lngLat?: readonly [number, number];
  /** As drawn (from tiles: rounded to the tile grid, a few centimetres at street level). */
  readonly geometry?: MapGeoJSONFeature['geometry'];
}

const INTERACTIVE_STYLE_LAYERS = [
  ...MAP_LAYERS.flatMap((layer) => layer.interactive ?? []),
  ...MAP_LAYERS.flatMap((layer) => layer.layers.filter((l) => l.id.endsWith('-clusters')).map((l) => l.id)),
  ...ANALYSIS_LAYERS.flatMap((group) => group.layers.map((layer) => layer.id)),
];
/** Half the side of the square searched around the pointer, so small circles are easy to hit. */
const HIT_TOLERANCE_PX = 4;

/** The data layer (or `analysis`) a rendered feature belongs to. */
function ownerOf(feature: MapGeoJSONFeature): string {
  return overlayOwner(feature.source) ?? feature.source;
}

/**
 * Hover and click selection through `feature-state` (`hover`, `selected`), on every source that
 * draws the same feature (a camera's tile point, its clustered point and its wedge); a click
 * on a cluster zooms in until it splits.
 */
export class FeatureInteraction {
  private hovered: SelectedFeature | null = null;
  private selected: SelectedFeature | null = null;
  private enabled = true;
  private readonly listeners = new Set<(feature: SelectedFeature | null) => void>();

  constructor(private readonly map: MaplibreMap) {
    map.on('mousemove', (event) => this.onMove(event));
    map.on('mouseout', () => this.setHovered(null));
    map.on('click', (event) => this.onClick(event));
  }

  onSelect(listener: (feature: SelectedFeature | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get selection(): SelectedFeature | null {
    return this.selected;
  }

  /** Off while a drawing tool owns the clicks. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) this.setHovered(null);
  }

  clearSelection(): void {
    this.mark(this.selected, 'selected', false);
    this.selected = null;
    for (const listener of this.listeners) listener(null);
  }

  /** Selects a feature by id, e.g. one just created (its properties as the API returned them). */
  select(feature: SelectedFeature): void {
    this.mark(this.selected, 'selected', false);
    this.selected = feature;
    this.mark(feature, 'selected', true);
    for (const listener of this.listeners) listener(feature);
  }

  /** Drops the selection when its layer is hidden or no longer drawn. */
  clearSelectionOn(layerId: string): void {
    if (this.selected?.layerId === layerId) this.clearSelection();
    if (this.hovered?.layerId === layerId) this.hovered = null;
  }

  /** Marks the selection again after sources were replaced (feature-state lives with the source). */
  refreshState(): void {
    this.mark(this.selected, 'selected', true);
  }

  private featureAt(event: MapMouseEvent): MapGeoJSONFeature | undefined {
    const layers = INTERACTIVE_STYLE_LAYERS.filter((id) => this.map.getLayer(id) && this.map.getLayoutProperty(id, 'visibility') !== 'none');
    if (layers.length === 0) return undefined;
    const { x, y } = event.point;
    const box: [[number, number], [number, number]] = [
      [x - HIT_TOLERANCE_PX, y - HIT_TOLERANCE_PX],
      [x + HIT_TOLERANCE_PX, y + HIT_TOLERANCE_PX],
    ];
    return this.map.queryRenderedFeatures(box, { layers })[0];
  }

  private onMove(event: MapMouseEvent): void {
    if (!this.enabled) return;
    const feature = this.featureAt(event);
    this.map.getCanvas().style.cursor = feature ? 'pointer' : '';
    this.setHovered(feature && !feature.properties.cluster ? toSelection(feature, event) : null);
  }

  private onClick(event: MapMouseEvent): void {
    if (!this.enabled) return;
    const feature = this.featureAt(event);
    if (!feature) {
      if (this.selected) this.clearSelection();
      return;
    }
    if (feature.properties.cluster) {
      void this.expandCluster(feature);
      return;
    }
    this.select(toSelection(feature, event));
  }

  private async expandCluster(feature: MapGeoJSONFeature): Promise<void> {
    const source = this.map.getSource<GeoJSONSource>(feature.source);
    const clusterId = Number(feature.properties.cluster_id);
    if (!source || !Number.isFinite(clusterId) || feature.geometry.type !== 'Point') return;
    const zoom = await source.getClusterExpansionZoom(clusterId);
    this.map.easeTo({ center: feature.geometry.coordinates as [number, number], zoom: zoom + 0.5 });
  }

  private setHovered(next: SelectedFeature | null): void {
    if (next?.layerId === this.hovered?.layerId && next?.id === this.hovered?.id) return;
    this.mark(this.hovered, 'hover', false);
    this.hovered = next;
    this.mark(next, 'hover', true);
  }

  private mark(target: SelectedFeature | null, key: 'hover' | 'selected', value: boolean): void {
    if (!target || target.id === undefined) return;
    for (const id of identifiers(target.layerId, target.id)) {
      if (this.map.getSource(id.source)) this.map.setFeatureState(id, { [key]: value });
    }
  }
}

function toSelection(feature: MapGeoJSONFeature, event: MapMouseEvent): SelectedFeature {
  return {
    layerId: ownerOf(feature),
    id: feature.id,
    properties: { ...feature.properties },
    lngLat: [event.lngLat.lng, event.lngLat.lat],
    geometry: feature.geometry,
  };
}

/** Every source feature that draws feature `id` of a data layer. */
function identifiers(layerId: string, id: string | number): FeatureIdentifier[] {
  if (layerId === ANALYSIS_SOURCE) return [{ source: ANALYSIS_SOURCE, sourceLayer: ANALYSIS_SOURCE, id }];
  const overlays = OVERLAY_IDS.filter((overlay) => OVERLAY_SOURCES[overlay].layer === layerId).map((source) => ({ source, id }));
  return [{ source: layerId, sourceLayer: layerId, id }, ...overlays];
}
