import { onLangChange, t } from '../i18n';
import { h } from './dom';

export interface Shell {
  readonly languageSlot: HTMLElement;
  readonly login: HTMLElement;
  readonly layers: HTMLElement;
  readonly analyses: HTMLElement;
  readonly feature: HTMLElement;
  readonly toolbar: HTMLElement;
  readonly map: HTMLElement;
  readonly status: HTMLElement;
}

/** The page frame: header, sidebar (sign-in, layers, analyses) and the map with its editing toolbar, selection card and status bar. */
export function mountShell(root: HTMLElement): Shell {
  const skipLink = h('a', { class: 'skip-link', href: '#map' });
  const tagline = h('span', { class: 'brand-tagline' });
  const sampleBadge = h('span', { class: 'sample-badge' });
  const sampleNote = h('p', { class: 'sample-note' });
  const languageSlot = h('div', { class: 'header-actions' });
  const login = h('section', { class: 'panel', id: 'login-panel' });
  const layers = h('section', { class: 'panel', id: 'layer-panel', 'aria-labelledby': 'layers-heading' });
  const analyses = h('section', { class: 'panel', id: 'analyses-panel', 'aria-labelledby': 'analyses-heading' });
  const feature = h('section', { class: 'panel feature-panel', id: 'feature-panel', 'aria-live': 'polite' });
  const toolbar = h('div', { class: 'edit-toolbar', id: 'edit-toolbar', role: 'toolbar' });
  const map = h('div', { id: 'map', class: 'map', role: 'region', tabindex: '-1' });
  const status = h('div', { class: 'status-bar' });

  const render = () => {
    skipLink.textContent = t('app.skipToMap');
    tagline.textContent = t('app.tagline');
    sampleBadge.textContent = t('app.sampleBadge');
    sampleBadge.title = t('app.sampleNote');
    sampleNote.textContent = t('app.sampleNote');
    map.setAttribute('aria-label', t('map.label'));
    toolbar.setAttribute('aria-label', t('draw.toolbar'));
  };
  render();
  onLangChange(render);

  root.replaceChildren(
    skipLink,
    h(
      'header',
      { class: 'app-header' },
      h('h1', { class: 'brand' }, h('span', { class: 'brand-mark', lang: 'ja' }, '見守り'), h('span', { class: 'brand-name', lang: 'en' }, 'Mimamori')),
      tagline,
      sampleBadge,
      languageSlot,
    ),
    h(
      'div',
      { class: 'app-body' },
      h('aside', { class: 'sidebar' }, login, layers, analyses, sampleNote),
      h('main', { class: 'map-area' }, map, toolbar, feature, status),
    ),
  );
  return { languageSlot, login, layers, analyses, feature, toolbar, map, status };
}
