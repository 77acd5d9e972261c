import type { Interval } from '../coverage/coverage.types';
import type { TimeWindow } from './patrol.types';

export const DAY_S = 86_400;
/** Asia/Tokyo is UTC+9 all year (no daylight saving). */
export const TOKYO_OFFSET_S = 9 * 3600;

/** Daily windows [start, end] in epoch seconds that overlap [t0, t1]. */
function dailyWindows(t0: number, t1: number, hours: { fromS: number; toS: number }): Interval[] {
  const out: Interval[] = [];
  const length = hours.toS > hours.fromS ? hours.toS - hours.fromS : DAY_S - hours.fromS + hours.toS;
  const firstDay = Math.floor((t0 + TOKYO_OFFSET_S) / DAY_S) - 1;
  const lastDay = Math.floor((t1 + TOKYO_OFFSET_S) / DAY_S);
  for (let d = firstDay; d <= lastDay; d++) {
    const start = d * DAY_S - TOKYO_OFFSET_S + hours.fromS;
    const end = start + length;
    if (end >= t0 && start <= t1) out.push([start, end]);
  }
  return out;
}

/**
 * The parts of the time span [t0, t1] inside the window, as fractions of the span. A span of
 * zero duration is wholly in or out.
 */
export function windowFractions(t0: number, t1: number, window: TimeWindow): Interval[] {
  const lo = Math.max(t0, window.fromS);
  const hi = Math.min(t1, window.toS);
  if (hi < lo || (hi === lo && (t1 > t0 || lo >= window.toS))) return [];
  const allowed: Interval[] = window.hours ? dailyWindows(lo, hi, window.hours) : [[lo, hi]];
  const span = t1 - t0;
  const out: Interval[] = [];
  for (const [a, b] of allowed) {
    const s = Math.max(a, lo);
    const e = Math.min(b, hi);
    if (e < s) continue;
    if (span === 0) return [[0, 1]];
    if (e > s) out.push([(s - t0) / span, (e - t0) / span]);
  }
  return out;
}
