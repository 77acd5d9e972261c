export type Lang = 'ja' | 'en';

export interface LocalizedText {
  readonly ja: string;
  readonly en: string;
}

const STORAGE_KEY = 'mimamori.lang';

const ja = {
  'app.tagline': '防犯インフラ分析',
  'app.skipToMap': '地図へ移動',
  'app.sampleBadge': 'サンプルデータ / sample data',
  'app.sampleNote': 'サンプルデータ: 防犯カメラ・追加の防犯灯・通学路・受持区・パトロール軌跡は、デモ用に生成したものです。',
  'map.label': '地図',
  'map.zoomIn': '拡大',
  'map.zoomOut': '縮小',
  'map.attribution': '出典の表示を切り替える',
  'lang.switch': 'English',
  'lang.switchLabel': '表示言語を英語に切り替える',
  'login.heading': 'ログイン',
  'login.username': 'ユーザー名',
  'login.password': 'パスワード',
  'login.submit': 'ログイン',
  'login.submitting': 'ログイン中…',
  'login.failed': 'ログインできませんでした: {message}',
  'login.missing': 'ユーザー名とパスワードを入力してください。',
  'login.hint': 'ログインしなくても公開レイヤーを閲覧できます。編集や警察限定レイヤーにはログインが必要です。',
  'login.signedIn': 'ログイン中',
  'login.logout': 'ログアウト',
  'role.admin': '管理者',
  'role.planner': '計画担当',
  'role.police': '警察',
  'role.viewer': '閲覧者',
  'layers.heading': 'レイヤー',
  'layers.loading': 'レイヤーを読み込み中…',
  'layers.error': 'レイヤー一覧を取得できませんでした: {message}',
  'layers.retry': '再読み込み',
  'layers.count': '{count}件',
  'layers.sample': 'サンプル',
  'layers.police': '警察限定',
  'layers.zoomTo': '{title}の範囲を表示',
  'layers.notDrawn': '地図には表示されません',
  'layers.minZoom': 'ズーム{zoom}以上で表示',
  'feature.heading': '選択中の地物',
  'feature.close': '選択を解除',
  'feature.sample': 'サンプルデータ',
  'status.loading': '地図を読み込み中…',
  'status.ready': '表示完了',
  'status.view': 'ズーム {zoom} ・ 北緯 {lat} ・ 東経 {lon}',
  'status.error': '地図データを取得できませんでした: {message}',
  'status.webgl': 'このブラウザーでは地図を表示できません (WebGL が使えません)。',
  'legend.active': '稼働中',
  'legend.planned': '計画中',
  'legend.outOfService': '停止中',
  'legend.litRadius': '照明範囲 (概略)',
  'legend.roadMajor': '幹線道路',
  'legend.roadLocal': '生活道路',
  'legend.roadPath': '歩道・小径・階段',
  'legend.block': '町丁目',
  'legend.building': '建物',
  'legend.beat': '受持区',
  'legend.area': '管轄区域の境界',
  'legend.route': '通学路',
  'legend.patrolPolice': 'パトカー',
  'legend.patrolVolunteer': '青色防犯パトロール',
  'legend.patrolFoot': '徒歩',
  'legend.school': '学校',
  'legend.koban': '交番・駐在所',
  'legend.refuge': 'こども110番の家',
  'legend.shelter': '避難所',
  'legend.station': '駅',
  'legend.convenience': 'コンビニ',
} as const;

export type MessageKey = keyof typeof ja;

const en: Record<MessageKey, string> = {
  'app.tagline': 'Crime-prevention infrastructure analytics',
  'app.skipToMap': 'Skip to map',
  'app.sampleBadge': 'サンプルデータ / sample data',
  'app.sampleNote': 'Sample data: cameras, extra streetlights, school routes, beats and patrol tracks are generated for the demo.',
  'map.label': 'Map',
  'map.zoomIn': 'Zoom in',
  'map.zoomOut': 'Zoom out',
  'map.attribution': 'Toggle attribution',
  'lang.switch': '日本語',
  'lang.switchLabel': 'Switch the display language to Japanese',
  'login.heading': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.failed': 'Sign-in failed: {message}',
  'login.missing': 'Enter a username and a password.',
  'login.hint': 'Public layers can be browsed without signing in. Editing and police-only layers need an account.',
  'login.signedIn': 'Signed in',
  'login.logout': 'Sign out',
  'role.admin': 'Administrator',
  'role.planner': 'Planner',
  'role.police': 'Police',
  'role.viewer': 'Viewer',
  'layers.heading': 'Layers',
  'layers.loading': 'Loading layers…',
  'layers.error': 'Could not load the layer list: {message}',
  'layers.retry': 'Reload',
  'layers.count': '{count} features',
  'layers.sample': 'Sample',
  'layers.police': 'Police only',
  'layers.zoomTo': 'Zoom to {title}',
  'layers.notDrawn': 'Not drawn on the map',
  'layers.minZoom': 'Shown from zoom {zoom}',
  'feature.heading': 'Selected feature',
  'feature.close': 'Clear selection',
  'feature.sample': 'Sample data',
  'status.loading': 'Loading map…',
  'status.ready': 'Ready',
  'status.view': 'Zoom {zoom} · {lat}°N · {lon}°E',
  'status.error': 'Could not load map data: {message}',
  'status.webgl': 'This browser cannot draw the map (WebGL is unavailable).',
  'legend.active': 'Active',
  'legend.planned': 'Planned',
  'legend.outOfService': 'Out of service',
  'legend.litRadius': 'Lit radius (approx.)',
  'legend.roadMajor': 'Major road',
  'legend.roadLocal': 'Local street',
  'legend.roadPath': 'Footway, path, steps',
  'legend.block': 'Block (町丁目)',
  'legend.building': 'Building',
  'legend.beat': 'Police beat',
  'legend.area': 'Jurisdiction boundary',
  'legend.route': 'School route',
  'legend.patrolPolice': 'Police car',
  'legend.patrolVolunteer': 'Volunteer blue-light patrol',
  'legend.patrolFoot': 'On foot',
  'legend.school': 'School',
  'legend.koban': 'Police box (交番)',
  'legend.refuge': 'Child refuge (こども110番)',
  'legend.shelter': 'Shelter',
  'legend.station': 'Station',
  'legend.convenience': 'Convenience store',
};

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
