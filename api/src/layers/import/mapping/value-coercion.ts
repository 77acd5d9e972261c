import type { PropertySpec } from '@mimamori/db';

/**
 * Spellings of enum values met in Japanese municipal and police files. Only the values of the
 * property at hand are considered, so 警察署 is a koban among facilities and a police-station
 * among jurisdictions.
 */
const ENUM_ALIASES: Readonly<Record<string, readonly string[]>> = {
  active: ['稼働', '稼働中', '運用中', '使用中', '有効', '正常', 'ok', 'in_service', 'operational'],
  planned: ['計画', '計画中', '予定', '設置予定', 'proposed'],
  out_of_service: ['停止', '停止中', '故障', '故障中', '休止', '撤去', 'broken', 'inactive'],
  led: ['led'],
  fluorescent: ['蛍光灯', '蛍光', 'fl'],
  mercury: ['水銀灯', '水銀'],
  sodium: ['ナトリウム灯', 'ナトリウム', '高圧ナトリウム灯', '低圧ナトリウム灯', 'high_pressure_sodium', 'low_pressure_sodium'],
  metal_halide: ['メタルハライド', 'メタルハライド灯', 'メタハラ'],
  unknown: ['不明'],
  school: ['学校', '小学校', '中学校', '高校', '高等学校', '義務教育学校', '幼稚園', 'kindergarten'],
  koban: ['交番', '駐在所', '警察署', 'police', 'police_box'],
  refuge: ['こども110番の家', '子ども110番の家', 'こども110番', '110番の家'],
  shelter: ['避難所', '避難場所', '指定避難所', '指定緊急避難場所', '緊急避難場所'],
  station: ['駅', '鉄道駅'],
  convenience: ['コンビニ', 'コンビニエンスストア'],
  police: ['警察', 'パトカー', '警察車両'],
  volunteer: ['青パト', '青色防犯パトロール', 'ボランティア', '防犯パトロール'],
  foot: ['徒歩', '徒歩パトロール'],
  morning: ['登校', '朝'],
  afternoon: ['下校', '午後'],
  both: ['登下校', '両方'],
  'police-station': ['警察署', '警察署管轄区域', 'police_station'],
  city: ['市', '市区町村', '市町村'],
  ward: ['区', '特別区'],
  other: ['その他'],
};

const TRUE_WORDS = ['true', 'yes', 'y', '1', 't', '有', 'あり', '有り', '○', '〇', 'はい', '対応', '可'];
const FALSE_WORDS = ['false', 'no', 'n', '0', 'f', '無', 'なし', '無し', '×', 'いいえ', '非対応', '不可'];

/** Units people leave on numbers in spreadsheets ("30m", "90°", "40W"). */
const UNIT_SUFFIX = /\s*(m|km|度|°|deg|w|lm|px|階|人|世帯|件|戸|メートル|ワット)$/i;

const ERAS: Readonly<Record<string, number>> = { 令和: 2018, r: 2018, 平成: 1988, h: 1988, 昭和: 1925, s: 1925 };

/**
 * Converts a source value (a CSV cell is always text) to the property's type. A value that
 * cannot be converted is returned unchanged, so that the validator rejects it with its usual
 * message naming the property.
 */
export function coerceValue(spec: PropertySpec, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string' && raw.trim() === '') return null;
  switch (spec.type) {
    case 'text':
      return typeof raw === 'string' ? raw.trim() : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : raw;
    case 'enum':
      return typeof raw === 'string' ? (enumValue(spec.values ?? [], raw) ?? raw) : raw;
    case 'number':
    case 'integer':
      return typeof raw === 'string' ? (parseNumber(raw) ?? raw) : raw;
    case 'boolean':
      return parseBoolean(raw) ?? raw;
    case 'date':
      return typeof raw === 'string' ? (parseDate(raw) ?? raw) : raw;
    case 'timestamp':
      return typeof raw === 'string' ? (parseLocalTimestamp(raw) ?? raw) : raw;
    case 'json':
      return typeof raw === 'string' ? (parseJsonText(raw) ?? raw) : raw;
  }
}

function normaliseWord(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function enumValue(values: readonly string[], raw: string): string | null {
  const word = normaliseWord(raw);
  for (const value of values) {
    if (normaliseWord(value) === word) return value;
  }
  for (const value of values) {
    if ((ENUM_ALIASES[value] ?? []).some((alias) => normaliseWord(alias) === word)) return value;
  }
  return null;
}

/** "1,234", "３０ｍ", "90°" → numbers; anything else → null. */
export function parseNumber(text: string): number | null {
  const cleaned = text.normalize('NFKC').trim().replace(UNIT_SUFFIX, '').replace(/(\d),(?=\d{3}\b)/g, '$1');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

export function parseBoolean(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  if (raw === 1 || raw === 0) return raw === 1;
  if (typeof raw !== 'string') return null;
  const word = raw.normalize('NFKC').trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return null;
}

/** YYYY-MM-DD from 2024-4-1, 2024/04/01, 2024.4.1, 2024年4月1日, 令和6年4月1日, R6.4.1. */
export function parseDate(text: string): string | null {
  const t = text.normalize('NFKC').trim();
  const western = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T\s]00:00(?::00)?)?$/.exec(t);
  if (western) return isoDate(Number(western[1]), Number(western[2]), Number(western[3]));
  const era = /^(令和|平成|昭和|[RHS])\s*(\d{1,2}|元)[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/i.exec(t);
  if (!era) return null;
  const year = ERAS[era[1].toLowerCase()] + (era[2] === '元' ? 1 : Number(era[2]));
  return isoDate(year, Number(era[3]), Number(era[4]));
}

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A time without a zone from a Japanese file is Japan time: "2025/04/01 08:00" becomes
 * 2025-04-01T08:00:00+09:00. Times with a zone pass unchanged.
 */
export function parseLocalTimestamp(text: string): string | null {
  const t = text.normalize('NFKC').trim();
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[T\s](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/.exec(t);
  if (!m) return null;
  const date = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!date) return null;
  return `${date}T${m[4].padStart(2, '0')}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}+09:00`;
}

function parseJsonText(text: string): unknown {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return null;
  try {
    return JSON.parse(t);
  } catch {
    return null;
  }
}

/** A plane-rectangular zone 1–19 from 9, "９", "IX", "第9系", "9系". */
export function parseZone(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 1 && raw <= 19 ? raw : null;
  if (typeof raw !== 'string') return null;
  const t = raw.normalize('NFKC').trim().toUpperCase().replace(/^第/, '').replace(/系$/, '');
  const n = /^\d+$/.test(t) ? Number(t) : romanNumeral(t);
  return n !== null && n >= 1 && n <= 19 ? n : null;
}

function romanNumeral(text: string): number | null {
  if (!/^[IVX]+$/.test(text)) return null;
  const value: Record<string, number> = { I: 1, V: 5, X: 10 };
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    const v = value[text[i]];
    total += i + 1 < text.length && v < value[text[i + 1]] ? -v : v;
  }
  return total;
}

/** EPSG code of a JGD2011 plane-rectangular zone (1 → 6669 … 19 → 6687). */
export function zoneSrid(zone: number): number {
  return 6668 + zone;
}
