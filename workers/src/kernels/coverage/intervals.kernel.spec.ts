import { mulberry32 } from '../siting/random-instance';
import type { Interval } from './coverage.types';
import {
  complementIntervals,
  dropShorter,
  intersectIntervals,
  mergeFlatIntervals,
  mergeIntervals,
  totalLength,
  unionIntervals,
} from './intervals.kernel';

describe('interval algebra', () => {
  it('merges overlapping and touching intervals into a sorted union', () => {
    expect(mergeIntervals([[5, 8], [0, 2], [1, 3], [8, 9], [20, 21]])).toEqual([[0, 3], [5, 9], [20, 21]]);
  });

  it('joins intervals that touch within 1e-9 m and drops empty ones', () => {
    expect(mergeIntervals([[0, 1], [1 + 1e-10, 2], [4, 4]])).toEqual([[0, 2]]);
  });

  it('clamps flat pairs to the line and accepts reversed pairs', () => {
    expect(mergeFlatIntervals([-3, 2, 9, 7, 8, 15, 11, 15], 0, 10)).toEqual([[0, 2], [7, 10]]);
  });

  it('merges flat pairs as sorting them as intervals and uniting them does, for few pairs and many', () => {
    const rnd = mulberry32(21);
    for (let round = 0; round < 400; round++) {
      const count = round % 4 === 0 ? 60 + Math.floor(rnd() * 80) : Math.floor(rnd() * 20);
      const pairs: number[] = [];
      for (let i = 0; i < count; i++) {
        const a = Math.round(rnd() * 1000) / 10 - 5;
        // Some pairs touch or repeat a start, some are reversed, some empty.
        const b = rnd() < 0.2 ? a : rnd() < 0.2 ? a + 1e-10 : a + (rnd() - 0.3) * 20;
        pairs.push(a, b);
      }
      const clamped: Interval[] = [];
      for (let i = 0; i < pairs.length; i += 2) {
        const s = Math.max(0, Math.min(pairs[i], pairs[i + 1]));
        const e = Math.min(90, Math.max(pairs[i], pairs[i + 1]));
        if (e >= s) clamped.push([s, e]);
      }
      expect(mergeFlatIntervals(pairs, 0, 90)).toEqual(mergeIntervals(clamped));
    }
  });

  it('intersects, unites and complements', () => {
    const a: Interval[] = [[0, 10], [20, 30]];
    const b: Interval[] = [[5, 25]];
    expect(intersectIntervals(a, b)).toEqual([[5, 10], [20, 25]]);
    expect(unionIntervals(a, b)).toEqual([[0, 30]]);
    expect(complementIntervals(a, 40)).toEqual([[10, 20], [30, 40]]);
    expect(complementIntervals([], 40)).toEqual([[0, 40]]);
    expect(complementIntervals([[0, 40]], 40)).toEqual([]);
    expect(totalLength(a)).toBe(20);
  });

  it('keeps only gaps at least minM long', () => {
    expect(dropShorter([[0, 2], [10, 20], [30, 35]], 5)).toEqual([[10, 20], [30, 35]]);
    expect(dropShorter([[0, 2]], 0)).toEqual([[0, 2]]);
  });

  it('never returns overlapping intervals (random input)', () => {
    let seed = 42;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 100;
    for (let trial = 0; trial < 200; trial++) {
      const input: Interval[] = Array.from({ length: 12 }, () => {
        const s = rnd();
        return [s, s + rnd() / 10];
      });
      const merged = mergeIntervals(input);
      for (let i = 1; i < merged.length; i++) expect(merged[i][0]).toBeGreaterThan(merged[i - 1][1]);
      // The union never exceeds the sum and covers every input point.
      expect(totalLength(merged)).toBeLessThanOrEqual(totalLength(input) + 1e-9);
      for (const [s, e] of input) {
        const mid = (s + e) / 2;
        expect(merged.some(([ms, me]) => ms <= mid && mid <= me)).toBe(true);
      }
    }
  });
});
