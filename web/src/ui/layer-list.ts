import { isBBox, type LayerInfo } from '../api/client';
import { formatNumber, localized, onLangChange, t } from '../i18n';
import { MAP_LAYERS } from '../map/layers/manifest';
import type { MapController } from '../map/map-controller';
import type { LegendEntry } from '../map/map-layer';
import { h, replaceChildren } from './dom';

type ListState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; layers: readonly LayerInfo[] };

/** Top of the drawing order first, as in a GIS layer panel; layers the app cannot draw come last. */
function displayOrder(layers: readonly LayerInfo[]): LayerInfo[] {
  const rank = (id: string) => {
    const index = MAP_LAYERS.findIndex((layer) => layer.id === id);
    return index < 0 ? -1 : index;
  };
  return [...layers].sort((a, b) => rank(b.id) - rank(a.id));
}

function swatch(entry: LegendEntry): HTMLElement {
  const style = [`--swatch: ${entry.color}`, entry.stroke ? `--swatch-stroke: ${entry.stroke}` : ''].filter(Boolean).join('; ');
  return h('span', { class: `swatch swatch-${entry.shape}`, style, 'aria-hidden': 'true' });
}

/** Every layer the API lists for this user: title, feature count, a labelled visibility checkbox and a legend. */
export class LayerList {
  private state: ListState = { kind: 'loading' };

  constructor(
    private readonly container: HTMLElement,
    private readonly controller: MapController,
    private readonly reload: () => void,
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

  private render(): void {
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
          h('button', { type: 'button', class: 'button', onclick: () => this.reload() }, t('layers.retry')),
        );
        return;
      case 'ready':
        replaceChildren(
          this.container,
          heading,
          h('ul', { class: 'layer-list', 'aria-labelledby': 'layers-heading' }, ...displayOrder(state.layers).map((layer) => this.item(layer))),
        );
        return;
    }
  }

  private item(layer: LayerInfo): HTMLElement {
    const inputId = `layer-toggle-${layer.id}`;
    const title = localized(layer.title);
    const drawable = this.controller.canDraw(layer.id);
    const definition = MAP_LAYERS.find((l) => l.id === layer.id);
    const checkbox = h('input', {
      type: 'checkbox',
      id: inputId,
      checked: drawable && this.controller.isLayerVisible(layer.id),
      disabled: !drawable,
      'aria-describedby': `${inputId}-meta`,
    });
    checkbox.addEventListener('change', () => this.controller.setLayerVisible(layer.id, checkbox.checked));

    const minZoom = this.controller.minZoom(layer.id);
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
        ? h(
            'button',
            {
              type: 'button',
              class: 'icon-button',
              title: t('layers.zoomTo', { title }),
              'aria-label': t('layers.zoomTo', { title }),
              onclick: () => this.controller.fitTo(extent),
            },
            h('span', { 'aria-hidden': 'true' }, '⤢'),
          )
        : null;

    return h(
      'li',
      { class: 'layer-item', 'data-layer-id': layer.id },
      h(
        'div',
        { class: 'layer-row' },
        checkbox,
        h('label', { for: inputId, class: 'layer-label' }, h('span', { class: 'layer-title' }, title), tags),
        zoomButton,
      ),
      meta,
      definition &&
        h(
          'ul',
          { class: 'legend', 'aria-label': title },
          ...definition.legend.map((entry) => h('li', {}, swatch(entry), t(entry.label))),
        ),
    );
  }
}
