import type { GeoFeature } from '../../api/client';
import { formatNumber } from '../../i18n';
import { h } from '../dom';
import { propertyLabel } from '../property-labels';

type Scalar = string | number | boolean | null;

const isScalar = (value: unknown): value is Scalar => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** Columns of a result table: every scalar property, in the order first seen, without `kind`. */
export function tableColumns(features: readonly GeoFeature[]): string[] {
  const columns: string[] = [];
  for (const feature of features) {
    for (const [key, value] of Object.entries(feature.properties)) {
      if (key !== 'kind' && isScalar(value) && !columns.includes(key)) columns.push(key);
    }
  }
  return columns;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends, a header row of property names. */
export function toCsv(features: readonly GeoFeature[], columns: readonly string[]): string {
  const lines = [columns.map(csvCell).join(','), ...features.map((f) => columns.map((c) => csvCell(f.properties[c])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function cell(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value, 2);
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  return value === null || value === undefined ? '—' : String(value);
}

/** The features' properties as a table a person can scan (and a screen reader can navigate). */
export function resultTable(features: readonly GeoFeature[], columns: readonly string[], caption: string): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      { class: 'result-table' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, propertyLabel(c))))),
      h('tbody', {}, ...features.map((f) => h('tr', {}, ...columns.map((c) => h('td', { class: typeof f.properties[c] === 'number' ? 'num' : '' }, cell(f.properties[c])))))),
    ),
  );
}
