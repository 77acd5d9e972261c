import { lang, onLangChange, setLang, t } from '../i18n';
import { h } from './dom';

/** One button that switches between Japanese (default) and English. */
export function mountLanguageToggle(container: HTMLElement): void {
  const button = h('button', { type: 'button', class: 'button button-quiet', onclick: () => setLang(lang() === 'ja' ? 'en' : 'ja') });
  const render = () => {
    button.textContent = t('lang.switch');
    button.lang = lang() === 'ja' ? 'en' : 'ja';
    button.setAttribute('aria-label', t('lang.switchLabel'));
  };
  render();
  onLangChange(render);
  container.append(button);
}
