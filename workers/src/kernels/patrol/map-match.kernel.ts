import type { SegmentIndex } from '../coverage/segment-index.kernel';
import type { PatrolOptions, TrackPiece } from './patrol.types';

/** What the matched track stretches say about one road (by line index). */
export interface RoadVisits {
  passes: Int32Array;
  dwellS: Float64Array;
  lastPassAt: Float64Array;
  /** Track indices that matched each road. */
  tracks: Set<number>[];
}

interface Candidate {
  line: number;
  distance: number;
}

function distanceToSegment(x: number, y: number, coords: Float64Array, s: number): number {
  const o = s * 4;
  const ax = coords[o];
  const ay = coords[o + 1];
  const dx = coords[o + 2] - ax;
  const dy = coords[o + 3] - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/**
 * The road a track step at (x, y) heading (hx, hy) follows: among road segments within the
 * tolerance whose direction is within the heading tolerance, the nearest; the current road is
 * kept while it is no more than `hysteresisM` farther than that (no flicker between close roads).
 */
function matchStep(segments: SegmentIndex, x: number, y: number, hx: number, hy: number, current: number, o: PatrolOptions, cosTol: number): number {
  const { coords, tree } = segments;
  const r = o.toleranceM;
  let best: Candidate | null = null;
  let currentDistance = Infinity;
  tree!.search(x - r, y - r, x + r, y + r, (s) => {
    const so = s * 4;
    const dx = coords[so + 2] - coords[so];
    const dy = coords[so + 3] - coords[so + 1];
    if (Math.abs(dx * hx + dy * hy) < cosTol * Math.hypot(dx, dy)) return false;
    const distance = distanceToSegment(x, y, coords, s);
    if (distance > r) return false;
    const line = segments.line[s];
    if (line === current) currentDistance = Math.min(currentDistance, distance);
    if (!best || distance < best.distance || (distance === best.distance && line < best.line)) best = { line, distance };
    return false;
  });
  const found = best as Candidate | null;
  if (!found) return -1;
  return currentDistance <= found.distance + o.hysteresisM ? current : found.line;
}

/**
 * Map-matches the kept track stretches to roads, step by step (every `stepM` along each
 * segment, direction from the segment). A pass is a run of consecutive steps matched to the
 * same road: a track leaving a road and coming back passes it again.
 */
export function matchPieces(segments: SegmentIndex, pieces: readonly TrackPiece[], o: PatrolOptions): RoadVisits {
  const lines = segments.lineLengths.length;
  const visits: RoadVisits = {
    passes: new Int32Array(lines),
    dwellS: new Float64Array(lines),
    lastPassAt: new Float64Array(lines).fill(NaN),
    tracks: Array.from({ length: lines }, () => new Set<number>()),
  };
  if (!segments.tree) return visits;
  const cosTol = Math.cos((o.headingToleranceDeg * Math.PI) / 180);
  for (const piece of pieces) {
    const c = piece.xyt;
    let current = -1;
    for (let v = 0; v + 5 < c.length; v += 3) {
      const length = Math.hypot(c[v + 3] - c[v], c[v + 4] - c[v + 1]);
      if (length === 0) continue;
      const hx = (c[v + 3] - c[v]) / length;
      const hy = (c[v + 4] - c[v + 1]) / length;
      const dt = c[v + 5] - c[v + 2];
      const steps = Math.max(1, Math.ceil(length / o.stepM));
      for (let k = 0; k < steps; k++) {
        const f = (k + 0.5) / steps;
        const line = matchStep(segments, c[v] + f * (c[v + 3] - c[v]), c[v + 1] + f * (c[v + 4] - c[v + 1]), hx, hy, current, o, cosTol);
        if (line >= 0) {
          if (line !== current) visits.passes[line]++;
          visits.tracks[line].add(piece.track);
          if (dt >= 0) {
            visits.dwellS[line] += dt / steps;
            const end = c[v + 2] + (dt * (k + 1)) / steps;
            if (!(end <= visits.lastPassAt[line])) visits.lastPassAt[line] = end;
          }
        }
        current = line;
      }
    }
  }
  return visits;
}
