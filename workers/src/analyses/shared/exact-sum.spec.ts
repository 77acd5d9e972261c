import { ExactSum } from './exact-sum';

/** A deterministic pseudo-random sequence in [0, 1). */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

const sumOf = (values: readonly number[]) => values.reduce((s, v) => s.add(v), new ExactSum()).value();

describe('ExactSum', () => {
  it('adds without rounding error: the exact sum, rounded once', () => {
    expect(sumOf(Array.from({ length: 10 }, () => 0.1))).toBe(1);
    expect(Array.from({ length: 10 }, () => 0.1).reduce((a, b) => a + b, 0)).not.toBe(1);
    expect(sumOf([1e100, 1, -1e100])).toBe(1);
    expect(sumOf([2 ** 53, 1, 1])).toBe(2 ** 53 + 2);
    expect(sumOf([])).toBe(0);
  });

  it('rounds a tie to even, as one correctly rounded addition would', () => {
    // 1 + 2^-53 is half-way between 1 and the next double: it rounds to 1 (even); a little more rounds up.
    expect(sumOf([1, 2 ** -53])).toBe(1);
    expect(sumOf([1, 2 ** -53, 2 ** -80])).toBe(1 + 2 ** -52);
    expect(sumOf([1, 2 ** -53, -(2 ** -80)])).toBe(1);
  });

  it('gives the exact sum whatever the order and however the numbers are split and merged', () => {
    const rnd = random(7);
    // Multiples of 2^-30 of many magnitudes: their exact sum is a whole number of 2^-30 (a BigInt), beyond 53 bits.
    const scale = 2 ** 30;
    const lengths = Array.from({ length: 5000 }, () => Math.round(rnd() * 10 ** Math.floor(rnd() * 8) * scale) / scale);
    const exact = Number(lengths.reduce((n, v) => n + BigInt(v * scale), 0n)) / scale;
    const whole = sumOf(lengths);
    expect(whole).toBe(exact);
    expect(sumOf([...lengths].reverse())).toBe(exact);
    expect(sumOf([...lengths].sort(() => rnd() - 0.5))).toBe(exact);
    // Parts of uneven sizes, each summed alone, merged in another order (via their JSON, as parts hand them over).
    const parts: number[][] = [];
    for (let i = 0; i < lengths.length; ) {
      const n = 1 + Math.floor(rnd() * 700);
      parts.push(JSON.parse(JSON.stringify(new ExactSum(lengths.slice(i, i + n)))));
      i += n;
    }
    expect(parts.reverse().reduce((s, p) => s.merge(p), new ExactSum()).value()).toBe(exact);
    // Adding one by one rounds at every step: here it misses the exact sum.
    expect(lengths.reduce((a, b) => a + b, 0)).not.toBe(exact);
  });

  it('refuses what is not a finite number', () => {
    expect(() => new ExactSum().add(NaN)).toThrow('cannot sum NaN');
    expect(() => new ExactSum().add(Infinity)).toThrow('cannot sum Infinity');
  });
});
