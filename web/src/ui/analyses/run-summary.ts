import type { RunView } from '../../api/client';
import { formatNumber, t, type MessageKey } from '../../i18n';
import { h } from '../dom';

interface SummaryField {
  readonly key: string;
  readonly label: MessageKey;
  readonly unit?: 'pct' | 'm' | 'km' | 'yen' | 'h';
}

/** The figures each type's summary leads with; any other scalar follows under its own name. */
const LEADING: Readonly<Record<string, readonly SummaryField[]>> = {
  coverage: [
    { key: 'seenOrLitPct', label: 'summary.seenOrLitPct', unit: 'pct' },
    { key: 'seenPct', label: 'summary.seenPct', unit: 'pct' },
    { key: 'litPct', label: 'summary.litPct', unit: 'pct' },
    { key: 'lengthM', label: 'summary.lengthM', unit: 'm' },
    { key: 'blindSpots', label: 'summary.blindSpots' },
    { key: 'darkSpots', label: 'summary.darkSpots' },
  ],
  siting: [
    { key: 'coveredPct', label: 'summary.coveredPct', unit: 'pct' },
    { key: 'objective', label: 'summary.objective', unit: 'm' },
    { key: 'totalCost', label: 'summary.totalCost', unit: 'yen' },
    { key: 'optimal', label: 'summary.optimal' },
    { key: 'gap', label: 'summary.gap' },
  ],
  'beat-stats': [
    { key: 'beats', label: 'summary.beats' },
    { key: 'households', label: 'summary.households' },
    { key: 'cameras', label: 'summary.cameras' },
    { key: 'streetlights', label: 'summary.streetlights' },
  ],
  'beat-check': [
    { key: 'beats', label: 'summary.beats' },
    { key: 'defects', label: 'summary.defects' },
    { key: 'gaps', label: 'summary.gaps' },
    { key: 'overlaps', label: 'summary.overlaps' },
    { key: 'requiredVisitsPerYear', label: 'summary.requiredVisitsPerYear' },
  ],
  'route-audit': [
    { key: 'seenPct', label: 'summary.seenPct', unit: 'pct' },
    { key: 'litPct', label: 'summary.litPct', unit: 'pct' },
    { key: 'routes', label: 'summary.routes' },
    { key: 'lengthM', label: 'summary.lengthM', unit: 'm' },
    { key: 'longestDarkUnwatchedM', label: 'summary.longestDarkUnwatchedM', unit: 'm' },
    { key: 'maxRefugeGapM', label: 'summary.maxRefugeGapM', unit: 'm' },
    { key: 'findings', label: 'summary.findings' },
    { key: 'high', label: 'summary.high' },
    { key: 'medium', label: 'summary.medium' },
    { key: 'low', label: 'summary.low' },
  ],
  'patrol-coverage': [
    { key: 'passedPct', label: 'summary.passedPct', unit: 'pct' },
    { key: 'km', label: 'summary.km', unit: 'km' },
    { key: 'hours', label: 'summary.hours', unit: 'h' },
    { key: 'unpatrolledRoads', label: 'summary.unpatrolledRoads' },
  ],
};

function format(value: unknown, unit?: SummaryField['unit']): string {
  if (typeof value === 'boolean') return value ? t('summary.yes') : t('summary.no');
  if (typeof value !== 'number') return String(value);
  switch (unit ?? 'none') {
    case 'none':
      return formatNumber(value, 3);
    case 'pct':
      return `${formatNumber(value, 1)}%`;
    case 'm':
      return `${formatNumber(value, 1)} m`;
    case 'km':
      return `${formatNumber(value, 2)} km`;
    case 'yen':
      return `${formatNumber(value)} 円`;
    case 'h':
      return `${formatNumber(value, 1)} h`;
  }
}

/** Label and formatted value of every scalar in a run's summary, the type's leading figures first. */
export function summaryRows(run: RunView): [label: string, value: string][] {
  const summary = run.summary ?? {};
  const leading = LEADING[run.type] ?? [];
  const rows: [string, string][] = leading.filter((f) => summary[f.key] !== undefined && summary[f.key] !== null).map((f) => [t(f.label), format(summary[f.key], f.unit)]);
  for (const [key, value] of Object.entries(summary)) {
    if (leading.some((f) => f.key === key) || value === null || typeof value === 'object') continue;
    rows.push([key, format(value)]);
  }
  return rows;
}

export function summaryCard(run: RunView): HTMLElement {
  const rows = summaryRows(run);
  const [lead, ...rest] = rows;
  return h(
    'section',
    { class: 'summary-card', 'aria-label': t('results.summary'), 'data-testid': 'run-summary' },
    lead && h('p', { class: 'summary-lead' }, h('span', { class: 'summary-lead-value' }, lead[1]), ' ', lead[0]),
    h('dl', { class: 'summary-list' }, ...rest.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])),
  );
}
