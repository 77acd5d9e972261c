import type { PatrolTrack, TimeWindow, TrackPiece } from './patrol.types';
import { windowFractions } from './time-window.kernel';

export interface TrackSelection {
  pieces: TrackPiece[];
  /** Per track: length kept, and how much of it had no times. */
  keptM: Float64Array;
  untimedM: Float64Array;
  /** Per track: untimed length left out because the hours filter needs times. */
  untimedExcludedM: Float64Array;
}

/**
 * Cuts every track to the time window. A timed segment (both vertex times known, not going
 * backwards) is cut exactly, its time interpolated linearly along it. An untimed segment cannot
 * be placed in the hours of a day: with an hours filter it is left out; without one it is kept
 * when the track's recorded start/end overlap the period (or the track records none).
 */
export function selectTrackPieces(tracks: readonly PatrolTrack[], window: TimeWindow): TrackSelection {
  const sel: TrackSelection = {
    pieces: [],
    keptM: new Float64Array(tracks.length),
    untimedM: new Float64Array(tracks.length),
    untimedExcludedM: new Float64Array(tracks.length),
  };
  tracks.forEach((track, ti) => cutTrack(track, ti, window, sel));
  return sel;
}

function recordedOverlap(track: PatrolTrack, window: TimeWindow): boolean {
  const start = track.startedAt ?? track.endedAt;
  const end = track.endedAt ?? track.startedAt;
  if (start === null || end === null) return true;
  return start < window.toS && end >= window.fromS;
}

const isTimed = (t0: number, t1: number) => Number.isFinite(t0) && Number.isFinite(t1) && t1 >= t0;

/** Whether the window keeps every segment whole (the common case: no copy needed). */
function keptWhole(c: ArrayLike<number>, n: number, window: TimeWindow, untimedAllowed: boolean): boolean {
  for (let o = 0; o + 5 < n * 3; o += 3) {
    const t0 = c[o + 2];
    const t1 = c[o + 5];
    const whole = isTimed(t0, t1) ? !window.hours && t0 >= window.fromS && t0 < window.toS && t1 <= window.toS : untimedAllowed;
    if (!whole) return false;
  }
  return true;
}

function cutTrack(track: PatrolTrack, ti: number, window: TimeWindow, sel: TrackSelection): void {
  const c = track.xyt;
  const n = Math.floor(c.length / 3);
  const untimedAllowed = !window.hours && recordedOverlap(track, window);
  if (n >= 2 && keptWhole(c, n, window, untimedAllowed)) {
    for (let o = 0; o + 5 < n * 3; o += 3) {
      const length = Math.hypot(c[o + 3] - c[o], c[o + 4] - c[o + 1]);
      sel.keptM[ti] += length;
      if (!isTimed(c[o + 2], c[o + 5])) sel.untimedM[ti] += length;
    }
    sel.pieces.push({ track: ti, xyt: c instanceof Float64Array && c.length === n * 3 ? c : Float64Array.from(Array.prototype.slice.call(c, 0, n * 3) as number[]) });
    return;
  }
  let piece: number[] = [];
  let openAtEnd = false;
  const close = () => {
    if (piece.length >= 6) sel.pieces.push({ track: ti, xyt: Float64Array.from(piece) });
    piece = [];
  };
  const push = (o: number, f: number) => piece.push(c[o] + f * (c[o + 3] - c[o]), c[o + 1] + f * (c[o + 4] - c[o + 1]), c[o + 2] + f * (c[o + 5] - c[o + 2]));
  for (let i = 0; i + 1 < n; i++) {
    const o = i * 3;
    const length = Math.hypot(c[o + 3] - c[o], c[o + 4] - c[o + 1]);
    const timed = isTimed(c[o + 2], c[o + 5]);
    let kept: [number, number][];
    if (timed) kept = windowFractions(c[o + 2], c[o + 5], window);
    else if (untimedAllowed) kept = [[0, 1]];
    else {
      kept = [];
      if (window.hours) sel.untimedExcludedM[ti] += length;
    }
    for (const [f0, f1] of kept) {
      if (!(openAtEnd && piece.length > 0 && f0 === 0)) {
        close();
        push(o, f0);
      }
      push(o, f1);
      sel.keptM[ti] += length * (f1 - f0);
      if (!timed) sel.untimedM[ti] += length * (f1 - f0);
    }
    const last = kept[kept.length - 1];
    openAtEnd = last !== undefined && last[1] === 1;
    if (!openAtEnd) close();
  }
  close();
}
