import { analysesEn, analysesJa } from './messages/analyses';
import { coreEn, coreJa } from './messages/core';
import { editEn, editJa } from './messages/edit';
import { filesEn, filesJa } from './messages/files';

export type Lang = 'ja' | 'en';

export interface LocalizedText {
  readonly ja: string;
  readonly en: string;
}

const STORAGE_KEY = 'mimamori.lang';

const ja = { ...coreJa, ...editJa, ...analysesJa, ...filesJa };

export type MessageKey = keyof typeof ja;

const en: Record<MessageKey, string> = { ...coreEn, ...editEn, ...analysesEn, ...filesEn };

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { ja, en };

function isLang(value: unknown): value is Lang {
  return value === 'ja' || value === 'en';
}

function storedLang(): Lang {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLang(value) ? value : 'ja';
  } catch {
    return 'ja';
  }
}

let current: Lang = storedLang();
const listeners = new Set<(lang: Lang) => void>();

export function lang(): Lang {
  return current;
}

/** The message for `key` in the current language, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return DICTIONARIES[current][key].replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export function localized(text: LocalizedText): string {
  return text[current];
}

export function formatNumber(value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(current === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits }).format(value);
}

export function applyDocumentLang(): void {
  document.documentElement.lang = current;
}

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private browsing may refuse storage; the choice then lasts for this page only.
  }
  applyDocumentLang();
  for (const listener of listeners) listener(next);
}

export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
