import type { Interval, LineCoverage, Vec } from '../../kernels';
import { MAX_SPOTS_PER_LINE } from '@mimamori/db';
import type { CoverageLineRecord, CoverageLines, ResultFeature } from '../../handlers/analysis-handler';
import { AnalysisInputError } from '../../runs/run-errors';
import type { TargetRow } from './coverage.repository';

/** One target feature with its parts' kernel results, in part order. */
export interface TargetCoverage<R extends Pick<TargetRow, 'id' | 'name'> = TargetRow> {
  row: R;
  coords: Vec[][];
  parts: LineCoverage[];
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
export function lineProperties(t: TargetCoverage<Pick<TargetRow, 'id' | 'name'>>): Record<string, unknown> {
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

/** A finite number as JSON writes it. */
const num = (x: number) => (Number.isFinite(x) ? String(x) : 'null');

/** `concatenated(…)` as JSON text, written directly (a city has tens of thousands of lines). */
function concatenatedJson(parts: readonly LineCoverage[], pick: (p: LineCoverage) => Interval[]): string {
  let offset = 0;
  let out = '';
  for (const part of parts) {
    for (const [a, b] of pick(part)) out += `${out ? ',' : ''}[${num(r2(offset + a))},${num(r2(offset + b))}]`;
    offset += part.lengthM;
  }
  return `[${out}]`;
}

/**
 * The `line` feature's properties as JSON text, exactly `JSON.stringify(lineProperties(t))`, and
 * its rounded lengths: what a coverage run stores per line, without building the object first.
 */
export function linePropertiesJson(t: TargetCoverage): { json: string; figures: Totals } {
  const f = figures(totalsOf(t.parts));
  let longest = 0;
  for (const p of t.parts) for (const [a, b] of p.darkUnwatched) if (b - a > longest) longest = b - a;
  const json =
    `{"targetId":${num(t.row.id)},"name":${JSON.stringify(t.row.name)},"lengthM":${num(f.lengthM)},"seenM":${num(f.seenM)},"litM":${num(f.litM)},` +
    `"seenOrLitM":${num(f.seenOrLitM)},"seenPct":${num(f.seenPct)},"litPct":${num(f.litPct)},"seenOrLitPct":${num(f.seenOrLitPct)},` +
    `"longestDarkUnwatchedM":${num(r2(longest))},"seen":${concatenatedJson(t.parts, (p) => p.seen)},"lit":${concatenatedJson(t.parts, (p) => p.lit)},` +
    `"neither":${concatenatedJson(t.parts, (p) => p.darkUnwatched)}}`;
  return { json, figures: { lengthM: f.lengthM, seenM: f.seenM, litM: f.litM, seenOrLitM: f.seenOrLitM } };
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
  const { json, figures } = linePropertiesJson(t);
  // As UTF-8 bytes at once: kept as a string until written, a city's JSON would survive young-generation collections.
  return { targetId: t.row.id, properties: Buffer.from(json), figures, spots: Buffer.from(JSON.stringify(spots)), spotCounts: countSpots(spots), ewkb: t.row.ewkb };
}

function countSpots(spots: readonly number[][]): { blind: number; dark: number } {
  let blind = 0;
  for (const s of spots) if (s[0] === BLIND) blind++;
  return { blind, dark: spots.length - blind };
}

/** Blind and dark spots of all lines, counted. */
export interface SpotCounts {
  blindSpots: number;
  darkSpots: number;
}

/**
 * The stored lines of these targets, each made when written (a city's records are never all in
 * memory), with their spot counts. A line with more spots than its features can number is refused
 * here, before anything is written.
 */
export function coverageLines(targets: readonly TargetCoverage[], which: { blind: boolean; dark: boolean }): CoverageLines & { spots: SpotCounts } {
  const spots: SpotCounts = { blindSpots: 0, darkSpots: 0 };
  for (const t of targets) {
    let blind = 0;
    let dark = 0;
    for (const part of t.parts) {
      if (which.blind) blind += part.blindSpots.length;
      if (which.dark) dark += part.darkSpots.length;
    }
    if (blind + dark > MAX_SPOTS_PER_LINE) {
      throw new AnalysisInputError(`${t.row.name ?? `line ${t.row.id}`} has ${blind + dark} blind and dark spots, more than ${MAX_SPOTS_PER_LINE}: ask for a larger minGapM`);
    }
    spots.blindSpots += blind;
    spots.darkSpots += dark;
  }
  return {
    length: targets.length,
    spots,
    *[Symbol.iterator]() {
      for (const t of targets) yield lineRecord(t, which);
    },
  };
}

export function summarise(
  targets: readonly TargetCoverage[],
  spots: SpotCounts,
  blindAreas: readonly ResultFeature[],
  inputs: { cameras: number; streetlights: number; buildings: number },
): Record<string, unknown> {
  return summariseTotals(targets.length, targets.flatMap((t) => t.parts), spots, blindAreas, inputs);
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
