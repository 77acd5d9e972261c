import type { Map as MaplibreMap } from 'maplibre-gl';
import type { ApiClient, BBox, FeatureCollection, GeoFeature } from '../api/client';
import { wedgePolygon } from '../geo/wedge';
import type { MapController } from './map-controller';

/** Points loaded per request; a view with more shows the first ones (lowest ids). */
export const VIEWPORT_POINT_LIMIT = 5000;
/** The box loaded is the view grown by this fraction on every side, so small pans need no request. */
const MARGIN = 0.5;

type PointLayer = 'cameras' | 'streetlights';

interface Loaded {
  bbox: BBox;
  features: readonly GeoFeature[];
}

function contains(outer: BBox, inner: BBox): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];
}

function grow(bbox: BBox, fraction: number): BBox {
  const dx = (bbox[2] - bbox[0]) * fraction;
  const dy = (bbox[3] - bbox[1]) * fraction;
  return [bbox[0] - dx, bbox[1] - dy, bbox[2] + dx, bbox[3] + dy];
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A camera's field-of-view wedge as a GeoJSON polygon with the camera's id, or null without a usable view. */
export function cameraWedgeFeature(camera: GeoFeature): GeoFeature | null {
  const { bearing_deg: bearing, hfov_deg: hfov, range_m: range, status } = camera.properties;
  const [b, f, r] = [num(bearing), num(hfov), num(range)];
  if (camera.geometry?.type !== 'Point' || b === null || f === null || r === null || f <= 0 || r <= 0) return null;
  const [lon, lat] = camera.geometry.coordinates;
  const ring = wedgePolygon([lon, lat], { bearingDeg: b, hfovDeg: f, rangeM: r });
  return { type: 'Feature', id: camera.id, geometry: { type: 'Polygon', coordinates: [ring] }, properties: { status: status ?? 'active' } };
}

/**
 * Cameras and streetlights in and around the view, loaded from the API: the points feed the
 * low-zoom clusters, the cameras also their field-of-view wedges.
 */
export class ViewportPoints {
  private readonly loaded = new Map<PointLayer, Loaded>();
  /** The latest request per layer: an older answer arriving later is dropped (not aborted, which would log a failed request). */
  private readonly latest = new Map<PointLayer, number>();
  private requests = 0;
  private readonly excluded = new Map<PointLayer, string | number>();

  constructor(
    private readonly map: MaplibreMap,
    private readonly controller: MapController,
    private readonly api: ApiClient,
  ) {
    map.on('moveend', () => this.update());
    controller.onViewChange(() => this.update());
  }

  /** Loads what the view needs; `force` reloads even when the loaded box covers the view (after a write). */
  update(force = false): void {
    for (const layer of ['cameras', 'streetlights'] as const) void this.updateLayer(layer, force);
  }

  /** Leaves one feature out (the camera being edited draws its own draft wedge). */
  exclude(layer: PointLayer, id: string | number | null): void {
    if (id === null) this.excluded.delete(layer);
    else this.excluded.set(layer, id);
    this.render(layer);
  }

  /** Forgets everything loaded, e.g. when the signed-in user changes. */
  reset(): void {
    this.latest.clear();
    this.loaded.clear();
  }

  private async updateLayer(layer: PointLayer, force: boolean): Promise<void> {
    if (!this.controller.isAvailable(layer) || !this.controller.isLayerVisible(layer)) return;
    const bounds = this.map.getBounds();
    const view: BBox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
    const current = this.loaded.get(layer);
    if (!force && current && contains(current.bbox, view)) return;
    const request = ++this.requests;
    this.latest.set(layer, request);
    const bbox = clampToWorld(grow(view, MARGIN));
    try {
      const collection = await this.api.features(layer, { bbox, limit: VIEWPORT_POINT_LIMIT });
      if (this.latest.get(layer) !== request) return;
      this.loaded.set(layer, { bbox, features: collection.features });
      this.render(layer);
    } catch (err) {
      console.warn(`[mimamori] could not load ${layer} in view: ${(err as Error).message}`);
    }
  }

  private render(layer: PointLayer): void {
    const loaded = this.loaded.get(layer);
    if (!loaded) return;
    const excluded = this.excluded.get(layer);
    const features = loaded.features.filter((f) => excluded === undefined || f.id !== excluded);
    const points: FeatureCollection = {
      type: 'FeatureCollection',
      features: features.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: { status: f.properties.status ?? 'active' } })),
    };
    if (layer === 'streetlights') {
      this.controller.setOverlayData('streetlights-points', points);
      return;
    }
    this.controller.setOverlayData('cameras-points', points);
    const wedges = features.map(cameraWedgeFeature).filter((f): f is GeoFeature => f !== null);
    this.controller.setOverlayData('camera-wedges', { type: 'FeatureCollection', features: wedges });
  }
}

function clampToWorld(bbox: BBox): BBox {
  return [Math.max(-180, bbox[0]), Math.max(-90, bbox[1]), Math.min(180, bbox[2]), Math.min(90, bbox[3])];
}
