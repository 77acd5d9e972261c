import type { Geometry, LayerInfo } from '../../api/client';
import { localized, onLangChange, t, type MessageKey } from '../../i18n';
import { MAP_LAYERS } from '../../map/layers/manifest';
import { h, replaceChildren } from '../dom';
import { MIN_VERTICES, type SketchKind, type SketchTool } from './sketch-tool';

/** Layers recorded by devices rather than drawn by hand. */
const NOT_DRAWN = new Set(['patrol-tracks']);

export function sketchKindOf(layer: LayerInfo): SketchKind | null {
  const types = layer.accepts ?? [layer.geometryType];
  if (types.some((type) => type === 'Point')) return 'point';
  if (types.some((type) => type === 'LineString' || type === 'MultiLineString')) return 'line';
  if (types.some((type) => type === 'Polygon' || type === 'MultiPolygon')) return 'polygon';
  return null;
}

const INSTRUCTIONS: Record<SketchKind, MessageKey> = { point: 'draw.point', line: 'draw.line', polygon: 'draw.polygon' };

/**
 * Adding features for users who may write: pick a layer, then click (a point) or draw (a line,
 * a polygon) on the map; the editor opens with the drawn geometry.
 */
export class EditToolbar {
  private layers: readonly LayerInfo[] = [];
  private writable = false;
  private drawing: { layer: LayerInfo; kind: SketchKind; vertices: number } | null = null;
  private chosen = 'cameras';
  private message = '';

  constructor(
    private readonly container: HTMLElement,
    private readonly sketch: SketchTool,
    private readonly onDrawn: (layer: LayerInfo, geometry: Geometry) => void,
  ) {
    onLangChange(() => this.render());
    this.render();
  }

  setLayers(layers: readonly LayerInfo[], writable: boolean): void {
    this.layers = layers.filter((layer) => !NOT_DRAWN.has(layer.id) && sketchKindOf(layer) !== null);
    this.writable = writable;
    if (!writable && this.drawing) this.sketch.cancel();
    this.render();
  }

  /** Starts drawing a feature of `layerId` (also used by keyboard users through the toolbar). */
  start(layerId: string): void {
    const layer = this.layers.find((l) => l.id === layerId);
    const kind = layer && sketchKindOf(layer);
    if (!layer || !kind) return;
    this.drawing = { layer, kind, vertices: 0 };
    this.message = '';
    this.sketch.start(kind, {
      onDone: (geometry) => {
        this.drawing = null;
        this.render();
        this.onDrawn(layer, geometry);
      },
      onCancel: () => {
        this.drawing = null;
        this.render();
      },
      onChange: (vertices) => {
        if (this.drawing) this.drawing.vertices = vertices;
        this.message = '';
        this.render();
      },
    });
    this.render();
    this.sketch.focusMap();
  }

  private finish(): void {
    if (this.drawing && !this.sketch.finish()) {
      this.message = t('draw.tooFew', { count: MIN_VERTICES[this.drawing.kind] });
      this.render();
    }
  }

  private render(): void {
    this.container.hidden = !this.writable || this.layers.length === 0;
    if (this.container.hidden) return replaceChildren(this.container);
    if (this.drawing) return this.renderDrawing(this.drawing);
    const ordered = [...this.layers].sort((a, b) => rank(b.id) - rank(a.id));
    if (!ordered.some((l) => l.id === this.chosen)) this.chosen = ordered[0].id;
    const select = h('select', { id: 'add-layer' }, ...ordered.map((layer) => h('option', { value: layer.id }, localized(layer.title))));
    select.value = this.chosen;
    select.addEventListener('change', () => (this.chosen = select.value));
    replaceChildren(
      this.container,
      h('label', { for: 'add-layer', class: 'toolbar-label' }, t('draw.addTo')),
      select,
      h('button', { type: 'button', class: 'button button-primary', onclick: () => this.start(select.value) }, t('draw.start')),
    );
  }

  private renderDrawing(drawing: { layer: LayerInfo; kind: SketchKind; vertices: number }): void {
    const title = localized(drawing.layer.title);
    replaceChildren(
      this.container,
      h(
        'p',
        { class: 'toolbar-instructions', role: 'status' },
        t(INSTRUCTIONS[drawing.kind], { layer: title }),
        drawing.kind !== 'point' && ` (${t('draw.vertices', { count: drawing.vertices })})`,
        h('span', { class: 'toolbar-keys' }, t(drawing.kind === 'point' ? 'draw.keysPoint' : 'draw.keys')),
      ),
      drawing.kind !== 'point' && h('button', { type: 'button', class: 'button button-primary', onclick: () => this.finish() }, t('draw.finish')),
      drawing.kind !== 'point' && h('button', { type: 'button', class: 'button', disabled: drawing.vertices === 0, onclick: () => this.sketch.undo() }, t('draw.undo')),
      h('button', { type: 'button', class: 'button', onclick: () => this.sketch.cancel() }, t('draw.cancel')),
      this.message && h('p', { class: 'form-error', role: 'alert' }, this.message),
    );
  }
}

function rank(id: string): number {
  return MAP_LAYERS.findIndex((layer) => layer.id === id);
}
