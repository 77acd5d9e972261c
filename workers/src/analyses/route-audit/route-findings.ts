/**
 * Findings of a school route audit: concrete places with a rule, a severity and a message in
 * Japanese and English. Rules and severities (T = the threshold of the rule):
 *   dark-unwatched  a stretch neither seen nor lit of ≥ T m           medium; high from 2T
 *   refuge-gap      a stretch farther than T m from every refuge      medium; high when it reaches 2T
 *   no-refuge       no refuge within the search distance of the route high
 *   crime-block     a crossed block with ≥ T recorded crimes a year   medium; high from 2T
 *   low-coverage    under T % of the route seen by a camera           low
 *   low-lighting    under T % of the route lit                        low
 * Ranked by severity, then by how far past its threshold (value / T).
 */
import type { FacilityKind, RouteAuditThresholds } from '../../contracts';
import type { Vec } from '../../kernels';
import type { WritableGeometry } from '../shared/wkb-writer';

export const FINDING_RULES = ['dark-unwatched', 'refuge-gap', 'no-refuge', 'crime-block', 'low-coverage', 'low-lighting'] as const;
export type FindingRule = (typeof FINDING_RULES)[number];
export type Severity = 'high' | 'medium' | 'low';

/** A stretch of a route, metres from its start (parts laid end to end). */
export interface Stretch {
  fromM: number;
  toM: number;
  line: Vec[];
  block: string | null;
  /** Refuge gaps: the greatest distance to a refuge inside the stretch. */
  maxGapM?: number;
}

export interface RouteFacts {
  routeId: number;
  routeName: string;
  school: string;
  seenPct: number;
  litPct: number;
  /** The middle of the route, where route-wide findings are placed. */
  middle: Vec;
  darkUnwatched: Stretch[];
  noRefuge: boolean;
  refugeFar: Stretch[];
  crimeBlocks: { name: string; code: string; total: number; geometry: WritableGeometry }[];
}

export interface FindingSettings {
  thresholds: RouteAuditThresholds;
  crimeYear: string | null;
  refugeKinds: readonly FacilityKind[];
  refugeSearchM: number;
}

export interface Finding {
  routeId: number;
  rule: FindingRule;
  severity: Severity;
  /** value / threshold: how far past its threshold (orders findings of one severity). */
  score: number;
  geometry: WritableGeometry;
  properties: Record<string, unknown>;
}

const KIND_NAMES: Record<FacilityKind, { ja: string; en: string }> = {
  refuge: { ja: '子ども110番の家', en: 'refuge houses' },
  koban: { ja: '交番', en: 'police boxes' },
  convenience: { ja: 'コンビニ', en: 'convenience stores' },
  school: { ja: '学校', en: 'schools' },
  shelter: { ja: '避難所', en: 'shelters' },
  station: { ja: '駅', en: 'stations' },
};
const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

const m = (x: number) => Math.round(x).toLocaleString('en-US');
const pct = (x: number) => (Math.round(x * 10) / 10).toString();
const r2 = (x: number) => Math.round(x * 100) / 100;

function byRatio(value: number, threshold: number): Severity {
  return value >= 2 * threshold ? 'high' : 'medium';
}

function ratio(value: number, threshold: number): number {
  return threshold > 0 ? r2(value / threshold) : value > 0 ? Infinity : 1;
}

function stretchProps(s: Stretch): Record<string, unknown> {
  return { block: s.block, fromM: r2(s.fromM), toM: r2(s.toM), lengthM: r2(s.toM - s.fromM) };
}

/** Every finding of one route, unranked. */
export function routeFindings(f: RouteFacts, settings: FindingSettings): Finding[] {
  const t = settings.thresholds;
  const out: Finding[] = [];
  const add = (rule: FindingRule, severity: Severity, score: number, geometry: WritableGeometry, properties: Record<string, unknown>) =>
    out.push({ routeId: f.routeId, rule, severity, score, geometry, properties });
  const where = (s: Stretch) => s.block ?? f.routeName;
  const middle: WritableGeometry = { type: 'Point', coordinates: f.middle };

  for (const s of f.darkUnwatched) {
    const len = s.toM - s.fromM;
    if (len < t.darkUnwatchedM) continue;
    add('dark-unwatched', byRatio(len, t.darkUnwatchedM), ratio(len, t.darkUnwatchedM), { type: 'LineString', coordinates: s.line }, {
      ...stretchProps(s),
      value: r2(len),
      threshold: t.darkUnwatchedM,
      message: `${where(s)}: 起点から ${m(s.fromM)}〜${m(s.toM)} m の ${m(len)} m が、防犯カメラの視野外で街灯もありません`,
      messageEn: `${where(s)}: ${m(len)} m unlit and unwatched between ${m(s.fromM)} m and ${m(s.toM)} m from the start`,
    });
  }

  const kinds = settings.refugeKinds.map((k) => KIND_NAMES[k]);
  const kindsJa = kinds.map((k) => k.ja).join('・');
  const kindsEn = kinds.map((k) => k.en).join(', ');
  if (f.noRefuge) {
    add('no-refuge', 'high', Infinity, middle, {
      value: null,
      threshold: settings.refugeSearchM,
      message: `${f.routeName}: 通学路から ${m(settings.refugeSearchM)} m 以内に避難先（${kindsJa}）がありません`,
      messageEn: `${f.routeName}: no refuge (${kindsEn}) within ${m(settings.refugeSearchM)} m of the route`,
    });
  }
  for (const s of f.refugeFar) {
    const len = s.toM - s.fromM;
    const max = s.maxGapM ?? t.refugeGapM;
    add('refuge-gap', byRatio(max, t.refugeGapM), ratio(max, t.refugeGapM), { type: 'LineString', coordinates: s.line }, {
      ...stretchProps(s),
      value: r2(max),
      threshold: t.refugeGapM,
      message: `${where(s)}: 起点から ${m(s.fromM)}〜${m(s.toM)} m の ${m(len)} m は、避難先（${kindsJa}）まで ${m(t.refugeGapM)} m を超えます（最大 ${m(max)} m）`,
      messageEn: `${where(s)}: no refuge within ${m(t.refugeGapM)} m for ${m(len)} m (${m(s.fromM)}–${m(s.toM)} m from the start; up to ${m(max)} m away)`,
    });
  }

  for (const b of f.crimeBlocks) {
    if (settings.crimeYear === null || b.total < t.crimeBlock || b.total === 0) continue;
    add('crime-block', byRatio(b.total, t.crimeBlock), ratio(b.total, t.crimeBlock), b.geometry, {
      block: b.name,
      blockCode: b.code,
      year: settings.crimeYear,
      value: b.total,
      threshold: t.crimeBlock,
      message: `${b.name}を通ります: ${settings.crimeYear}年の刑法犯認知件数 ${b.total.toLocaleString('en-US')} 件`,
      messageEn: `route crosses ${b.name}: ${b.total.toLocaleString('en-US')} recorded crimes in ${settings.crimeYear}`,
    });
  }

  if (f.seenPct < t.seenPct) {
    add('low-coverage', 'low', ratio(t.seenPct - f.seenPct, t.seenPct), middle, {
      value: f.seenPct,
      threshold: t.seenPct,
      message: `${f.routeName}: 防犯カメラで見えている区間は ${pct(f.seenPct)} % です（基準 ${pct(t.seenPct)} %）`,
      messageEn: `${f.routeName}: only ${pct(f.seenPct)} % of the route is seen by a camera (threshold ${pct(t.seenPct)} %)`,
    });
  }
  if (f.litPct < t.litPct) {
    add('low-lighting', 'low', ratio(t.litPct - f.litPct, t.litPct), middle, {
      value: f.litPct,
      threshold: t.litPct,
      message: `${f.routeName}: 街灯で照らされている区間は ${pct(f.litPct)} % です（基準 ${pct(t.litPct)} %）`,
      messageEn: `${f.routeName}: only ${pct(f.litPct)} % of the route is lit (threshold ${pct(t.litPct)} %)`,
    });
  }
  return out;
}

/**
 * Findings in rank order (severity, then score, then route and place), each with `rank` and a
 * `findingId` (`<routeId>-<rule>-<n>`, stable for the same inputs).
 */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  const counters = new Map<string, number>();
  const withIds = findings.map((f) => {
    const key = `${f.routeId}-${f.rule}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return { ...f, properties: { ...f.properties, findingId: `${key}-${n}` } };
  });
  const place = (f: Finding) => (typeof f.properties.fromM === 'number' ? f.properties.fromM : 0);
  return withIds
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        (b.score === a.score ? 0 : b.score > a.score ? 1 : -1) ||
        a.routeId - b.routeId ||
        place(a) - place(b),
    )
    .map((f, i) => ({ ...f, properties: { ...f.properties, rank: i + 1 } }));
}
