import type { Interval, LineCoverage, Vec } from '../../kernels';
import { intervalsToPolylines } from '../../kernels';
import type { ResultFeature } from '../../handlers/analysis-handler';
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

export function lineFeature(t: TargetCoverage): ResultFeature {
  const tot = totalsOf(t.parts);
  const longest = Math.max(0, ...t.parts.flatMap((p) => p.darkUnwatched.map(([a, b]) => b - a)));
  const geometry = t.clipped
    ? { geometry: null, metricGeometry: { type: 'MultiLineString', coordinates: t.coords } }
    : { geometry: null, geometryOf: { table: t.table, id: t.row.id } };
  return {
    kind: 'line',
    ...geometry,
    properties: {
      targetId: t.row.id,
      name: t.row.name,
      lengthM: r2(tot.lengthM),
      seenM: r2(tot.seenM),
      litM: r2(tot.litM),
      seenOrLitM: r2(tot.seenOrLitM),
      seenPct: pct(tot.seenM, tot.lengthM),
      litPct: pct(tot.litM, tot.lengthM),
      seenOrLitPct: pct(tot.seenOrLitM, tot.lengthM),
      longestDarkUnwatchedM: r2(longest),
      seen: concatenated(t.parts, (p) => p.seen),
      lit: concatenated(t.parts, (p) => p.lit),
      neither: concatenated(t.parts, (p) => p.darkUnwatched),
    },
  };
}

/** Blind (unseen) and dark (unlit) stretches as LineStrings, each labelled with its block when written. */
export function spotFeatures(targets: readonly TargetCoverage[], which: { blind: boolean; dark: boolean }): ResultFeature[] {
  const out: ResultFeature[] = [];
  for (const t of targets) {
    let offset = 0;
    t.parts.forEach((part, i) => {
      const add = (kind: 'blind-spot' | 'dark-spot', intervals: Interval[]) => {
        for (const [from, to] of intervals) {
          for (const line of intervalsToPolylines(t.coords[i], [[from, to]])) {
            out.push({
              kind,
              geometry: null,
              metricGeometry: { type: 'LineString', coordinates: line },
              withBlockName: true,
              properties: { targetId: t.row.id, name: t.row.name, lengthM: r2(to - from), fromM: r2(offset + from), toM: r2(offset + to) },
            });
          }
        }
      };
      if (which.blind) add('blind-spot', part.blindSpots);
      if (which.dark) add('dark-spot', part.darkSpots);
      offset += part.lengthM;
    });
  }
  return out;
}

export function summarise(
  targets: readonly TargetCoverage[],
  spots: readonly ResultFeature[],
  blindAreas: readonly ResultFeature[],
  inputs: { cameras: number; streetlights: number; buildings: number },
): Record<string, unknown> {
  const counts = { blindSpots: spots.filter((s) => s.kind === 'blind-spot').length, darkSpots: spots.filter((s) => s.kind === 'dark-spot').length };
  return summariseTotals(targets.length, targets.flatMap((t) => t.parts), counts, blindAreas, inputs);
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
    lengthM: r2(tot.lengthM),
    seenM: r2(tot.seenM),
    litM: r2(tot.litM),
    seenOrLitM: r2(tot.seenOrLitM),
    seenPct: pct(tot.seenM, tot.lengthM),
    litPct: pct(tot.litM, tot.lengthM),
    seenOrLitPct: pct(tot.seenOrLitM, tot.lengthM),
    blindSpots: spots.blindSpots,
    darkSpots: spots.darkSpots,
    blindAreas: blindAreas.length,
    blindAreaM2: r2(blindAreas.reduce((sum, f) => sum + Number(f.properties.areaM2), 0)),
    ...inputs,
  };
}
