import { balanceIndex, beatWorkload } from './workload.kernel';

describe('beat workload', () => {
  const yearly = { priorityYears: 1, otherYears: 3 };

  it('visits priority households yearly and the others every three years', () => {
    // 120 priority + (1020 − 120) / 3 = 120 + 300 = 420 visits a year, 35 a month.
    expect(beatWorkload(1020, 120, null, yearly)).toEqual({
      requiredVisitsPerYear: 420,
      requiredVisitsPerMonth: 35,
      officers: null,
      visitsPerOfficerPerYear: null,
      visitsPerOfficerPerMonth: null,
    });
  });

  it('divides the load by the officers of the beat', () => {
    const w = beatWorkload(1020, 120, 4, { priorityYears: 2, otherYears: 3 });
    expect(w.requiredVisitsPerYear).toBe(360);
    expect(w.visitsPerOfficerPerYear).toBe(90);
    expect(w.visitsPerOfficerPerMonth).toBe(7.5);
  });

  it('counts priority households beyond the total as priority only', () => {
    expect(beatWorkload(100, 150, null, yearly).requiredVisitsPerYear).toBe(150);
  });

  it('measures balance as max ÷ mean and the coefficient of variation', () => {
    // loads 100, 200, 300: mean 200, max 300 → 1.5; sd = sqrt((100² + 0 + 100²) / 3) = 81.65 → cv 0.408
    const b = balanceIndex([100, 300, 200])!;
    expect(b.maxOverMean).toBe(1.5);
    expect(b.maxAt).toBe(1);
    expect(b.cv).toBeCloseTo(Math.sqrt(20000 / 3) / 200, 12);
    expect(balanceIndex([50, 50])).toMatchObject({ maxOverMean: 1, cv: 0 });
    expect(balanceIndex([])).toBeNull();
    expect(balanceIndex([0, 0])).toBeNull();
  });
});
