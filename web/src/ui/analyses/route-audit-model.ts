import type { GeoFeature } from '../../api/client';
import { formatNumber, lang, t, type MessageKey } from '../../i18n';

/**
 * The rows of a school route audit as the panel lists them (ARCHITECTURE.md: `kind: "route"` with
 * its figures, `kind: "finding"` with `rule`, `severity`, `message`). Pure: no DOM.
 */
export interface FindingRow {
  /** The result feature's id: the same id its map feature carries. */
  readonly featureId: string | number | undefined;
  readonly rank: number;
  readonly severity: string;
  readonly severityLabel: string;
  readonly rule: string;
  readonly ruleLabel: string;
  readonly message: string;
  readonly route: string;
}

export interface RouteRow {
  readonly featureId: string | number | undefined;
  readonly routeId: number;
  readonly name: string;
  readonly school: string;
  readonly lengthM: string;
  readonly seenPct: string;
  readonly litPct: string;
  readonly longestDarkUnwatchedM: string;
  readonly maxRefugeGapM: string;
  readonly findings: string;
}

const SEVERITIES = ['high', 'medium', 'low'] as const;
const RULES = ['dark-unwatched', 'refuge-gap', 'no-refuge', 'crime-block', 'low-coverage', 'low-lighting'] as const;

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const figure = (value: unknown, decimals: number): string => (typeof value === 'number' && Number.isFinite(value) ? formatNumber(value, decimals) : '—');
const rankOf = (f: GeoFeature): number => (typeof f.properties.rank === 'number' ? f.properties.rank : Number.MAX_SAFE_INTEGER);

export function severityLabel(severity: string): string {
  return (SEVERITIES as readonly string[]).includes(severity) ? t(`audit.severity.${severity}` as MessageKey) : severity;
}

export function ruleLabel(rule: string): string {
  return (RULES as readonly string[]).includes(rule) ? t(`audit.rule.${rule}` as MessageKey) : rule;
}

/** Findings in rank order, their message in the UI's language (Japanese unless English is chosen and given). */
export function findingRows(features: readonly GeoFeature[]): FindingRow[] {
  return features
    .filter((f) => f.properties.kind === 'finding')
    .sort((a, b) => rankOf(a) - rankOf(b))
    .map((f) => {
      const p = f.properties;
      const message = lang() === 'en' && typeof p.messageEn === 'string' ? p.messageEn : text(p.message);
      return {
        featureId: f.id,
        rank: rankOf(f),
        severity: text(p.severity),
        severityLabel: severityLabel(text(p.severity)),
        rule: text(p.rule),
        ruleLabel: ruleLabel(text(p.rule)),
        message,
        route: text(p.routeName) || `#${text(p.routeId)}`,
      };
    });
}

/** Routes in the order of their id; percentages to 0.1, lengths to the metre, as the printed report shows them. */
export function routeRows(features: readonly GeoFeature[]): RouteRow[] {
  return features
    .filter((f) => f.properties.kind === 'route')
    .map((f) => {
      const p = f.properties;
      return {
        featureId: f.id,
        routeId: Number(p.routeId),
        name: text(p.name) || `#${text(p.routeId)}`,
        school: text(p.school),
        lengthM: figure(p.lengthM, 0),
        seenPct: figure(p.seenPct, 1),
        litPct: figure(p.litPct, 1),
        longestDarkUnwatchedM: figure(p.longestDarkUnwatchedM, 0),
        maxRefugeGapM: p.maxRefugeGapM === null ? t('audit.noRefuge') : figure(p.maxRefugeGapM, 0),
        findings: figure(p.findings, 0),
      };
    })
    .sort((a, b) => a.routeId - b.routeId);
}
