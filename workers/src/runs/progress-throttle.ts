/**
 * Decides which progress reports are worth a database write and a published event: the first,
 * then at most one per interval, and always a report that reaches 1.
 */
export class ProgressThrottle {
  private lastAt = Number.NEGATIVE_INFINITY;
  private lastValue = -1;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  shouldReport(fraction: number): boolean {
    if (fraction <= this.lastValue) return false;
    const at = this.now();
    if (fraction < 1 && at - this.lastAt < this.intervalMs) return false;
    this.lastAt = at;
    this.lastValue = fraction;
    return true;
  }
}

export function clampProgress(fraction: number): number {
  if (!Number.isFinite(fraction)) return 0;
  return Math.min(1, Math.max(0, fraction));
}
