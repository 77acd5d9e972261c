import { isBBox, type LayerInfo } from '../api/client';
import { formatNumber, localized, onLangChange, t } from '../i18n';
import type { BlockChoropleth, ChoroplethMode } from '../map/block-choropleth';
import { MAP_LAYERS } from '../map/layers/manifest';
import type { MapController } from '../map/map-controller';
import { h, replaceChildren } from './dom';
import { swatch } from './legend';

type ListState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; layers: readonly LayerInfo[] };

export interface LayerListOptions {
  readonly controller: MapController;
  readonly choropleth: BlockChoropleth;
  readonly reload: () => void;
  readonly canWrite: () => boolean;
  readonly exportFormats: () => readonly string[];
  readonly onImport: (layer: LayerInfo, file?: File) => void;
  readonly onExport: (layer: LayerInfo, format: string) => Promise<void>;
}

/** Top of the drawing order first, as in a GIS layer panel; layers the app cannot draw come last. */
function displayOrder(layers: readonly LayerInfo[]): LayerInfo[] {
  const rank = (id: string) => MAP_LAYERS.findIndex((layer) => layer.id === id);
  return [...layers].sort((a, b) => rank(b.id) - rank(a.id));
}

/**
 * Every layer the API lists for this user: title, feature count, a labelled visibility checkbox,
 * opacity, a legend (blocks also shaded by crimes or households), import and export.
 */
export class LayerList {
  private state: ListState = { kind: 'loading' };
  private notice = '';

  constructor(
    private readonly container: HTMLElement,
    private readonly options: LayerListOptions,
  ) {
    onLangChange(() => this.render());
    this.render();
  }

  showLoading(): void {
    if (this.state.kind !== 'ready') this.setState({ kind: 'loading' });
  }

  showError(message: string): void {
    this.setState({ kind: 'error', message });
  }

  show(layers: readonly LayerInfo[]): void {
    this.setState({ kind: 'ready', layers });
  }

  private setState(state: ListState): void {
    this.state = state;
    this.render();
  }

  render(): void {
    const heading = h('h2', { class: 'panel-title', id: 'layers-heading' }, t('layers.heading'));
    const state = this.state;
    switch (state.kind) {
      case 'loading':
        replaceChildren(this.container, heading, h('p', { class: 'hint', role: 'status' }, t('layers.loading')));
        return;
      case 'error':
        replaceChildren(
          this.container,
          heading,
          h('p', { class: 'form-error', role: 'alert' }, t('layers.error', { message: state.message })),
          h('button', { type: 'button', class: 'button', onclick: () => this.options.reload() }, t('layers.retry')),
        );
        return;
      case 'ready':
        replaceChildren(
          this.container,
          heading,
          h('p', { class: 'form-error', role: 'alert' }, this.notice),
          h('ul', { class: 'layer-list', 'aria-labelledby': 'layers-heading' }, ...displayOrder(state.layers).map((layer) => this.item(layer))),
        );
        return;
    }
  }

  private item(layer: LayerInfo): HTMLElement {
    const { controller } = this.options;
    const inputId = `layer-toggle-${layer.id}`;
    const title = localized(layer.title);
    const drawable = controller.canDraw(layer.id);
    const definition = MAP_LAYERS.find((l) => l.id === layer.id);
    const checkbox = h('input', { type: 'checkbox', id: inputId, checked: drawable && controller.isLayerVisible(layer.id), disabled: !drawable, 'aria-describedby': `${inputId}-meta` });
    checkbox.addEventListener('change', () => controller.setLayerVisible(layer.id, checkbox.checked));

    const minZoom = controller.minZoom(layer.id);
    const meta = h(
      'span',
      { class: 'layer-meta', id: `${inputId}-meta` },
      t('layers.count', { count: formatNumber(layer.count) }),
      !drawable && ` · ${t('layers.notDrawn')}`,
      minZoom !== undefined && minZoom > 12 && ` · ${t('layers.minZoom', { zoom: minZoom })}`,
    );
    const tags = h(
      'span',
      { class: 'layer-tags' },
      definition?.sample && h('span', { class: 'tag tag-sample' }, t('layers.sample')),
      layer.sensitivity === 'police' && h('span', { class: 'tag tag-police' }, t('layers.police')),
    );
    const extent = layer.extent;
    const zoomButton =
      drawable && isBBox(extent) && layer.count > 0
        ? h('button', { type: 'button', class: 'icon-button', title: t('layers.zoomTo', { title }), 'aria-label': t('layers.zoomTo', { title }), onclick: () => controller.fitTo(extent) }, h('span', { 'aria-hidden': 'true' }, '⤢'))
        : null;

    const item = h(
      'li',
      { class: 'layer-item', 'data-layer-id': layer.id },
      h('div', { class: 'layer-row' }, checkbox, h('label', { for: inputId, class: 'layer-label' }, h('span', { class: 'layer-title' }, title), tags), zoomButton),
      meta,
      drawable && this.opacity(layer, title),
      layer.id === 'blocks' && this.choroplethControl(),
      definition && h('ul', { class: 'legend', 'aria-label': title }, ...definition.legend.map((entry) => h('li', {}, swatch(entry), t(entry.label)))),
      this.tools(layer, title),
    );
    if (this.options.canWrite()) {
      item.addEventListener('dragover', (event) => {
        event.preventDefault();
        item.classList.add('is-drop-target');
      });
      item.addEventListener('dragleave', () => item.classList.remove('is-drop-target'));
      item.addEventListener('drop', (event) => {
        event.preventDefault();
        item.classList.remove('is-drop-target');
        const file = event.dataTransfer?.files[0];
        if (file) this.options.onImport(layer, file);
      });
    }
    return item;
  }

  private opacity(layer: LayerInfo, title: string): HTMLElement {
    const id = `layer-opacity-${layer.id}`;
    const slider = h('input', { type: 'range', id, min: 0, max: 100, step: 5, value: Math.round(this.options.controller.layerOpacity(layer.id) * 100), 'aria-label': t('layers.opacity', { title }) });
    slider.addEventListener('input', () => this.options.controller.setLayerOpacity(layer.id, Number(slider.value) / 100));
    return h('div', { class: 'opacity-row' }, h('span', { 'aria-hidden': 'true' }, t('layers.opacityShort')), slider);
  }

  private choroplethControl(): HTMLElement {
    const { choropleth } = this.options;
    const legend = choropleth.legend;
    const select = h(
      'select',
      { id: 'blocks-choropleth' },
      h('option', { value: 'none' }, t('legend.choroplethNone')),
      h('option', { value: 'crimes' }, legend.year ? t('legend.choroplethCrimes', { year: legend.year }) : t('legend.choroplethCrimesLatest')),
      h('option', { value: 'households' }, t('legend.choroplethHouseholds')),
    );
    select.value = legend.mode;
    select.addEventListener('change', () => {
      void choropleth.setMode(select.value as ChoroplethMode).then(
        () => this.render(),
        (err: Error) => {
          this.notice = err.message;
          this.render();
        },
      );
    });
    return h(
      'div',
      { class: 'choropleth' },
      h('label', { for: 'blocks-choropleth' }, t('layers.choropleth')),
      select,
      legend.mode !== 'none' &&
        h(
          'ul',
          { class: 'legend choropleth-legend', 'aria-label': t('layers.choroplethLegend'), 'data-testid': 'choropleth-legend' },
          ...legend.classes.map((c) => h('li', {}, swatch({ label: 'legend.block', shape: 'fill', color: c.color }), c.from === c.to ? formatNumber(c.from) : `${formatNumber(c.from)}–${formatNumber(c.to)}`)),
        ),
    );
  }

  private tools(layer: LayerInfo, title: string): HTMLElement {
    const formatId = `export-format-${layer.id}`;
    const format = h('select', { id: formatId }, ...this.options.exportFormats().map((f) => h('option', { value: f }, f.toUpperCase())));
    const exportButton = h('button', { type: 'button', class: 'button button-small' }, t('files.export'));
    exportButton.addEventListener('click', () => {
      this.notice = '';
      this.options.onExport(layer, format.value).catch((err: Error) => {
        this.notice = t('files.exportFailed', { message: err.message });
        this.render();
      });
    });
    return h(
      'details',
      { class: 'layer-tools' },
      h('summary', { 'aria-label': t('layers.tools', { title }) }, t('files.tools')),
      h('div', { class: 'tool-row' }, h('label', { for: formatId }, t('files.format')), format, exportButton),
      this.options.canWrite() &&
        h('div', { class: 'tool-row' }, h('button', { type: 'button', class: 'button button-small', onclick: () => this.options.onImport(layer) }, t('files.import')), h('span', { class: 'hint' }, t('files.dropHint'))),
    );
  }
}
