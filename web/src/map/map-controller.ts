import * as maplibregl from 'maplibre-gl';
import type { BBox } from '../api/client';
import { ATTRIBUTIONS } from './attribution';
import { FeatureInteraction, type SelectedFeature } from './feature-interaction';
import { MAP_LAYERS } from './layers/manifest';
import { buildStyle, findMapLayer, styleLayerIds, tileUrl } from './style';

export interface MapControllerOptions {
  readonly container: HTMLElement;
  /** The app's origin: tiles and the API live there, and only requests to it carry the token. */
  readonly origin: string;
  readonly token: () => string | null;
  /** MapLibre's own control labels (zoom buttons, attribution toggle). */
  readonly locale?: Record<string, string>;
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
  private readonly hidden = new Set<string>();
  private readonly interaction: FeatureInteraction;
  private readonly styleLoaded: Promise<void>;

  constructor(private readonly options: MapControllerOptions) {
    this.map = new maplibregl.Map({
      container: options.container,
      style: buildStyle({ origin: options.origin, available: [] }),
      center: DEFAULT_CENTER,
      zoom: DEFAULT_ZOOM,
      maxBounds: JAPAN_BOUNDS,
      hash: true,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
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
    this.map.setStyle(buildStyle({ origin: this.options.origin, available: this.available, hidden: this.hidden }), { diff: true });
    if (options.reloadTiles) for (const id of before) if (this.available.has(id)) this.reloadTiles(id);
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

  setLayerVisible(layerId: string, visible: boolean): void {
    if (visible) this.hidden.delete(layerId);
    else this.hidden.add(layerId);
    for (const id of styleLayerIds(layerId)) {
      if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
    }
    if (!visible) this.interaction.clearSelectionOn(layerId);
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

  clearSelection(): void {
    this.interaction.clearSelection();
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

  private reloadTiles(layerId: string): void {
    this.map.getSource<maplibregl.VectorTileSource>(layerId)?.setTiles([tileUrl(this.options.origin, layerId)]);
  }

  private authorize(url: string): maplibregl.RequestParameters {
    const token = this.options.token();
    if (token && url.startsWith(`${this.options.origin}/api/`)) return { url, headers: { Authorization: `Bearer ${token}` } };
    return { url };
  }
}
