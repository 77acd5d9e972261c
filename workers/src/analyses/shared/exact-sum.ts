/**
 * A sum of doubles without rounding error (Shewchuk's partials, as Python's math.fsum): the
 * running sum is kept exactly as a few non-overlapping doubles, and `value()` is the exact sum
 * rounded once. The value is therefore independent of the order the numbers came in, so a run
 * split into parts sums its lengths part by part and merges the parts' partials to the same
 * figures as a single job adding them one by one.
 */
export class ExactSum {
  private readonly partials: number[];

  constructor(partials: readonly number[] = []) {
    this.partials = [];
    for (const p of partials) this.add(p);
  }

  add(value: number): this {
    if (!Number.isFinite(value)) throw new Error(`cannot sum ${value}`);
    let x = value;
    let kept = 0;
    for (let i = 0; i < this.partials.length; i++) {
      let y = this.partials[i];
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) this.partials[kept++] = lo;
      x = hi;
    }
    this.partials.length = kept;
    this.partials.push(x);
    return this;
  }

  /** Adds another sum exactly, given as its partials (`toJSON()`). */
  merge(partials: readonly number[]): this {
    for (const p of partials) this.add(p);
    return this;
  }

  /** The exact sum as a few doubles (what a part hands to the merge). */
  toJSON(): number[] {
    return [...this.partials];
  }

  /** The exact sum, correctly rounded (ties to even). */
  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Round half to even when the rest lies beyond the half-way point the partials stopped at.
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }
}
