import type { Map as MaplibreMap } from 'maplibre-gl';
import { formatNumber, onLangChange, t } from '../i18n';
import { h, replaceChildren } from './dom';

const ERROR_VISIBLE_MS = 15000;

/** Loading state, current view and the last map error, announced politely to screen readers. */
export function mountStatusBar(container: HTMLElement, map: MaplibreMap): void {
  const state = h('span', { class: 'status-state', role: 'status' });
  const view = h('span', { class: 'status-view' });
  const error = h('span', { class: 'status-error', role: 'alert' });
  let loading = true;
  let frame = 0;
  let errorTimer: ReturnType<typeof setTimeout> | undefined;

  const renderState = () => {
    state.textContent = loading ? t('status.loading') : t('status.ready');
    state.classList.toggle('is-loading', loading);
  };
  const renderView = () => {
    frame = 0;
    const { lng, lat } = map.getCenter();
    view.textContent = t('status.view', { zoom: formatNumber(map.getZoom(), 1), lat: lat.toFixed(5), lon: lng.toFixed(5) });
  };
  const scheduleView = () => {
    if (!frame) frame = requestAnimationFrame(renderView);
  };

  map.on('dataloading', () => {
    if (!loading) {
      loading = true;
      renderState();
    }
  });
  map.on('idle', () => {
    loading = false;
    renderState();
  });
  map.on('move', scheduleView);
  map.on('error', (event) => {
    error.textContent = t('status.error', { message: event.error?.message ?? '?' });
    clearTimeout(errorTimer);
    errorTimer = setTimeout(() => (error.textContent = ''), ERROR_VISIBLE_MS);
  });
  onLangChange(() => {
    renderState();
    renderView();
  });

  renderState();
  renderView();
  replaceChildren(container, state, view, error);
}
