import { clampProgress, ProgressThrottle } from './progress-throttle';

describe('ProgressThrottle', () => {
  it('reports the first value, then at most one per interval, and always the end', () => {
    let now = 0;
    const throttle = new ProgressThrottle(500, () => now);
    const reported: number[] = [];
    for (const [at, fraction] of [
      [0, 0.1],
      [100, 0.2],
      [499, 0.3],
      [500, 0.4],
      [700, 0.5],
      [800, 1],
    ]) {
      now = at;
      if (throttle.shouldReport(fraction)) reported.push(fraction);
    }
    expect(reported).toEqual([0.1, 0.4, 1]);
  });

  it('never reports progress going backwards or repeating', () => {
    let now = 0;
    const throttle = new ProgressThrottle(500, () => now);
    expect(throttle.shouldReport(0.6)).toBe(true);
    now = 5000;
    expect(throttle.shouldReport(0.6)).toBe(false);
    expect(throttle.shouldReport(0.5)).toBe(false);
    expect(throttle.shouldReport(1)).toBe(true);
    expect(throttle.shouldReport(1)).toBe(false);
  });

  it('clamps progress into [0, 1]', () => {
    expect([clampProgress(-0.2), clampProgress(0.25), clampProgress(3), clampProgress(Number.NaN)]).toEqual([0, 0.25, 1, 0]);
  });
});
