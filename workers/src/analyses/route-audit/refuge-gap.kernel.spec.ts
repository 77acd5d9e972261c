import type { Vec } from '../../kernels';
import { closestRefugeM, indexRefuges, maxGapWithin, refugeGaps } from './refuge-gap.kernel';

/** Nearest-refuge distance at midpoints of pieces of at most `stepM`: its maximum and the length beyond `thresholdM`. */
function bruteForce(line: Vec[], refuges: Vec[], stepM: number, thresholdM: number): { max: number; farM: number } {
  let max = 0;
  let farM = 0;
  for (let s = 0; s + 1 < line.length; s++) {
    const [a, b] = [line[s], line[s + 1]];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const n = Math.max(1, Math.ceil(len / stepM));
    for (let k = 0; k <= n; k++) {
      const f = Math.min(1, (k + 0.5) / n);
      const p: Vec = [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
      const d = Math.min(...refuges.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1])));
      max = Math.max(max, d);
      if (k < n && d > thresholdM) farM += len / n;
    }
    const end = Math.min(...refuges.map((q) => Math.hypot(a[0] - q[0], a[1] - q[1])));
    max = Math.max(max, end);
  }
  return { max, farM };
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('refuge gaps along a line', () => {
  it('peaks halfway between two refuges at the line ends', () => {
    // 1,000 m line with a refuge at each end: the farthest point is the middle, 500 m from both.
    const gap = refugeGaps([[0, 0], [1000, 0]], indexRefuges([[0, 0], [1000, 0]]), 300);
    expect(gap.lengthM).toBe(1000);
    expect(gap.maxGapM).toBeCloseTo(500, 9);
    expect(maxGapWithin(gap.peaks, 0, 1000)?.atM).toBeCloseTo(500, 9);
    // Farther than 300 m from both: (300, 700).
    expect(gap.far).toEqual([[expect.closeTo(300, 9), expect.closeTo(700, 9)]]);
  });

  it('measures straight-line distance to a refuge beside the line', () => {
    // Refuge at (300, 400) beside a 600 m line: 500 m from both ends, 400 m at x = 300.
    // Farther than 450 m where (x − 300)² + 400² > 450², i.e. |x − 300| > √42,500 ≈ 206.155.
    const gap = refugeGaps([[0, 0], [600, 0]], indexRefuges([[300, 400]]), 450);
    expect(gap.maxGapM).toBeCloseTo(500, 9);
    const w = Math.sqrt(450 ** 2 - 400 ** 2);
    expect(gap.far).toEqual([
      [0, expect.closeTo(300 - w, 9)],
      [expect.closeTo(300 + w, 9), 600],
    ]);
  });

  it('is the whole line when every point is beyond the threshold, and nothing when all are within', () => {
    const far = refugeGaps([[0, 0], [100, 0], [100, 100]], indexRefuges([[1000, 1000]]), 50);
    expect(far.far).toEqual([[0, 200]]);
    expect(far.maxGapM).toBeCloseTo(Math.hypot(1000, 1000), 9);
    const near = refugeGaps([[0, 0], [100, 0]], indexRefuges([[50, 10]]), 100);
    expect(near.far).toEqual([]);
    expect(near.maxGapM).toBeCloseTo(Math.hypot(50, 10), 9);
  });

  it('finds the closest refuge to the line only within the search distance', () => {
    const line: Vec[] = [[0, 0], [100, 0], [100, 100]];
    // (130, 50) is 30 m from the second segment; (50, -80) is 80 m from the first.
    const refuges = indexRefuges([[130, 50], [50, -80]]);
    expect(closestRefugeM(line, refuges, 1000)).toBeCloseTo(30, 9);
    expect(closestRefugeM(line, refuges, 29)).toBeNull();
    expect(closestRefugeM(line, indexRefuges([]), 1000)).toBeNull();
  });

  it('has no gap without refuges', () => {
    expect(refugeGaps([[0, 0], [10, 0]], indexRefuges([]), 100)).toEqual({ lengthM: 10, maxGapM: null, peaks: [], far: [] });
  });

  it('agrees with dense sampling on random lines and refuges', () => {
    const rand = random(20251);
    for (let trial = 0; trial < 60; trial++) {
      const line: Vec[] = [[0, 0]];
      for (let k = 0; k < 2 + Math.floor(rand() * 8); k++) {
        const [x, y] = line[line.length - 1];
        line.push([x + (rand() - 0.3) * 300, y + (rand() - 0.5) * 300]);
      }
      const refuges: Vec[] = Array.from({ length: 1 + Math.floor(rand() * 25) }, () => [rand() * 1200 - 300, rand() * 1200 - 600] as Vec);
      const gap = refugeGaps(line, indexRefuges(refuges), 200);
      const brute = bruteForce(line, refuges, 0.25, 200);
      // Sampling can only miss the peak: it is never above the exact maximum, and within 0.25 m below it.
      expect(gap.maxGapM!).toBeGreaterThanOrEqual(brute.max - 1e-6);
      expect(gap.maxGapM! - brute.max).toBeLessThan(0.25);
      const farM = gap.far.reduce((s, [a, b]) => s + b - a, 0);
      expect(Math.abs(farM - brute.farM)).toBeLessThan(1);
    }
  });
});
