import type { Interval } from './coverage.types';

/** Intervals closer than this (metres) are one; shorter pieces are dropped. */
export const INTERVAL_TOL = 1e-9;

/** Sorted, non-overlapping union of `[start, end]` pairs given flat (s0, e0, s1, e1, …), clamped. */
export function mergeFlatIntervals(pairs: readonly number[], min = -Infinity, max = Infinity): Interval[] {
  if (pairs.length === 0) return [];
  const clipped: Interval[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const s = Math.max(min, Math.min(pairs[i], pairs[i + 1]));
    const e = Math.min(max, Math.max(pairs[i], pairs[i + 1]));
    if (e >= s) clipped.push([s, e]);
  }
  return mergeSorted(clipped.sort((a, b) => a[0] - b[0]));
}

/** Sorted, non-overlapping union of the intervals (touching within 1e-9 m join). */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  return mergeSorted(intervals.map(([s, e]): Interval => (s <= e ? [s, e] : [e, s])).sort((a, b) => a[0] - b[0]));
}

function mergeSorted(sorted: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1] + INTERVAL_TOL) {
      if (e > last[1]) last[1] = e;
    } else {
      out.push([s, e]);
    }
  }
  return out.filter(([s, e]) => e - s > INTERVAL_TOL);
}

/** Union of two merged interval lists. */
export function unionIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i][0] <= b[j][0]) ? a[i++] : b[j++];
    const last = out[out.length - 1];
    if (last && next[0] <= last[1] + INTERVAL_TOL) {
      if (next[1] > last[1]) last[1] = next[1];
    } else {
      out.push([next[0], next[1]]);
    }
  }
  return out;
}

/** Intersection of two merged interval lists. */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i][0], b[j][0]);
    const e = Math.min(a[i][1], b[j][1]);
    if (e - s > INTERVAL_TOL) out.push([s, e]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

/** The stretches of [0, lengthM] not covered by a merged interval list. */
export function complementIntervals(merged: readonly Interval[], lengthM: number): Interval[] {
  const out: Interval[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s - at > INTERVAL_TOL) out.push([at, Math.min(s, lengthM)]);
    at = Math.max(at, e);
  }
  if (lengthM - at > INTERVAL_TOL) out.push([at, lengthM]);
  return out;
}

export function totalLength(intervals: readonly Interval[]): number {
  let sum = 0;
  for (const [s, e] of intervals) sum += e - s;
  return sum;
}

/** Keeps the intervals at least `minM` long. */
export function dropShorter(intervals: readonly Interval[], minM: number): Interval[] {
  return minM > 0 ? intervals.filter(([s, e]) => e - s >= minM) : intervals.slice();
}
