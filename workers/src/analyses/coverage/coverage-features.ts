import type { Interval, LineCoverage, Vec } from '../../kernels';
import { MAX_SPOTS_PER_LINE } from '@mimamori/db';
import type { CoverageLineRecord, CoverageLines, ResultFeature } from '../../handlers/analysis-handler';
import type { ByteWriter } from '../../runs/byte-writer';
import { AnalysisInputError } from '../../runs/run-errors';
import { ExactSum } from '../shared/exact-sum';
import type { TargetRow } from './coverage.repository';

/** One target feature with its parts' kernel results, in part order. */
export interface TargetCoverage<R extends Pick<TargetRow, 'id' | 'name'> = TargetRow> {
  row: R;
  coords: Vec[][];
  parts: LineCoverage[];
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const pct = (part: number, whole: number) => (whole > 0 ? r2((100 * part) / whole) : 0);

export interface Totals {
  lengthM: number;
  seenM: number;
  litM: number;
  seenOrLitM: number;
}

/** Lengths summed exactly (see ExactSum): the same figures whatever the order, in one job or merged from parts. */
export class LengthSums {
  private readonly sums = { lengthM: new ExactSum(), seenM: new ExactSum(), litM: new ExactSum(), seenOrLitM: new ExactSum() };

  add(t: Totals): this {
    this.sums.lengthM.add(t.lengthM);
    this.sums.seenM.add(t.seenM);
    this.sums.litM.add(t.litM);
    this.sums.seenOrLitM.add(t.seenOrLitM);
    return this;
  }

  /** Adds the sums of a part (its `toJSON()`). */
  merge(part: LengthSumsJson): this {
    this.sums.lengthM.merge(part.lengthM);
    this.sums.seenM.merge(part.seenM);
    this.sums.litM.merge(part.litM);
    this.sums.seenOrLitM.merge(part.seenOrLitM);
    return this;
  }

  toJSON(): LengthSumsJson {
    return { lengthM: this.sums.lengthM.toJSON(), seenM: this.sums.seenM.toJSON(), litM: this.sums.litM.toJSON(), seenOrLitM: this.sums.seenOrLitM.toJSON() };
  }

  totals(): Totals {
    return { lengthM: this.sums.lengthM.value(), seenM: this.sums.seenM.value(), litM: this.sums.litM.value(), seenOrLitM: this.sums.seenOrLitM.value() };
  }
}

/** Exact sums as a few doubles each, as a part hands them to the merge. */
export type LengthSumsJson = Record<keyof Totals, number[]>;

/** One line's parts added up (in part order, as every run does it). */
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

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const COMMA = 0x2c;
const KEYS = {
  targetId: ascii('{"targetId":'),
  name: ascii(',"name":'),
  longestDarkUnwatchedM: ascii(',"longestDarkUnwatchedM":'),
  seen: ascii(',"seen":'),
  lit: ascii(',"lit":'),
  neither: ascii(',"neither":'),
};
/** The figures in the order lineProperties has them, each with its key. */
const FIGURE_KEYS = (['lengthM', 'seenM', 'litM', 'seenOrLitM', 'seenPct', 'litPct', 'seenOrLitPct'] as const).map(
  (name) => [name, ascii(`,"${name}":`)] as const,
);

/** `concatenated(…)` as JSON, written in place (a city has tens of thousands of lines). */
function writeIntervals(out: ByteWriter, parts: readonly LineCoverage[], pick: (p: LineCoverage) => Interval[]): void {
  let offset = 0;
  let first = true;
  out.byte(OPEN);
  for (const part of parts) {
    for (const [a, b] of pick(part)) {
      if (!first) out.byte(COMMA);
      out.byte(OPEN);
      out.rounded(offset + a, 100);
      out.byte(COMMA);
      out.rounded(offset + b, 100);
      out.byte(CLOSE);
      first = false;
    }
    offset += part.lengthM;
  }
  out.byte(CLOSE);
}

/**
 * The `line` feature's properties as JSON, exactly `JSON.stringify(lineProperties(t))`, written
 * in place without building the object first; `f` are its figures when already known.
 */
export function writeLineProperties(out: ByteWriter, t: TargetCoverage, f = figures(totalsOf(t.parts))): void {
  let longest = 0;
  for (const p of t.parts) for (const [a, b] of p.darkUnwatched) if (b - a > longest) longest = b - a;
  out.raw(KEYS.targetId);
  out.integer(t.row.id);
  out.raw(KEYS.name);
  if (t.row.name === null) out.ascii('null');
  else out.text(JSON.stringify(t.row.name));
  for (const [name, key] of FIGURE_KEYS) {
    out.raw(key);
    out.rounded(f[name], 100);
  }
  out.raw(KEYS.longestDarkUnwatchedM);
  out.rounded(longest, 100);
  out.raw(KEYS.seen);
  writeIntervals(out, t.parts, (p) => p.seen);
  out.raw(KEYS.lit);
  writeIntervals(out, t.parts, (p) => p.lit);
  out.raw(KEYS.neither);
  writeIntervals(out, t.parts, (p) => p.darkUnwatched);
  out.byte(0x7d); // }
}

export const BLIND = 0;
export const DARK = 1;

/**
 * The line's blind (unseen) and dark (unlit) stretches as JSON, as JSON.stringify writes, per spot,
 * [kind, part (1-based), from, to (metres along the part, to the tenth of a millimetre), lengthM,
 * fromM, toM (along the parts laid end to end, to the centimetre)].
 */
export function writeSpots(out: ByteWriter, t: TargetCoverage, which: { blind: boolean; dark: boolean }): void {
  let offset = 0;
  let first = true;
  out.byte(OPEN);
  t.parts.forEach((part, i) => {
    const add = (kind: number, intervals: Interval[]) => {
      for (const [from, to] of intervals) {
        if (!first) out.byte(COMMA);
        out.byte(OPEN);
        out.integer(kind);
        out.byte(COMMA);
        out.integer(i + 1);
        out.byte(COMMA);
        out.rounded(from, 10000);
        out.byte(COMMA);
        out.rounded(to, 10000);
        out.byte(COMMA);
        out.rounded(to - from, 100);
        out.byte(COMMA);
        out.rounded(offset + from, 100);
        out.byte(COMMA);
        out.rounded(offset + to, 100);
        out.byte(CLOSE);
        first = false;
      }
    };
    if (which.blind) add(BLIND, part.blindSpots);
    if (which.dark) add(DARK, part.darkSpots);
    offset += part.lengthM;
  });
  out.byte(CLOSE);
}

/**
 * The stored line: its properties, and its blind and dark spots as positions along its parts
 * (cut into LineStrings, each labelled with its block, when read), written when the line is.
 */
export function lineRecord(t: TargetCoverage, which: { blind: boolean; dark: boolean }): CoverageLineRecord {
  const f = figures(totalsOf(t.parts));
  const spotCounts = { blind: 0, dark: 0 };
  for (const part of t.parts) {
    if (which.blind) spotCounts.blind += part.blindSpots.length;
    if (which.dark) spotCounts.dark += part.darkSpots.length;
  }
  return {
    targetId: t.row.id,
    figures: { lengthM: f.lengthM, seenM: f.seenM, litM: f.litM, seenOrLitM: f.seenOrLitM },
    spotCounts,
    ewkb: t.row.ewkb,
    writeProperties: (out) => writeLineProperties(out, t, f),
    writeSpots: (out) => writeSpots(out, t, which),
  };
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
  for (const t of targets) countSpots(t, which, spots);
  return {
    length: targets.length,
    spots,
    *[Symbol.iterator]() {
      for (const t of targets) yield lineRecord(t, which);
    },
  };
}

/** Adds the line's blind and dark spots to `spots`; a line with more than its features can number is refused. */
function countSpots(t: TargetCoverage, which: { blind: boolean; dark: boolean }, spots: SpotCounts): void {
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

/** What streamed lines add up to once all are written. */
export interface WrittenLines {
  /** Every part's lengths summed exactly (as summariseTotals sums them). */
  totals: Totals;
  /** The same sums as a part hands them to the merge. */
  sums: LengthSumsJson;
  spots: SpotCounts;
  lineTotals: LineTotals;
}

/**
 * The stored lines of a city-wide run, each target's kernel result made, checked (spot limit:
 * the run then fails and nothing is kept) and counted while it is written: results die young, and
 * the worker makes the next lines while the database stores the last. `written()` gives the
 * totals once every line has been written.
 */
export function streamedCoverageLines(
  pass: { count: number; target(k: number): TargetCoverage },
  which: { blind: boolean; dark: boolean },
): CoverageLines & { written(): WrittenLines } {
  const spots: SpotCounts = { blindSpots: 0, darkSpots: 0 };
  const sums = new LengthSums();
  const lines: LineTotals = { ...NO_LINES };
  let made = 0;
  return {
    length: pass.count,
    *[Symbol.iterator]() {
      if (made > 0) throw new Error('streamed coverage lines are written once');
      for (let k = 0; k < pass.count; k++) {
        const t = pass.target(k);
        countSpots(t, which, spots);
        for (const p of t.parts) sums.add(p);
        // The record's lengths are the line's, rounded to the centimetre as stored.
        const record = lineRecord(t, which);
        addLine(lines, record.figures);
        made++;
        yield record;
      }
    },
    written: () => {
      if (made < pass.count) throw new Error(`${made} of ${pass.count} coverage lines written`);
      return { totals: sums.totals(), sums: sums.toJSON(), spots: { ...spots }, lineTotals: { ...lines, ...spots } };
    },
  };
}

/**
 * The stored lines' totals, each line's lengths as stored (to the centimetre) summed in whole
 * centimetres: exact to add and subtract, so an incremental run derives what it keeps of an
 * earlier run from that run's totals and the few lines it recomputes, without reading the rest.
 */
export interface LineTotals extends SpotCounts {
  lines: number;
  lengthCm: number;
  seenCm: number;
  litCm: number;
  seenOrLitCm: number;
}

/** No lines. */
export const NO_LINES: Readonly<LineTotals> = { lines: 0, lengthCm: 0, seenCm: 0, litCm: 0, seenOrLitCm: 0, blindSpots: 0, darkSpots: 0 };

const cm = (m: number) => Math.round(m * 100);

/** Totals of lines given as their parts' lengths (one entry per line), with their spots. */
export function lineTotals(lines: Iterable<readonly Totals[]>, spots: SpotCounts): LineTotals {
  const t: LineTotals = { ...NO_LINES, ...spots };
  for (const parts of lines) addLine(t, totalsOf(parts));
  return t;
}

function addLine(t: LineTotals, line: Totals): void {
  t.lines++;
  t.lengthCm += cm(line.lengthM);
  t.seenCm += cm(line.seenM);
  t.litCm += cm(line.litM);
  t.seenOrLitCm += cm(line.seenOrLitM);
}

/** a + sign·b, field by field. */
export function addLineTotals(a: LineTotals, b: LineTotals, sign: 1 | -1 = 1): LineTotals {
  return {
    lines: a.lines + sign * b.lines,
    lengthCm: a.lengthCm + sign * b.lengthCm,
    seenCm: a.seenCm + sign * b.seenCm,
    litCm: a.litCm + sign * b.litCm,
    seenOrLitCm: a.seenOrLitCm + sign * b.seenOrLitCm,
    blindSpots: a.blindSpots + sign * b.blindSpots,
    darkSpots: a.darkSpots + sign * b.darkSpots,
  };
}

/** The same totals as lengths in metres. */
export function metresOf(t: LineTotals): Totals {
  return { lengthM: t.lengthCm / 100, seenM: t.seenCm / 100, litM: t.litCm / 100, seenOrLitM: t.seenOrLitCm / 100 };
}

/** The summary from the parts' lengths (summed exactly, see LengthSums). */
export function summariseTotals(
  lines: number,
  parts: readonly Totals[],
  spots: { blindSpots: number; darkSpots: number },
  blindAreas: readonly ResultFeature[],
  inputs: { cameras: number; streetlights: number; buildings: number },
): Record<string, unknown> {
  const sums = new LengthSums();
  for (const p of parts) sums.add(p);
  return summaryOf(lines, sums.totals(), spots, blindAreas, inputs);
}

/** The summary from every part's lengths already summed (see LengthSums). */
export function summaryOf(
  lines: number,
  tot: Totals,
  spots: { blindSpots: number; darkSpots: number },
  blindAreas: readonly ResultFeature[],
  inputs: { cameras: number; streetlights: number; buildings: number },
): Record<string, unknown> {
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
