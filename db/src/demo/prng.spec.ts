import { Random, seededRandom } from './prng';

describe('Random', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('stays in its ranges and hits both ends of an integer range', () => {
    const rng = new Random(7);
    const ints = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const r = rng.range(3, 5);
      expect(r).toBeGreaterThanOrEqual(3);
      expect(r).toBeLessThan(5);
      ints.add(rng.int(4, 6));
    }
    expect([...ints].sort()).toEqual([4, 5, 6]);
  });

  it('picks by weight roughly in proportion (9 : 1 over 10,000 draws)', () => {
    const rng = new Random(1);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) if (rng.weighted([['a', 9], ['b', 1]] as const) === 'a') heavy++;
    expect(heavy / 10_000).toBeCloseTo(0.9, 1);
  });

  it('shuffles into a permutation without touching the input', () => {
    const input = [1, 2, 3, 4, 5, 6];
    const out = new Random(3).shuffle(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...out].sort()).toEqual(input);
  });

  it('gives independent streams per name', () => {
    expect(seededRandom(1, 'cameras').next()).toBe(seededRandom(1, 'cameras').next());
    expect(seededRandom(1, 'cameras').next()).not.toBe(seededRandom(1, 'beats').next());
  });
});
