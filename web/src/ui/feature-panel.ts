import type { Geometry, LayerInfo } from '../api/client';
import { localized, onLangChange, t } from '../i18n';
import type { SelectedFeature } from '../map/feature-interaction';
import type { MapController } from '../map/map-controller';
import { ANALYSIS_SOURCE } from '../map/map-layer';
import { h, replaceChildren } from './dom';
import type { FeatureEditor } from './edit/feature-editor';
import { propertyLabel, valueLabel } from './property-labels';

function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (typeof value === 'string') return valueLabel(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export interface FeaturePanelOptions {
  readonly controller: MapController;
  readonly editor: FeatureEditor;
  /** Whether the signed-in user may write features. */
  readonly canWrite: () => boolean;
  /** Opens the editor for a planned camera at a proposed siting site. */
  readonly acceptSite: (site: SelectedFeature) => void;
}

/** The feature clicked on the map: its properties and, for users who may write, edit and delete; or the editor. */
export class FeaturePanel {
  private feature: SelectedFeature | null = null;
  private layers: readonly LayerInfo[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly options: FeaturePanelOptions,
  ) {
    options.controller.onSelect((feature) => {
      this.feature = feature;
      this.render();
    });
    onLangChange(() => this.render());
    this.render();
  }

  setLayers(layers: readonly LayerInfo[]): void {
    this.layers = layers;
    this.render();
  }

  /** Redraws after the editor opened or closed. */
  render(): void {
    const editor = this.options.editor;
    if (editor.isOpen) {
      this.container.hidden = false;
      replaceChildren(this.container, this.header(t('edit.panelHeading'), () => editor.close()), editor.element);
      return;
    }
    const feature = this.feature;
    this.container.hidden = !feature;
    if (!feature) {
      replaceChildren(this.container);
      return;
    }
    const info = this.layers.find((layer) => layer.id === feature.layerId);
    const isResult = feature.layerId === ANALYSIS_SOURCE;
    const { sample, name, ...rest } = feature.properties;
    const rows = Object.entries(rest).map(([key, value]) => [propertyLabel(key), displayValue(value)] as const);
    const layerTitle = info ? localized(info.title) : isResult ? t('feature.result') : feature.layerId;
    replaceChildren(
      this.container,
      this.header(t('feature.heading'), () => this.options.controller.clearSelection()),
      h('p', { class: 'feature-title' }, layerTitle, name ? ` — ${displayValue(name)}` : '', feature.id !== undefined ? ` #${feature.id}` : ''),
      sample === true && h('p', { class: 'tag tag-sample' }, t('feature.sample')),
      this.actions(feature, info),
      h('dl', { class: 'feature-properties' }, ...rows.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])),
    );
  }

  private header(title: string, close: () => void): HTMLElement {
    return h(
      'div',
      { class: 'panel-header' },
      h('h2', { class: 'panel-title' }, title),
      h('button', { type: 'button', class: 'icon-button', 'aria-label': t('feature.close'), title: t('feature.close'), onclick: close }, '×'),
    );
  }

  private actions(feature: SelectedFeature, info: LayerInfo | undefined): HTMLElement | null {
    if (!this.options.canWrite()) return null;
    if (feature.layerId === ANALYSIS_SOURCE) {
      if (feature.properties.kind !== 'site' || !this.layers.some((l) => l.id === 'cameras')) return null;
      return h('div', { class: 'feature-actions' }, h('button', { type: 'button', class: 'button', onclick: () => this.options.acceptSite(feature) }, t('results.acceptSite')));
    }
    if (!info || feature.id === undefined) return null;
    const id = feature.id;
    const open = (mode: 'edit' | 'delete') => {
      void this.options.editor.openExisting(info, id, mode);
      this.render();
    };
    return h(
      'div',
      { class: 'feature-actions' },
      h('button', { type: 'button', class: 'button button-primary', onclick: () => open('edit') }, t('edit.edit')),
      h('button', { type: 'button', class: 'button button-danger-quiet', onclick: () => open('delete') }, t('edit.delete')),
    );
  }
}

/** A selected siting site as a point geometry (from its tile geometry). */
export function siteGeometry(site: SelectedFeature): Geometry | null {
  const g = site.geometry;
  return g?.type === 'Point' ? { type: 'Point', coordinates: [g.coordinates[0], g.coordinates[1]] } : null;
}
