import type { Interval } from './coverage.types';

/** Intervals closer than this (metres) are one; shorter pieces are dropped. */
export const INTERVAL_TOL = 1e-9;

/** Scratch for mergeFlatIntervals: a line's clipped pairs, sorted in place (no arrays per pair). */
let scratch = new Float64Array(256);

/** Sorted, non-overlapping union of `[start, end]` pairs given flat (s0, e0, s1, e1, …), clamped. */
export function mergeFlatIntervals(pairs: readonly number[], min = -Infinity, max = Infinity): Interval[] {
  if (pairs.length === 0) return [];
  if (scratch.length < pairs.length) scratch = new Float64Array(2 * pairs.length);
  const buf = scratch;
  let n = 0;
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const s = Math.max(min, Math.min(pairs[i], pairs[i + 1]));
    const e = Math.min(max, Math.max(pairs[i], pairs[i + 1]));
    if (e < s) continue;
    // Insertion by start (a line's pairs are few): equal starts keep their order, as a stable sort would.
    let j = n;
    while (j > 0 && buf[2 * j - 2] > s) {
      buf[2 * j] = buf[2 * j - 2];
      buf[2 * j + 1] = buf[2 * j - 1];
      j--;
    }
    buf[2 * j] = s;
    buf[2 * j + 1] = e;
    n++;
    if (n > 64 && i + 2 < pairs.length) return mergeSorted(clippedPairs(pairs, min, max).sort((a, b) => a[0] - b[0]));
  }
  const out: Interval[] = [];
  let start = buf[0];
  let end = buf[1];
  for (let k = 1; k < n; k++) {
    const s = buf[2 * k];
    const e = buf[2 * k + 1];
    if (s <= end + INTERVAL_TOL) {
      if (e > end) end = e;
    } else {
      if (end - start > INTERVAL_TOL) out.push([start, end]);
      start = s;
      end = e;
    }
  }
  if (n > 0 && end - start > INTERVAL_TOL) out.push([start, end]);
  return out;
}

/** The pairs clamped, as intervals (lines with many pairs are sorted as arrays). */
function clippedPairs(pairs: readonly number[], min: number, max: number): Interval[] {
  const clipped: Interval[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const s = Math.max(min, Math.min(pairs[i], pairs[i + 1]));
    const e = Math.min(max, Math.max(pairs[i], pairs[i + 1]));
    if (e >= s) clipped.push([s, e]);
  }
  return clipped;
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
