import type { FeatureIdentifier, Map as MaplibreMap, MapGeoJSONFeature, MapMouseEvent } from 'maplibre-gl';
import { MAP_LAYERS } from './layers/manifest';

export interface SelectedFeature {
  /** Data layer id (`cameras`, `facilities`…). */
  readonly layerId: string;
  readonly id: string | number | undefined;
  readonly properties: Readonly<Record<string, unknown>>;
}

const INTERACTIVE_STYLE_LAYERS = MAP_LAYERS.flatMap((layer) => layer.interactive ?? []);
/** Half the side of the square searched around the pointer, so small circles are easy to hit. */
const HIT_TOLERANCE_PX = 4;

function identify(feature: MapGeoJSONFeature): FeatureIdentifier | null {
  if (feature.id === undefined || !feature.sourceLayer) return null;
  return { source: feature.source, sourceLayer: feature.sourceLayer, id: feature.id };
}

/** Hover and click selection on point layers through `feature-state` (`hover`, `selected`). */
export class FeatureInteraction {
  private hovered: FeatureIdentifier | null = null;
  private selected: FeatureIdentifier | null = null;
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

  clearSelection(): void {
    this.setState(this.selected, 'selected', false);
    this.selected = null;
    for (const listener of this.listeners) listener(null);
  }

  /** Drops the selection when its layer is hidden or no longer drawn. */
  clearSelectionOn(layerId: string): void {
    if (this.selected?.source === layerId) this.clearSelection();
    if (this.hovered?.source === layerId) this.hovered = null;
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
    const feature = this.featureAt(event);
    this.map.getCanvas().style.cursor = feature ? 'pointer' : '';
    this.setHovered(feature ? identify(feature) : null);
  }

  private onClick(event: MapMouseEvent): void {
    const feature = this.featureAt(event);
    if (!feature) {
      if (this.selected) this.clearSelection();
      return;
    }
    this.setState(this.selected, 'selected', false);
    this.selected = identify(feature);
    this.setState(this.selected, 'selected', true);
    const selection: SelectedFeature = { layerId: feature.source, id: feature.id, properties: { ...feature.properties } };
    for (const listener of this.listeners) listener(selection);
  }

  private setHovered(next: FeatureIdentifier | null): void {
    if (sameFeature(next, this.hovered)) return;
    this.setState(this.hovered, 'hover', false);
    this.hovered = next;
    this.setState(next, 'hover', true);
  }

  private setState(target: FeatureIdentifier | null, key: 'hover' | 'selected', value: boolean): void {
    if (!target || !this.map.getSource(target.source)) return;
    this.map.setFeatureState(target, { [key]: value });
  }
}

function sameFeature(a: FeatureIdentifier | null, b: FeatureIdentifier | null): boolean {
  return a?.source === b?.source && a?.sourceLayer === b?.sourceLayer && a?.id === b?.id;
}
