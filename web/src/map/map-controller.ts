import * as maplibregl from 'maplibre-gl';
import type { BBox, FeatureCollection } from '../api/client';
import { ATTRIBUTIONS } from './attribution';
import { FeatureInteraction, type SelectedFeature } from './feature-interaction';
import { MAP_LAYERS } from './layers/manifest';
import { ANALYSIS_SOURCE, type OverlayId } from './map-layer';
import { scaledPaint, OPACITY_PROPERTIES } from './opacity';
import { buildStyle, findMapLayer, findStyleLayer, overlayOwner, styleLayerIds, tileUrl } from './style';

export interface MapControllerOptions {
  readonly container: HTMLElement;
  /** The app's origin: tiles and the API live there, and only requests to it carry the token. */
  readonly origin: string;
  readonly token: () => string | null;
  /** MapLibre's own control labels (zoom buttons, attribution toggle). */
  readonly locale?: Record<string, string>;
  /** Layers hidden at start (from a deep link). */
  readonly hidden?: Iterable<string>;
}

const IDLE_QUIET_MS = 200;
/** 戸山・西早稲田 (the demo area) until the data's extent is known. */
const DEFAULT_CENTER: [number, number] = [139.7125, 35.7035];
const DEFAULT_ZOOM = 15;
/** Japan (lon 122–154, lat 20–46) with a margin, so the map cannot be lost over the ocean. */
const JAPAN_BOUNDS: [[number, number], [number, number]] = [
  [115, 17],
  [161, 49],
];

/** The map as the UI sees it: no UI code touches MapLibre's style directly. */
export class MapController {
  readonly map: maplibregl.Map;
  private available = new Set<string>();
  private readonly hidden: Set<string>;
  private readonly opacity = new Map<string, number>();
  private readonly overlays = new Map<OverlayId, FeatureCollection>();
  private runId: string | null = null;
  private readonly interaction: FeatureInteraction;
  private readonly styleLoaded: Promise<void>;
  private readonly viewListeners = new Set<() => void>();

  constructor(private readonly options: MapControllerOptions) {
    this.hidden = new Set(options.hidden ?? []);
    this.map = new maplibregl.Map({
      container: options.container,
      style: this.style(),
      center: DEFAULT_CENTER,
      zoom: DEFAULT_ZOOM,
      maxBounds: JAPAN_BOUNDS,
      hash: true,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      doubleClickZoom: true,
      locale: options.locale,
      transformRequest: (url) => this.authorize(url),
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.keyboard.disableRotation();
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
    this.map.addControl(new maplibregl.AttributionControl({ customAttribution: [...ATTRIBUTIONS] }), 'bottom-right');
    this.styleLoaded = new Promise((resolve) => this.map.once('style.load', () => resolve()));
    this.interaction = new FeatureInteraction(this.map);
  }

  /**
   * Draws exactly the data layers the user may read (`GET /api/layers`), keeping their visibility.
   * `reloadTiles` fetches the tiles of layers already drawn again, e.g. after sign-in, when the
   * same layer may show more; newly added layers load fresh anyway.
   */
  async setAvailableLayers(layerIds: Iterable<string>, options: { reloadTiles?: boolean } = {}): Promise<void> {
    const before = this.available;
    this.available = new Set(layerIds);
    await this.styleLoaded;
    for (const layer of MAP_LAYERS) if (!this.available.has(layer.id)) this.interaction.clearSelectionOn(layer.id);
    for (const id of [...this.overlays.keys()]) if (!this.overlayAllowed(id)) this.overlays.delete(id);
    this.applyStyle();
    if (options.reloadTiles) for (const id of before) if (this.available.has(id)) this.reloadTiles(id);
  }

  isAvailable(layerId: string): boolean {
    return this.available.has(layerId);
  }

  /** True when the app knows how to draw this data layer. */
  canDraw(layerId: string): boolean {
    return findMapLayer(layerId) !== undefined;
  }

  minZoom(layerId: string): number | undefined {
    return findMapLayer(layerId)?.minzoom;
  }

  isLayerVisible(layerId: string): boolean {
    return !this.hidden.has(layerId);
  }

  /** Readable data layers the user has on (for deep links). */
  visibleLayers(): string[] {
    return MAP_LAYERS.map((layer) => layer.id).filter((id) => this.available.has(id) && !this.hidden.has(id));
  }

  setLayerVisible(layerId: string, visible: boolean): void {
    if (visible) this.hidden.delete(layerId);
    else this.hidden.add(layerId);
    for (const id of styleLayerIds(layerId)) {
      if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
    }
    if (!visible) this.interaction.clearSelectionOn(layerId);
    this.notifyView();
  }

  layerOpacity(layerId: string): number {
    return this.opacity.get(layerId) ?? 1;
  }

  /** 0 (invisible) to 1 (as styled), applied to every style layer of the data layer (or `analysis`). */
  setLayerOpacity(layerId: string, value: number): void {
    const factor = Math.min(1, Math.max(0, value));
    this.opacity.set(layerId, factor);
    for (const id of styleLayerIds(layerId)) {
      const body = findStyleLayer(id);
      if (!body || !this.map.getLayer(id)) continue;
      const paint = scaledPaint(body, factor) ?? {};
      for (const property of OPACITY_PROPERTIES[body.type]) this.map.setPaintProperty(id, property as keyof maplibregl.AllPaintProperties, paint[property] ?? factor);
    }
  }

  /** Replaces what a browser-filled source shows (clusters, wedges, what-if, edit sketch). */
  setOverlayData(id: OverlayId, data: FeatureCollection): void {
    if (!this.overlayAllowed(id)) return;
    this.overlays.set(id, data);
    void this.map.getSource<maplibregl.GeoJSONSource>(id)?.setData(data as Parameters<maplibregl.GeoJSONSource['setData']>[0]);
  }

  /** Draws the results of an analysis run (its tiles), or none. */
  async showRun(runId: string | null): Promise<void> {
    if (runId === this.runId) return;
    if (this.interaction.selection?.layerId === ANALYSIS_SOURCE) this.interaction.clearSelection();
    this.runId = runId;
    await this.styleLoaded;
    this.applyStyle();
    this.notifyView();
  }

  get shownRun(): string | null {
    return this.runId;
  }

  /** Fetches a data layer's tiles again after a write (their ETags changed with the layer version). */
  reloadTiles(layerId: string): void {
    this.map.getSource<maplibregl.VectorTileSource>(layerId)?.setTiles([tileUrl(this.options.origin, layerId)]);
  }

  fitTo(bbox: BBox, options: { animate?: boolean } = {}): void {
    const [west, south, east, north] = bbox;
    this.map.fitBounds(
      [
        [west, south],
        [east, north],
      ],
      { padding: 40, maxZoom: 17, animate: options.animate ?? true },
    );
  }

  onSelect(listener: (feature: SelectedFeature | null) => void): () => void {
    return this.interaction.onSelect(listener);
  }

  select(feature: SelectedFeature): void {
    this.interaction.select(feature);
  }

  clearSelection(): void {
    this.interaction.clearSelection();
  }

  /** Hover and click selection off while a drawing tool owns the pointer. */
  setSelectionEnabled(enabled: boolean): void {
    this.interaction.setEnabled(enabled);
  }

  /** Called when the visible layers or the shown run change (the view itself is in the URL hash). */
  onViewChange(listener: () => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  /** Resolves after the next frame once the map has drawn everything it is waiting for. */
  whenIdle(): Promise<void> {
    const map = this.map;
    return new Promise((resolve) => {
      const settled = () => map.loaded() && map.areTilesLoaded() && !map.isMoving();
      const finish = () => {
        map.off('idle', finish);
        map.off('render', onRender);
        resolve();
      };
      // MapLibre skips 'idle' when a cancelled tile was the last thing it waited for, so a
      // render followed by a quiet, fully loaded map counts as idle too.
      const onRender = () => setTimeout(() => settled() && finish(), IDLE_QUIET_MS);
      map.on('idle', finish);
      map.on('render', onRender);
      map.triggerRepaint();
    });
  }

  private style() {
    return buildStyle({
      origin: this.options.origin,
      available: this.available,
      hidden: this.hidden,
      opacity: this.opacity,
      overlays: this.overlays,
      runId: this.runId,
    });
  }

  private applyStyle(): void {
    this.map.setStyle(this.style(), { diff: true });
    this.interaction.refreshState();
  }

  private overlayAllowed(id: OverlayId): boolean {
    const owner = overlayOwner(id);
    return owner === undefined || this.available.has(owner);
  }

  private notifyView(): void {
    for (const listener of this.viewListeners) listener();
  }

  private authorize(url: string): maplibregl.RequestParameters {
    const token = this.options.token();
    if (token && url.startsWith(`${this.options.origin}/api/`)) return { url, headers: { Authorization: `Bearer ${token}` } };
    return { url };
  }
}
