import type { ResultFeature } from '../../handlers/analysis-handler';
import { balanceIndex, beatWorkload, type WorkloadOptions } from '../../kernels/beats';
import type { BeatShapeRow, DefectRow } from './beat-overlay.repository';
import type { BeatRecordRow, BlockShareRow, RoadClassRow, SchoolRouteRow } from './beat-check-stats.repository';

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function defectFeature(d: DefectRow): ResultFeature {
  const properties: Record<string, unknown> = { areaM2: r2(d.areaM2), beats: d.beats, block: d.block };
  if (d.sliver) properties.sliverOf = d.kind;
  return { kind: d.sliver ? 'sliver' : d.kind, geometry: d.geometry, properties };
}

/** Beats in several parts (their exclaves) or invalid in the metric zone: not tiling defects, but worth a look. */
export function shapeFeatures(rows: readonly BeatShapeRow[]): ResultFeature[] {
  return rows.flatMap((s): ResultFeature[] => {
    const out: ResultFeature[] = [];
    if (s.parts > 1) out.push({ kind: 'multipart', geometry: s.minorGeometry, properties: { beats: [s.id], parts: s.parts, areaM2: r2(s.minorAreaM2) } });
    if (!s.valid) out.push({ kind: 'invalid', geometry: null, properties: { beats: [s.id], reason: s.reason } });
    return out;
  });
}

export interface BeatInputs {
  record: BeatRecordRow;
  blocks: BlockShareRow | undefined;
  roads: RoadClassRow[];
  schoolRoutes: SchoolRouteRow | undefined;
  patrol: { km: number; hours: number } | undefined;
  officers: number | null;
}

export function beatFeature(b: BeatInputs, workload: WorkloadOptions): ResultFeature {
  const r = b.record;
  const blockHouseholds = b.blocks?.households ?? 0;
  const households = r.households ?? blockHouseholds;
  const priority = r.priorityHouseholds ?? 0;
  const w = beatWorkload(households, priority, b.officers, workload);
  const roadLengthByClassM = Object.fromEntries(b.roads.map((x) => [x.class, r1(x.lengthM)]));
  const properties: Record<string, unknown> = {
    beatId: r.id,
    code: r.code,
    name: r.name,
    post: r.post,
    station: r.station,
    areaM2: r1(r.areaM2),
    households: r1(households),
    householdsSource: r.households === null ? 'blocks' : 'beat',
    blockHouseholds: r1(blockHouseholds),
    population: r1(b.blocks?.population ?? 0),
    priorityHouseholds: priority,
    businesses: r.businesses,
    cameras: r.cameras,
    streetlights: r.streetlights,
    refuges: r.refuges,
    roadLengthM: r1(b.roads.reduce((s, x) => s + x.lengthM, 0)),
    roadLengthByClassM,
    crimesPerYear: Object.fromEntries(Object.entries(b.blocks?.crimes ?? {}).map(([year, n]) => [year, r1(n)])),
    requiredVisitsPerYear: r1(w.requiredVisitsPerYear),
    requiredVisitsPerMonth: r1(w.requiredVisitsPerMonth),
    officers: w.officers,
    visitsPerOfficerPerYear: w.visitsPerOfficerPerYear === null ? null : r1(w.visitsPerOfficerPerYear),
    visitsPerOfficerPerMonth: w.visitsPerOfficerPerMonth === null ? null : r1(w.visitsPerOfficerPerMonth),
  };
  if (b.schoolRoutes) {
    const { lengthM, blindM, darkM } = b.schoolRoutes;
    properties.schoolRouteM = r1(lengthM);
    properties.schoolRouteSeenPct = lengthM > 0 ? r2(Math.max(0, (100 * (lengthM - blindM)) / lengthM)) : null;
    properties.schoolRouteLitPct = lengthM > 0 ? r2(Math.max(0, (100 * (lengthM - darkM)) / lengthM)) : null;
  }
  if (b.patrol) {
    properties.patrolKm = r3(b.patrol.km);
    properties.patrolHours = r3(b.patrol.hours);
  }
  return { kind: 'beat', geometry: r.geometry, properties };
}

/** How evenly the visits fall: per officer when every beat is staffed, else per beat. */
export function workloadBalance(beats: readonly ResultFeature[]): Record<string, unknown> | null {
  const props = beats.map((f) => f.properties);
  const perOfficer = props.length > 0 && props.every((p) => p.visitsPerOfficerPerYear !== null);
  const loads = props.map((p) => Number(perOfficer ? p.visitsPerOfficerPerYear : p.requiredVisitsPerYear));
  const b = balanceIndex(loads);
  if (!b) return null;
  return {
    basis: perOfficer ? 'visitsPerOfficerPerYear' : 'requiredVisitsPerYear',
    mean: r1(b.mean),
    max: r1(b.max),
    maxOverMean: r3(b.maxOverMean),
    cv: r3(b.cv),
    busiestBeatId: props[b.maxAt].beatId,
  };
}

export function defectSummary(features: readonly ResultFeature[]): Record<string, unknown> {
  const count = (kind: string) => features.filter((f) => f.kind === kind).length;
  const area = (kind: string) => r2(features.filter((f) => f.kind === kind).reduce((s, f) => s + Number(f.properties.areaM2), 0));
  const defects = ['gap', 'overlap', 'sliver', 'outside'];
  return {
    defects: defects.reduce((n, k) => n + count(k), 0),
    gaps: count('gap'),
    gapAreaM2: area('gap'),
    overlaps: count('overlap'),
    overlapAreaM2: area('overlap'),
    slivers: count('sliver'),
    sliverAreaM2: area('sliver'),
    outside: count('outside'),
    outsideAreaM2: area('outside'),
    multipartBeats: count('multipart'),
    invalidBeats: count('invalid'),
  };
}
