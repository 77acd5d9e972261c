import { indexPolygons, totalsInPolygons } from '../beats';
import type { PatrolBeat, PatrolTrack, TimeWindow } from './patrol.types';
import { selectTrackPieces } from './track-pieces.kernel';

export interface BeatPatrolTotals {
  beatId: number;
  km: number;
  hours: number;
}

/**
 * Patrol km and hours inside each beat in a time window: the tracks cut to the window, then
 * walked through one edge index of all beats (a stretch in overlapping beats counts in each).
 */
export function patrolTotalsPerBeat(tracks: readonly PatrolTrack[], beats: readonly PatrolBeat[], window: TimeWindow): BeatPatrolTotals[] {
  const { pieces } = selectTrackPieces(tracks, window);
  const totals = totalsInPolygons(indexPolygons(beats), pieces.map((p) => p.xyt));
  return beats.map((b, i) => ({ beatId: b.id, km: totals.lengthM[i] / 1000, hours: totals.measure[i] / 3600 }));
}
