import type { Vec } from '../../kernels';
import { closestRefugeM, maxGapWithin, refugeGaps, type RefugeIndex } from './refuge-gap.kernel';

/** A stretch of one part farther than the threshold from every refuge. */
export interface FarStretch {
  part: number;
  /** Metres along the part. */
  from: number;
  to: number;
  /** Metres along the route (parts laid end to end). */
  fromM: number;
  toM: number;
  maxGapM: number;
}

export interface RouteRefuges {
  /** No refuge within the search distance of any point of the route. */
  noRefuge: boolean;
  maxGapM: number | null;
  /** Refuge nearest to the point of the greatest gap (index into the refuges). */
  refugeAtMax: number | null;
  far: FarStretch[];
}

/** Refuge gaps of a route (all parts); a route with no refuge in reach gets no figures. */
export function routeRefuges(parts: readonly Vec[][], refuges: RefugeIndex, thresholdM: number, searchM: number): RouteRefuges {
  const reachable = parts.some((part) => closestRefugeM(part, refuges, searchM) !== null);
  if (!reachable) return { noRefuge: true, maxGapM: null, refugeAtMax: null, far: [] };
  let maxGapM = 0;
  let refugeAtMax: number | null = null;
  const far: FarStretch[] = [];
  let offset = 0;
  parts.forEach((part, i) => {
    const gap = refugeGaps(part, refuges, thresholdM);
    for (const peak of gap.peaks) {
      if (peak.gapM > maxGapM || refugeAtMax === null) {
        maxGapM = Math.max(maxGapM, peak.gapM);
        refugeAtMax = peak.refuge;
      }
    }
    for (const [from, to] of gap.far) {
      const peak = maxGapWithin(gap.peaks, from, to);
      far.push({ part: i, from, to, fromM: offset + from, toM: offset + to, maxGapM: Math.max(thresholdM, peak?.gapM ?? thresholdM) });
    }
    offset += gap.lengthM;
  });
  return { noRefuge: false, maxGapM, refugeAtMax, far };
}
