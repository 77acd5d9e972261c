import type { GeoFeature } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { SEVERITY_COLORS } from '../../map/layers/analysis-route-audit';
import { h } from '../dom';
import { findingRows, routeRows, type FindingRow, type RouteRow } from './route-audit-model';

export type AuditCsvKind = 'finding' | 'route';

export interface RouteAuditActions {
  /** Zooms to a finding and selects it on the map. */
  readonly showFinding: (feature: GeoFeature) => void;
  /** Null when this API build has no printable report. */
  readonly openReport: (() => void) | null;
  readonly exportCsv: (kind: AuditCsvKind) => void;
}

const ROUTE_COLUMNS: readonly { key: keyof RouteRow; label: MessageKey; numeric: boolean }[] = [
  { key: 'name', label: 'audit.col.route', numeric: false },
  { key: 'school', label: 'audit.col.school', numeric: false },
  { key: 'lengthM', label: 'audit.col.lengthM', numeric: true },
  { key: 'seenPct', label: 'audit.col.seenPct', numeric: true },
  { key: 'litPct', label: 'audit.col.litPct', numeric: true },
  { key: 'longestDarkUnwatchedM', label: 'audit.col.longestDarkUnwatchedM', numeric: true },
  { key: 'maxRefugeGapM', label: 'audit.col.maxRefugeGapM', numeric: true },
  { key: 'findings', label: 'audit.col.findings', numeric: true },
];

/** Inline, so the badge has the map's and the printed report's colour for its severity. */
function severityStyle(severity: string): string {
  const colour = (SEVERITY_COLORS as Record<string, string>)[severity] ?? '#777777';
  return `background: ${colour}; color: #ffffff; padding: 0 0.4em; border-radius: 3px; font-weight: bold; white-space: nowrap`;
}

const SELECTED_ROW_BACKGROUND = '#fff3bf';

function tableBox(caption: string, head: readonly string[], body: HTMLElement[], className: string): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      { class: `result-table ${className}` },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...head.map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, ...body),
    ),
  );
}

function routesTable(rows: readonly RouteRow[]): HTMLElement {
  const body = rows.map((row) =>
    h('tr', { 'data-route-id': row.routeId }, ...ROUTE_COLUMNS.map((c) => h(c.key === 'name' ? 'th' : 'td', { class: c.numeric ? 'num' : '', scope: c.key === 'name' ? 'row' : null }, row[c.key]))),
  );
  return tableBox(t('audit.routes'), ROUTE_COLUMNS.map((c) => t(c.label)), body, 'audit-routes');
}

function findingsTable(rows: readonly FindingRow[], byId: ReadonlyMap<string, GeoFeature>, show: (feature: GeoFeature) => void): HTMLElement {
  const body = rows.map((row) => {
    const feature = byId.get(String(row.featureId));
    const button = h('button', { type: 'button', class: 'button button-small', 'aria-label': t('audit.showFinding', { rank: row.rank }), disabled: !feature }, String(row.rank));
    const tr = h(
      'tr',
      { 'data-feature-id': row.featureId === undefined ? null : String(row.featureId), 'data-severity': row.severity, class: 'finding-row' },
      h('td', { class: 'num' }, button),
      h('td', {}, h('span', { class: 'severity', style: severityStyle(row.severity) }, row.severityLabel)),
      h('td', {}, row.ruleLabel),
      h('td', {}, row.message),
      h('td', {}, row.route),
    );
    // The whole row answers a click; the button makes it reachable by keyboard and screen readers.
    if (feature) tr.addEventListener('click', () => show(feature));
    return tr;
  });
  const head = (['audit.col.rank', 'audit.col.severity', 'audit.col.rule', 'audit.col.message', 'audit.col.route'] as const).map((key) => t(key));
  return tableBox(t('audit.findings'), head, body, 'audit-findings');
}

/** A route audit's results: per-route figures, the ranked findings (click one to see it on the map), report and CSV. */
export function routeAuditSection(features: readonly GeoFeature[], actions: RouteAuditActions): HTMLElement {
  const findings = findingRows(features);
  const byId = new Map(features.filter((f) => f.id !== undefined).map((f) => [String(f.id), f]));
  const button = (label: MessageKey, onclick: () => void) => h('button', { type: 'button', class: 'button', onclick }, t(label));
  return h(
    'section',
    { class: 'route-audit-results' },
    routesTable(routeRows(features)),
    findings.length > 0 ? findingsTable(findings, byId, actions.showFinding) : h('p', { class: 'hint' }, t('audit.noFindings')),
    h(
      'div',
      { class: 'form-actions' },
      actions.openReport && button('results.openReport', actions.openReport),
      button('audit.exportFindings', () => actions.exportCsv('finding')),
      button('audit.exportRoutes', () => actions.exportCsv('route')),
    ),
  );
}

/** Marks the table row of the selected finding (selected here or on the map); none for null. */
export function markFinding(container: HTMLElement, featureId: string | number | null): void {
  for (const row of container.querySelectorAll<HTMLElement>('tr.finding-row')) {
    const current = featureId !== null && row.dataset.featureId === String(featureId);
    row.classList.toggle('is-selected', current);
    row.style.background = current ? SELECTED_ROW_BACKGROUND : '';
    if (current) {
      row.setAttribute('aria-current', 'true');
      row.scrollIntoView({ block: 'nearest' });
    } else row.removeAttribute('aria-current');
  }
}
