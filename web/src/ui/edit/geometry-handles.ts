import type { Map as MaplibreMap, MapLayerMouseEvent, MapMouseEvent } from 'maplibre-gl';
import type { FeatureCollection, GeoFeature, Geometry } from '../../api/client';
import { bearingDeg, localPlane, normaliseBearing, offsetPoint, type LonLat } from '../../geo/local-plane';
import { wedgePolygon } from '../../geo/wedge';
import type { MapController } from '../../map/map-controller';
import { EMPTY_COLLECTION } from '../../map/style';
import type { DraftCamera } from '../../what-if/what-if-model';

type Role = 'position' | 'bearing' | 'fov-left' | 'fov-right';

const MAX_RANGE_M = 1000;
/** `value` to a multiple of `step`, without binary noise such as 77.10000000000001. */
const round = (value: number, step: number) => Number((Math.round(value / step) * step).toFixed(6));

function point(at: readonly [number, number], role: string): GeoFeature {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: [at[0], at[1]] }, properties: { role } };
}

/** Where the handles of a camera sit: the camera, the tip of its view (bearing, range) and the two edges (field of view). */
export function cameraHandlePositions(draft: DraftCamera): Record<Role, [number, number]> {
  const plane = localPlane(draft.at);
  const reach = (bearing: number, distance: number) => plane.toLonLat(offsetPoint([0, 0], bearing, distance));
  return {
    position: [draft.at[0], draft.at[1]],
    bearing: reach(draft.bearingDeg, draft.rangeM),
    'fov-left': reach(draft.bearingDeg - draft.hfovDeg / 2, draft.rangeM * 0.75),
    'fov-right': reach(draft.bearingDeg + draft.hfovDeg / 2, draft.rangeM * 0.75),
  };
}

/** The camera after dragging handle `role` to `to` (lon/lat): moved, turned and reaching there, or widened. */
export function dragCamera(draft: DraftCamera, role: Role, to: LonLat): DraftCamera {
  if (role === 'position') return { ...draft, at: [to[0], to[1]] };
  const xy = localPlane(draft.at).toMetres(to);
  const direction = bearingDeg([0, 0], xy);
  if (role === 'bearing') {
    const range = Math.min(MAX_RANGE_M, Math.max(1, Math.hypot(xy[0], xy[1])));
    return { ...draft, bearingDeg: round(normaliseBearing(direction), 0.1), rangeM: round(range, 0.1) };
  }
  const off = Math.abs(((direction - draft.bearingDeg + 540) % 360) - 180);
  return { ...draft, hfovDeg: Math.min(360, Math.max(1, round(2 * off, 0.5))) };
}

/**
 * Drag handles on the map for the feature being edited: a camera's position, bearing/range and
 * field of view, or a point's position; a drawn line or polygon is shown as a sketch.
 */
export class GeometryHandles {
  private camera: DraftCamera | null = null;
  private pointAt: LonLat | null = null;
  private onCamera: ((draft: DraftCamera) => void) | null = null;
  private onPoint: ((at: LonLat) => void) | null = null;
  private dragging: Role | null = null;

  constructor(
    private readonly map: MaplibreMap,
    private readonly controller: MapController,
  ) {
    map.on('mousedown', 'edit-handle-targets', (event) => this.startDrag(event));
    map.on('mouseenter', 'edit-handle-targets', () => (map.getCanvas().style.cursor = 'grab'));
    map.on('mouseleave', 'edit-handle-targets', () => (map.getCanvas().style.cursor = ''));
    map.on('mousemove', (event) => this.drag(event));
    map.on('mouseup', () => this.endDrag());
  }

  showCamera(draft: DraftCamera, onChange: (draft: DraftCamera) => void): void {
    this.clear();
    this.onCamera = onChange;
    this.setCamera(draft);
  }

  /** Moves the handles to a camera changed elsewhere (the form). */
  setCamera(draft: DraftCamera): void {
    this.camera = draft;
    const handles = cameraHandlePositions(draft);
    this.draw(
      [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [wedgePolygon(draft.at, draft)] }, properties: { role: 'view' } }],
      (Object.keys(handles) as Role[]).map((role) => point(handles[role], role)),
    );
  }

  showPoint(at: LonLat, onChange: (at: LonLat) => void): void {
    this.clear();
    this.onPoint = onChange;
    this.setPoint(at);
  }

  setPoint(at: LonLat): void {
    this.pointAt = at;
    this.draw([], [point(at, 'position')]);
  }

  /** A drawn geometry, without handles (lines and polygons are redrawn rather than dragged). */
  showShape(geometry: Geometry): void {
    this.clear();
    this.draw([{ type: 'Feature', geometry, properties: { role: 'shape' } }], []);
  }

  clear(): void {
    this.camera = null;
    this.pointAt = null;
    this.onCamera = null;
    this.onPoint = null;
    this.endDrag();
    this.draw([], []);
  }

  private draw(sketch: GeoFeature[], handles: GeoFeature[]): void {
    const collection = (features: GeoFeature[]): FeatureCollection => (features.length ? { type: 'FeatureCollection', features } : EMPTY_COLLECTION);
    this.controller.setOverlayData('edit-sketch', collection(sketch));
    this.controller.setOverlayData('edit-handles', collection(handles));
  }

  private startDrag(event: MapLayerMouseEvent): void {
    const role = event.features?.[0]?.properties?.role as Role | undefined;
    if (!role || (!this.camera && !(this.pointAt && role === 'position'))) return;
    event.preventDefault();
    this.dragging = role;
    this.map.dragPan.disable();
    this.map.getCanvas().style.cursor = 'grabbing';
  }

  private drag(event: MapMouseEvent): void {
    if (!this.dragging) return;
    const to: LonLat = [event.lngLat.lng, event.lngLat.lat];
    if (this.camera) {
      this.setCamera(dragCamera(this.camera, this.dragging, to));
      this.onCamera?.(this.camera);
    } else if (this.pointAt) {
      this.setPoint(to);
      this.onPoint?.(to);
    }
  }

  private endDrag(): void {
    if (!this.dragging) return;
    this.dragging = null;
    this.map.dragPan.enable();
    this.map.getCanvas().style.cursor = '';
  }
}
