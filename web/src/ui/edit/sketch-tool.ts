import type { Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl';
import type { GeoFeature, Geometry, Position } from '../../api/client';
import { closeRing } from '../../geo/polygon-checks';
import type { MapController } from '../../map/map-controller';
import { EMPTY_COLLECTION } from '../../map/style';

export type SketchKind = 'point' | 'line' | 'polygon';

export interface SketchCallbacks {
  readonly onDone: (geometry: Geometry) => void;
  readonly onCancel: () => void;
  /** Vertices so far (after each click or undo). */
  readonly onChange?: (vertices: number) => void;
}

export const MIN_VERTICES: Record<SketchKind, number> = { point: 1, line: 2, polygon: 3 };

/** The geometry a sketch of `kind` with these vertices makes. */
export function sketchGeometry(kind: SketchKind, vertices: readonly Position[]): Geometry {
  if (kind === 'point') return { type: 'Point', coordinates: vertices[0] };
  if (kind === 'line') return { type: 'LineString', coordinates: [...vertices] };
  return { type: 'Polygon', coordinates: [closeRing(vertices)] };
}

/**
 * Drawing on the map: one click places a point; a line or polygon takes a click per vertex and
 * ends with a double click, Enter or the toolbar's finish button. Backspace takes back the last
 * vertex, Escape gives up. Without a mouse, the arrow keys move the map under a cross at its
 * centre and Space puts a vertex there (Enter places a point). Selection is off meanwhile.
 */
export class SketchTool {
  private kind: SketchKind | null = null;
  private vertices: Position[] = [];
  private pointer: Position | null = null;
  private callbacks: SketchCallbacks | null = null;

  constructor(
    private readonly map: MaplibreMap,
    private readonly controller: MapController,
  ) {
    map.on('click', (event) => this.onClick(event));
    map.on('dblclick', (event) => this.onDoubleClick(event));
    map.on('mousemove', (event) => this.onMove(event));
    document.addEventListener('keydown', (event) => this.onKey(event));
  }

  get active(): SketchKind | null {
    return this.kind;
  }

  start(kind: SketchKind, callbacks: SketchCallbacks): void {
    this.stop();
    this.kind = kind;
    this.callbacks = callbacks;
    this.controller.setSelectionEnabled(false);
    this.map.doubleClickZoom.disable();
    this.map.getCanvas().style.cursor = 'crosshair';
    this.map.getContainer().classList.add('is-drawing');
    this.draw();
  }

  /** Focuses the map so that the arrow keys move it and Space adds a vertex at its centre. */
  focusMap(): void {
    this.map.getCanvas().focus();
  }

  /** Ends a line or polygon; false when it has too few vertices yet. */
  finish(): boolean {
    if (!this.kind || this.vertices.length < MIN_VERTICES[this.kind]) return false;
    const geometry = sketchGeometry(this.kind, this.vertices);
    const callbacks = this.callbacks;
    this.stop();
    callbacks?.onDone(geometry);
    return true;
  }

  undo(): void {
    if (!this.kind || this.vertices.length === 0) return;
    this.vertices.pop();
    this.changed();
  }

  cancel(): void {
    if (!this.kind) return;
    const callbacks = this.callbacks;
    this.stop();
    callbacks?.onCancel();
  }

  private stop(): void {
    if (!this.kind) return;
    this.kind = null;
    this.vertices = [];
    this.pointer = null;
    this.callbacks = null;
    this.map.getCanvas().style.cursor = '';
    this.map.getContainer().classList.remove('is-drawing');
    this.controller.setSelectionEnabled(true);
    // Re-enabled after the current double click, if any, has been handled.
    setTimeout(() => this.map.doubleClickZoom.enable(), 0);
    this.controller.setOverlayData('edit-sketch', EMPTY_COLLECTION);
    this.controller.setOverlayData('edit-handles', EMPTY_COLLECTION);
  }

  private onClick(event: MapMouseEvent): void {
    if (!this.kind) return;
    this.add([event.lngLat.lng, event.lngLat.lat]);
  }

  private add(at: Position): void {
    if (!this.kind) return;
    const last = this.vertices.at(-1);
    if (last && last[0] === at[0] && last[1] === at[1]) return;
    this.vertices.push(at);
    if (this.kind === 'point') {
      this.finish();
      return;
    }
    this.changed();
  }

  private onDoubleClick(event: MapMouseEvent): void {
    if (!this.kind) return;
    event.preventDefault();
    this.finish();
  }

  private onMove(event: MapMouseEvent): void {
    if (!this.kind || this.kind === 'point') return;
    this.pointer = [event.lngLat.lng, event.lngLat.lat];
    this.draw();
  }

  private onKey(event: KeyboardEvent): void {
    if (!this.kind) return;
    const onMap = event.target === this.map.getCanvas();
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement;
    const centre = (): Position => [this.map.getCenter().lng, this.map.getCenter().lat];
    if (event.key === 'Escape') this.cancel();
    else if (onMap && (event.key === ' ' || (event.key === 'Enter' && this.kind === 'point'))) {
      event.preventDefault();
      this.add(centre());
    } else if (event.key === 'Enter' && !typing) this.finish();
    else if (event.key === 'Backspace' && !typing) {
      event.preventDefault();
      this.undo();
    }
  }

  private changed(): void {
    this.draw();
    this.callbacks?.onChange?.(this.vertices.length);
  }

  private draw(): void {
    const path = this.pointer ? [...this.vertices, this.pointer] : this.vertices;
    const sketch: GeoFeature[] = [];
    if (this.kind === 'polygon' && path.length >= 3) sketch.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [closeRing(path)] }, properties: {} });
    else if (path.length >= 2) sketch.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: path }, properties: {} });
    const handles = this.vertices.map((coordinates): GeoFeature => ({ type: 'Feature', geometry: { type: 'Point', coordinates }, properties: { role: 'vertex' } }));
    this.controller.setOverlayData('edit-sketch', { type: 'FeatureCollection', features: sketch });
    this.controller.setOverlayData('edit-handles', { type: 'FeatureCollection', features: handles });
  }
}
