import type { Interval, LineCoverage, Vec } from '../../kernels';
import { MAX_SPOTS_PER_LINE } from '@mimamori/db';
import type { CoverageLineRecord, ResultFeature } from '../../handlers/analysis-handler';
import { AnalysisInputError } from '../../runs/run-errors';
import type { TargetRow } from './coverage.repository';

/** One target feature with its parts' kernel results, in part order. */
export interface TargetCoverage {
  row: TargetRow;
  coords: Vec[][];
  parts: LineCoverage[];
  /** The layer table of the target; its geometry is copied by SQL unless the target was clipped. */
  table: string;
  clipped: boolean;
}

const r2 = (x: number) => Math.round(x * 100) / 100;
/** Spot ends along a part: to the tenth of a millimetre (the stored JSON stays short). */
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const pct = (part: number, whole: number) => (whole > 0 ? r2((100 * part) / whole) : 0);

export interface Totals {
  lengthM: number;
  seenM: number;
  litM: number;
  seenOrLitM: number;
}

function totalsOf(parts: readonly Totals[]): Totals {
  return parts.reduce(
    (t, p) => ({ lengthM: t.lengthM + p.lengthM, seenM: t.seenM + p.seenM, litM: t.litM + p.litM, seenOrLitM: t.seenOrLitM + p.seenOrLitM }),
    { lengthM: 0, seenM: 0, litM: 0, seenOrLitM: 0 },
  );
}

/** Lengths (to the centimetre) and percentages of a line or of a whole run. */
function figures(tot: Totals) {
  return {
    lengthM: r2(tot.lengthM),
    seenM: r2(tot.seenM),
    litM: r2(tot.litM),
    seenOrLitM: r2(tot.seenOrLitM),
    seenPct: pct(tot.seenM, tot.lengthM),
    litPct: pct(tot.litM, tot.lengthM),
    seenOrLitPct: pct(tot.seenOrLitM, tot.lengthM),
  };
}

/** Intervals of all parts, measured along the parts laid end to end. */
function concatenated(parts: readonly LineCoverage[], pick: (p: LineCoverage) => Interval[]): Interval[] {
  let offset = 0;
  const out: Interval[] = [];
  for (const part of parts) {
    for (const [a, b] of pick(part)) out.push([r2(offset + a), r2(offset + b)]);
    offset += part.lengthM;
  }
  return out;
}

/** The `line` feature's properties: lengths, percentages and the intervals along the parts laid end to end. */
export function lineProperties(t: TargetCoverage): Record<string, unknown> {
  const tot = totalsOf(t.parts);
  const longest = Math.max(0, ...t.parts.flatMap((p) => p.darkUnwatched.map(([a, b]) => b - a)));
  return {
    targetId: t.row.id,
    name: t.row.name,
    ...figures(tot),
    longestDarkUnwatchedM: r2(longest),
    seen: concatenated(t.parts, (p) => p.seen),
    lit: concatenated(t.parts, (p) => p.lit),
    neither: concatenated(t.parts, (p) => p.darkUnwatched),
  };
}

export const BLIND = 0;
export const DARK = 1;

/**
 * The stored line: its properties, and its blind (unseen) and dark (unlit) stretches as positions
 * along its parts; they are cut into LineStrings, each labelled with its block, when read.
 */
export function lineRecord(t: TargetCoverage, which: { blind: boolean; dark: boolean }): CoverageLineRecord {
  const spots: number[][] = [];
  let offset = 0;
  t.parts.forEach((part, i) => {
    const add = (kind: number, intervals: Interval[]) => {
      for (const [from, to] of intervals) spots.push([kind, i + 1, r4(from), r4(to), r2(to - from), r2(offset + from), r2(offset + to)]);
    };
    if (which.blind) add(BLIND, part.blindSpots);
    if (which.dark) add(DARK, part.darkSpots);
    offset += part.lengthM;
  });
  if (spots.length > MAX_SPOTS_PER_LINE) {
    throw new AnalysisInputError(`${t.row.name ?? `line ${t.row.id}`} has ${spots.length} blind and dark spots, more than ${MAX_SPOTS_PER_LINE}: ask for a larger minGapM`);
  }
  const geometry = t.clipped ? { metricGeometry: { type: 'MultiLineString', coordinates: t.coords } } : { geometryOf: { table: t.table, id: t.row.id, xmin: t.row.xmin } };
  return { targetId: t.row.id, properties: lineProperties(t), spots, ...geometry };
}

export function spotCounts(lines: readonly CoverageLineRecord[]): { blindSpots: number; darkSpots: number } {
  let blindSpots = 0;
  let darkSpots = 0;
  for (const l of lines) {
    for (const s of l.spots) {
      if (s[0] === BLIND) blindSpots++;
      else darkSpots++;
    }
  }
  return { blindSpots, darkSpots };
}

export function summarise(
  targets: readonly TargetCoverage[],
  lines: readonly CoverageLineRecord[],
  blindAreas: readonly ResultFeature[],
  inputs: { cameras: number; streetlights: number; buildings: number },
): Record<string, unknown> {
  return summariseTotals(targets.length, targets.flatMap((t) => t.parts), spotCounts(lines), blindAreas, inputs);
}

/** The summary from the parts' lengths in target order (a split run sums them in the same order). */
export function summariseTotals(
  lines: number,
  parts: readonly Totals[],
  spots: { blindSpots: number; darkSpots: number },
  blindAreas: readonly ResultFeature[],
  inputs: { cameras: number; streetlights: number; buildings: number },
): Record<string, unknown> {
  const tot = totalsOf(parts);
  return {
    lines,
    ...figures(tot),
    blindSpots: spots.blindSpots,
    darkSpots: spots.darkSpots,
    blindAreas: blindAreas.length,
    blindAreaM2: r2(blindAreas.reduce((sum, f) => sum + Number(f.properties.areaM2), 0)),
    ...inputs,
  };
}
