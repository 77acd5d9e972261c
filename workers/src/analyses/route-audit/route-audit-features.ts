import type { RouteAuditParams } from '../../contracts';
import type { Vec } from '../../kernels';
import type { ResultFeature } from '../../handlers/analysis-handler';
import type { RouteCrimes } from './route-crimes';
import type { Finding, Severity } from './route-findings';
import type { CountermeasureRow, RouteRow } from './route-audit.repository';

/** The coverage figures of a route, as the `coverage` analysis reports them for the same line. */
export interface RouteCoverageFigures {
  lengthM: number;
  seenM: number;
  litM: number;
  seenOrLitM: number;
  seenPct: number;
  litPct: number;
  seenOrLitPct: number;
  longestDarkUnwatchedM: number;
}

export interface RouteAudit {
  row: RouteRow;
  /** The route's parts in the metric zone (its geometry in the result). */
  parts: Vec[][];
  coverage: RouteCoverageFigures;
  /** Null when no refuge is within the search distance. */
  maxRefugeGapM: number | null;
  refugeGapOverM: number;
  nearestRefugeAtMax: string | null;
  crimes: RouteCrimes;
  crimesByYear: Record<string, number>;
  crossings: number;
  mainRoadCrossings: number;
  findings: Finding[];
  countermeasures: CountermeasureRow[];
}

/** The figures a countermeasure's before/after compares. */
export const TRACKED_FIGURES = ['seenPct', 'litPct', 'longestDarkUnwatchedM', 'maxRefugeGapM'] as const;

const r2 = (x: number) => Math.round(x * 100) / 100;

export function trackedFigures(a: Pick<RouteAudit, 'coverage' | 'maxRefugeGapM'>): Record<(typeof TRACKED_FIGURES)[number], number | null> {
  return {
    seenPct: a.coverage.seenPct,
    litPct: a.coverage.litPct,
    longestDarkUnwatchedM: a.coverage.longestDarkUnwatchedM,
    maxRefugeGapM: a.maxRefugeGapM,
  };
}

export function routeFeature(a: RouteAudit): ResultFeature {
  const after = trackedFigures(a);
  const count = (s: Severity) => a.findings.filter((f) => f.severity === s).length;
  return {
    kind: 'route',
    geometry: null,
    metricGeometry: { type: 'MultiLineString', coordinates: a.parts },
    properties: {
      routeId: a.row.id,
      name: a.row.name,
      school: a.row.school,
      period: a.row.period,
      pupils: a.row.pupils,
      ...a.coverage,
      maxRefugeGapM: a.maxRefugeGapM === null ? null : r2(a.maxRefugeGapM),
      refugeGapOverM: r2(a.refugeGapOverM),
      nearestRefugeAtMax: a.nearestRefugeAtMax,
      crimes: a.crimes,
      crimesByYear: a.crimesByYear,
      crossings: a.crossings,
      mainRoadCrossings: a.mainRoadCrossings,
      findings: a.findings.length,
      highFindings: count('high'),
      mediumFindings: count('medium'),
      lowFindings: count('low'),
      countermeasures: a.countermeasures.map((c) => ({
        id: c.id,
        status: c.status,
        owner: c.owner,
        rule: c.rule,
        createdAt: new Date(c.createdAt).toISOString(),
        before: c.before,
        after,
      })),
    },
  };
}

export function findingFeature(f: Finding, route: RouteRow): ResultFeature {
  return {
    kind: 'finding',
    geometry: null,
    metricGeometry: f.geometry,
    properties: { routeId: f.routeId, routeName: route.name, school: route.school, rule: f.rule, severity: f.severity, ...f.properties },
  };
}

export interface AuditInputs {
  cameras: number;
  streetlights: number;
  buildings: number;
  refuges: number;
}

export function summarise(audits: readonly RouteAudit[], findings: readonly Finding[], p: RouteAuditParams, crimeYear: string | null, inputs: AuditInputs) {
  const sum = (pick: (c: RouteCoverageFigures) => number) => audits.reduce((s, a) => s + pick(a.coverage), 0);
  const lengthM = sum((c) => c.lengthM);
  const share = (part: number) => (lengthM > 0 ? r2((100 * part) / lengthM) : 0);
  const byRule: Record<string, number> = {};
  for (const f of findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  const gaps = audits.map((a) => a.maxRefugeGapM).filter((g): g is number => g !== null);
  return {
    routes: audits.length,
    schools: [...new Set(audits.map((a) => a.row.school))].sort(),
    lengthM: r2(lengthM),
    seenPct: share(sum((c) => c.seenM)),
    litPct: share(sum((c) => c.litM)),
    seenOrLitPct: share(sum((c) => c.seenOrLitM)),
    longestDarkUnwatchedM: Math.max(0, ...audits.map((a) => a.coverage.longestDarkUnwatchedM)),
    maxRefugeGapM: gaps.length > 0 ? r2(Math.max(...gaps)) : null,
    routesWithoutRefuge: audits.filter((a) => a.maxRefugeGapM === null).length,
    crimeYear,
    findings: findings.length,
    high: findings.filter((f) => f.severity === 'high').length,
    medium: findings.filter((f) => f.severity === 'medium').length,
    low: findings.filter((f) => f.severity === 'low').length,
    byRule,
    thresholds: p.thresholds,
    refugeKinds: p.refugeKinds,
    refugeSearchM: p.refugeSearchM,
    ...inputs,
    notes: {
      crossings: 'no crossings layer: a crossing is a point where a road with motor traffic meets the route without the route following it (junctions passed), merged within 1 m',
      signals: 'not counted: there is no traffic-signal layer',
      crimes: 'recorded crime of every block (町丁目) the route intersects, each block once per route',
    },
  };
}
