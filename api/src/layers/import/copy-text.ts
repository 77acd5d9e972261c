/**
 * PostgreSQL COPY text format: one line per row, tab-separated, `\N` for NULL, and backslash,
 * tab, newline and carriage return escaped inside values.
 */
export const COPY_NULL = '\\N';

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyText(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ESCAPES[c]) : text;
}

/** A scalar cell: null/undefined → NULL, booleans as t/f, numbers as JavaScript writes them (float8 reads NaN, 1e+21). */
export function copyCell(value: unknown): string {
  if (value === null || value === undefined) return COPY_NULL;
  if (typeof value === 'string') return copyText(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return copyText(JSON.stringify(value));
}

/** A float8[] cell: `{1,2,NaN}`. */
export function copyNumberArray(values: readonly number[] | null): string {
  return values === null ? COPY_NULL : `{${values.map((v) => String(v)).join(',')}}`;
}

export function copyLine(cells: readonly string[]): string {
  return `${cells.join('\t')}\n`;
}
