import { CSV_BOM, csvLine } from '../layers/csv-export';

export interface ResultRow {
  id: number;
  kind: string;
  properties: Record<string, unknown>;
}

/** Identifying columns first, in this order; the rest alphabetically (stored JSON keeps no order). */
const LEADING = ['beatId', 'roadId', 'targetId', 'routeId', 'unit', 'code', 'name'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Properties with nested objects spread one level (`crimesPerYear.2025`), so each figure gets its own column. */
export function flatProperties(properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const [inner, v] of Object.entries(value)) out[`${key}.${inner}`] = v;
    } else {
      out[key] = value;
    }
  }
  return out;
}

function columnOrder(a: string, b: string): number {
  const rank = (c: string) => {
    const i = LEADING.indexOf(c.split('.')[0]);
    return i < 0 ? LEADING.length : i;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * A run's result rows as CSV for spreadsheets: UTF-8 with a BOM, one row per feature, `id` and
 * `kind` then every property seen (geometry left out: the GeoJSON export carries it).
 */
export function resultsCsv(rows: readonly ResultRow[]): string {
  const flat = rows.map((r) => flatProperties(r.properties));
  const keys = new Set<string>();
  for (const p of flat) for (const k of Object.keys(p)) if (k !== 'kind') keys.add(k);
  const columns = [...keys].sort(columnOrder);
  let text = CSV_BOM + csvLine(['id', 'kind', ...columns]);
  rows.forEach((r, i) => {
    text += csvLine([r.id, r.kind, ...columns.map((c) => flat[i][c])]);
  });
  return text;
}

/** An export as the controller sends it. */
export interface ResultFile {
  body: string;
  contentType: string;
  filename: string;
}

export const RESULT_EXPORT_FORMATS = ['geojson', 'csv'] as const;
