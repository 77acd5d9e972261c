import { intervalsToPolylines } from '../coverage/line-cut.kernel';
import { totalLength } from '../coverage/intervals.kernel';
import { indexSegments } from '../coverage/segment-index.kernel';
import { clipPolyline, indexPolygons, totalsInPolygons, type PolygonIndex } from '../beats';
import type { Vec } from '../coverage/coverage.types';
import { matchPieces } from './map-match.kernel';
import type { BeatPatrol, PatrolBeat, PatrolCoverage, PatrolOptions, PatrolRoad, PatrolTrack, RoadPatrol, TimeWindow, UnitPatrol } from './patrol.types';
import { coveredIntervals } from './road-coverage.kernel';
import { selectTrackPieces, type TrackSelection } from './track-pieces.kernel';

/** A road shorter than this inside a beat (it only grazes it) is not one of the beat's streets. */
export const MIN_STREET_IN_BEAT_M = 0.5;

/**
 * Patrol coverage in a period: which roads the tracks passed (map-matched passes, dwell, last
 * pass, units; the coverage rule decides `passed`), patrol km and hours per beat and per unit.
 * Everything in metres of one planar CRS; times in epoch seconds.
 */
export function computePatrolCoverage(
  tracks: readonly PatrolTrack[],
  roads: readonly PatrolRoad[],
  beats: readonly PatrolBeat[],
  window: TimeWindow,
  options: PatrolOptions,
): PatrolCoverage {
  const selection = selectTrackPieces(tracks, window);
  const segments = indexSegments(roads.map((r) => ({ id: r.id, coords: r.coords })));
  const covered = coveredIntervals(segments, selection.pieces, options.toleranceM, options.headingToleranceDeg);
  const visits = matchPieces(segments, selection.pieces, options);
  const roadResults: RoadPatrol[] = roads.map((road, i) => {
    const lengthM = segments.lineLengths[i];
    const coveredM = totalLength(covered[i]);
    const coveredPct = lengthM > 0 ? (100 * coveredM) / lengthM : 0;
    return {
      roadId: road.id,
      lengthM,
      passes: visits.passes[i],
      lastPassAt: Number.isNaN(visits.lastPassAt[i]) ? null : visits.lastPassAt[i],
      dwellS: visits.dwellS[i],
      units: [...new Set([...visits.tracks[i]].map((t) => tracks[t].unit))].sort(),
      coveredM,
      coveredPct,
      passed: lengthM > 0 && coveredPct >= options.minCoveredPct,
      covered: covered[i],
    };
  });
  const beatIndex = indexPolygons(beats.map((b) => ({ id: b.id, rings: b.rings })));
  return {
    roads: roadResults,
    beats: beatTotals(beats, beatIndex, selection, roads, roadResults),
    units: unitTotals(tracks, selection),
    summary: {
      tracks: tracks.length,
      tracksInPeriod: countWhere(selection.keptM, (m) => m > 0),
      untimedTracks: countWhere(selection.untimedM, (m) => m > 0),
      untimedKm: sum(selection.untimedM) / 1000,
      untimedExcludedKm: sum(selection.untimedExcludedM) / 1000,
      km: sum(selection.keptM) / 1000,
      hours: selection.pieces.reduce((s, p) => s + pieceSeconds(p.xyt), 0) / 3600,
      roads: roads.length,
      passedRoads: roadResults.filter((r) => r.passed).length,
    },
  };
}

function beatTotals(beats: readonly PatrolBeat[], index: PolygonIndex, selection: TrackSelection, roads: readonly PatrolRoad[], results: readonly RoadPatrol[]): BeatPatrol[] {
  const patrol = totalsInPolygons(index, selection.pieces.map((p) => p.xyt));
  const untimed = totalsInPolygons(index, selection.pieces.flatMap((p) => untimedSegments(p.xyt)));
  const streetM = new Float64Array(beats.length);
  const passedM = new Float64Array(beats.length);
  const unpatrolled: number[][] = beats.map(() => []);
  roads.forEach((road, r) => {
    const inBeat = lengthsInPolygons(index, road.coords);
    for (const [b, m] of inBeat) {
      streetM[b] += m;
      if (results[r].passed) passedM[b] += m;
      else if (m >= MIN_STREET_IN_BEAT_M) unpatrolled[b].push(road.id);
    }
  });
  const coveredLines = results.flatMap((res, r) => intervalsToPolylines(roads[r].coords, res.covered).map(toXym));
  const coveredM = totalsInPolygons(index, coveredLines).lengthM;
  return beats.map((beat, b) => ({
    beatId: beat.id,
    patrolKm: patrol.lengthM[b] / 1000,
    patrolHours: patrol.measure[b] / 3600,
    untimedKm: untimed.lengthM[b] / 1000,
    streetM: streetM[b],
    passedStreetM: passedM[b],
    coveredStreetM: coveredM[b],
    passedPct: streetM[b] > 0 ? (100 * passedM[b]) / streetM[b] : 0,
    coveredPct: streetM[b] > 0 ? (100 * coveredM[b]) / streetM[b] : 0,
    unpatrolled: unpatrolled[b].sort((x, y) => x - y),
  }));
}

function unitTotals(tracks: readonly PatrolTrack[], selection: TrackSelection): UnitPatrol[] {
  const units = new Map<string, { kinds: Set<string>; tracks: Set<number>; m: number; s: number }>();
  for (const piece of selection.pieces) {
    const track = tracks[piece.track];
    const u = units.get(track.unit) ?? { kinds: new Set(), tracks: new Set(), m: 0, s: 0 };
    u.kinds.add(track.kind);
    u.tracks.add(piece.track);
    u.m += pieceLength(piece.xyt);
    u.s += pieceSeconds(piece.xyt);
    units.set(track.unit, u);
  }
  return [...units.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([unit, u]) => ({ unit, kinds: [...u.kinds].sort(), patrols: u.tracks.size, km: u.m / 1000, hours: u.s / 3600 }));
}

/** (polygon index, length) of a polyline inside each polygon it enters. */
function lengthsInPolygons(index: PolygonIndex, coords: readonly Vec[]): Map<number, number> {
  const flat = coords.flat();
  const out = new Map<number, number>();
  clipPolyline(index, flat, 2, (p, i, f0, f1) => {
    const length = Math.hypot(flat[2 * i + 2] - flat[2 * i], flat[2 * i + 3] - flat[2 * i + 1]) * (f1 - f0);
    out.set(p, (out.get(p) ?? 0) + length);
  });
  return out;
}

/** The segments of a piece without usable times, each as its own two-vertex line. */
function untimedSegments(xyt: Float64Array): Float64Array[] {
  const out: Float64Array[] = [];
  for (let o = 0; o + 5 < xyt.length; o += 3) {
    if (!(xyt[o + 5] - xyt[o + 2] >= 0)) out.push(xyt.slice(o, o + 6));
  }
  return out;
}

const toXym = (line: Vec[]): Float64Array => Float64Array.from(line.flatMap(([x, y]) => [x, y, NaN]));

function pieceLength(xyt: Float64Array): number {
  let m = 0;
  for (let o = 0; o + 5 < xyt.length; o += 3) m += Math.hypot(xyt[o + 3] - xyt[o], xyt[o + 4] - xyt[o + 1]);
  return m;
}

function pieceSeconds(xyt: Float64Array): number {
  let s = 0;
  for (let o = 0; o + 5 < xyt.length; o += 3) {
    const dt = xyt[o + 5] - xyt[o + 2];
    if (dt >= 0) s += dt;
  }
  return s;
}

const sum = (values: Float64Array): number => values.reduce((s, x) => s + x, 0);
const countWhere = (values: Float64Array, keep: (x: number) => boolean): number => values.reduce((n, x) => (keep(x) ? n + 1 : n), 0);
