import type { LayerInfo } from '../api/client';
import { localized, onLangChange, t } from '../i18n';
import type { SelectedFeature } from '../map/feature-interaction';
import type { MapController } from '../map/map-controller';
import { h, replaceChildren } from './dom';
import { PROPERTY_LABELS, VALUE_LABELS } from './property-labels';

function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (typeof value === 'string' && VALUE_LABELS[value]) return localized(VALUE_LABELS[value]);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The properties of the feature clicked on the map. */
export class FeaturePanel {
  private feature: SelectedFeature | null = null;
  private layers: readonly LayerInfo[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly controller: MapController,
  ) {
    controller.onSelect((feature) => {
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

  private render(): void {
    const feature = this.feature;
    this.container.hidden = !feature;
    if (!feature) {
      replaceChildren(this.container);
      return;
    }
    const info = this.layers.find((layer) => layer.id === feature.layerId);
    const { sample, name, ...rest } = feature.properties;
    const rows = Object.entries(rest).map(([key, value]) => [PROPERTY_LABELS[key] ? localized(PROPERTY_LABELS[key]) : key, displayValue(value)] as const);
    replaceChildren(
      this.container,
      h(
        'div',
        { class: 'panel-header' },
        h('h2', { class: 'panel-title' }, t('feature.heading')),
        h('button', { type: 'button', class: 'icon-button', 'aria-label': t('feature.close'), title: t('feature.close'), onclick: () => this.controller.clearSelection() }, '×'),
      ),
      h('p', { class: 'feature-title' }, info ? localized(info.title) : feature.layerId, name ? ` — ${displayValue(name)}` : '', feature.id !== undefined ? ` #${feature.id}` : ''),
      sample === true && h('p', { class: 'tag tag-sample' }, t('feature.sample')),
      h('dl', { class: 'feature-properties' }, ...rows.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])),
    );
  }
}
