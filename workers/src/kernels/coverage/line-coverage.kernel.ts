/**
 * Line coverage: which stretches of each line a camera sees and a streetlight lights, exactly.
 *
 * Method. Buildings are indexed once (edges oriented interior-left, in a flatbush tree). Per
 * camera, the edges facing it within its effective range are clipped to the annulus between the
 * ignored first metre and the range, and the lower envelope of their distance functions over the
 * camera's angular wedge is built by divide and conquer (O(n log n), robust to crossing edges);
 * directions whose point at 1 m is inside a building are blocked. The result is a list of
 * angular pieces (≤ 90° each, so convex cones), each bounded by one occluder line or a circle.
 * A line segment's seen part is then computed analytically: clip the segment to the range disc,
 * and for each piece it crosses, by the piece's two boundary rays and the occluder's half-plane
 * (linear in the arc length). Lights clip segments to their lit disc. Candidate (segment, camera
 * or light) pairs come from a flatbush index over the segments. Per line, stretches are merged
 * into sorted intervals (tolerance 1e-9 m) and combined by union, intersection and complement.
 */
import { indexBuildings, type BuildingIndex } from './building-index.kernel';
import type { Building, Camera, CoverageLine, Light, LineCoverage, LineCoverageOptions, LineCoverageResult } from './coverage.types';
import { effectiveRange } from './dori.kernel';
import {
  complementIntervals,
  dropShorter,
  intersectIntervals,
  mergeFlatIntervals,
  totalLength,
  unionIntervals,
} from './intervals.kernel';
import { assertValidCamera, assertValidLight } from './sector.kernel';
import { indexSegments, type SegmentIndex } from './segment-index.kernel';
import { litOnSegment, seenOnSegment } from './segment-coverage.kernel';
import { cameraVisibility, type CameraVisibility } from './visibility.kernel';

const NONE: readonly number[] = [];

function isBuildingIndex(b: readonly Building[] | BuildingIndex): b is BuildingIndex {
  return (b as BuildingIndex).kind === 'building-index';
}

/** Reports progress about a hundred times over `total` units of work. */
function progressReporter(total: number, report?: (fraction: number) => void): (done: number) => void {
  const every = Math.max(1, Math.floor(total / 100));
  return (done) => {
    if (report && done % every === 0) report(Math.min(1, done / total));
  };
}

/** The sources' pass over the lines: each line's result is made when asked for (see passSources). */
export interface SourcePass {
  readonly lineCount: number;
  /** Line i's coverage (made now; the pass keeps only its raw stretches). */
  line(i: number): LineCoverage;
}

export function computeLineCoverage(
  lines: readonly CoverageLine[],
  cameras: readonly Camera[],
  lights: readonly Light[],
  buildings: readonly Building[] | BuildingIndex,
  options: LineCoverageOptions = {},
): LineCoverageResult {
  const tick = progressReporter(lines.length, options.progress && ((f) => options.progress!(0.5 + f / 2)));
  const pass = passSources(lines, cameras, lights, buildings, { ...options, progress: options.progress && ((f) => options.progress!(f / 2)) });
  const result = lines.map((_, i) => {
    tick(i + 1);
    return pass.line(i);
  });
  options.progress?.(1);
  return { lines: result, totals: totals(result) };
}

/**
 * Every camera and light against the segments within its reach: the raw stretches each line gets
 * (flat pairs). Per-line results (merged, combined, complemented) are made by `line(i)` when a
 * caller needs them: a city-wide run makes them while it writes them, so they die young.
 */
export function passSources(
  lines: readonly CoverageLine[],
  cameras: readonly Camera[],
  lights: readonly Light[],
  buildings: readonly Building[] | BuildingIndex,
  options: LineCoverageOptions = {},
): SourcePass {
  const { occlusion = true, dori, night = false, minGapM = 0, progress, segments } = options;
  cameras.forEach(assertValidCamera);
  lights.forEach(assertValidLight);
  if (segments && segments.lineLengths.length !== lines.length) throw new RangeError('the segment index was built for other lines');
  const segs = segments ?? indexSegments(lines);
  const tick = progressReporter(cameras.length + lights.length, progress);
  let done = 0;

  const seenAll: number[][] = [];
  const seenDayOnly: number[][] = [];
  const lit: number[][] = [];
  const occluders = occlusion && cameras.length > 0 ? (isBuildingIndex(buildings) ? buildings : indexBuildings(buildings)) : undefined;

  const { coords, line: segLine, offset, tree } = segs;
  for (const cam of cameras) {
    tick(++done);
    const r = effectiveRange(cam, dori);
    const target = night && !cam.nightCapable ? seenDayOnly : seenAll;
    let vis: CameraVisibility | undefined;
    tree?.search(cam.x - r, cam.y - r, cam.x + r, cam.y + r, (s) => {
      vis ??= cameraVisibility(cam, r, occluders);
      const o = s * 4;
      const out = (target[segLine[s]] ??= []);
      seenOnSegment(vis, coords[o], coords[o + 1], coords[o + 2], coords[o + 3], offset[s], out);
      return false;
    });
  }

  for (const light of lights) {
    tick(++done);
    const r = light.radiusM;
    tree?.search(light.x - r, light.y - r, light.x + r, light.y + r, (s) => {
      const o = s * 4;
      const out = (lit[segLine[s]] ??= []);
      litOnSegment(light.x, light.y, r, coords[o], coords[o + 1], coords[o + 2], coords[o + 3], offset[s], out);
      return false;
    });
  }
  progress?.(1);
  return { lineCount: lines.length, line: (i) => lineResult(lines[i], segs, i, seenAll[i], seenDayOnly[i], lit[i], minGapM) };
}

function lineResult(line: CoverageLine, segs: SegmentIndex, i: number, seenAll = NONE, seenDayOnly = NONE, litPairs = NONE, minGapM: number): LineCoverage {
  const lengthM = segs.lineLengths[i];
  const lit = mergeFlatIntervals(litPairs, 0, lengthM);
  let seen = mergeFlatIntervals(seenAll, 0, lengthM);
  if (seenDayOnly.length > 0) seen = unionIntervals(seen, intersectIntervals(mergeFlatIntervals(seenDayOnly, 0, lengthM), lit));
  const either = unionIntervals(seen, lit);
  const seenM = totalLength(seen);
  const litM = totalLength(lit);
  const seenOrLitM = totalLength(either);
  const pct = (m: number): number => (lengthM > 0 ? (100 * m) / lengthM : 0);
  return {
    id: line.id,
    lengthM,
    seen,
    lit,
    seenM,
    litM,
    seenOrLitM,
    seenPct: pct(seenM),
    litPct: pct(litM),
    seenOrLitPct: pct(seenOrLitM),
    blindSpots: dropShorter(complementIntervals(seen, lengthM), minGapM),
    darkSpots: dropShorter(complementIntervals(lit, lengthM), minGapM),
    darkUnwatched: dropShorter(complementIntervals(either, lengthM), minGapM),
  };
}

function totals(lines: readonly LineCoverage[]): LineCoverageResult['totals'] {
  let lengthM = 0;
  let seenM = 0;
  let litM = 0;
  let seenOrLitM = 0;
  for (const l of lines) {
    lengthM += l.lengthM;
    seenM += l.seenM;
    litM += l.litM;
    seenOrLitM += l.seenOrLitM;
  }
  const pct = (m: number): number => (lengthM > 0 ? (100 * m) / lengthM : 0);
  return { lengthM, seenM, litM, seenOrLitM, seenPct: pct(seenM), litPct: pct(litM), seenOrLitPct: pct(seenOrLitM) };
}
