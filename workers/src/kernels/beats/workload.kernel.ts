/** Households a beat's officers must visit (巡回連絡): priority ones every `priorityYears`, the rest every `otherYears`. */
export interface WorkloadOptions {
  priorityYears: number;
  otherYears: number;
}

export interface BeatWorkload {
  requiredVisitsPerYear: number;
  requiredVisitsPerMonth: number;
  /** null when no staffing was given for the beat. */
  officers: number | null;
  visitsPerOfficerPerYear: number | null;
  visitsPerOfficerPerMonth: number | null;
}

/**
 * priority ÷ priorityYears + (households − priority) ÷ otherYears visits a year. Priority
 * households beyond the total (inconsistent records) are all counted as priority.
 */
export function beatWorkload(households: number, priorityHouseholds: number, officers: number | null, options: WorkloadOptions): BeatWorkload {
  if (!(options.priorityYears > 0) || !(options.otherYears > 0)) throw new RangeError('visit intervals must be positive');
  const priority = Math.max(0, priorityHouseholds);
  const others = Math.max(0, households - priority);
  const perYear = priority / options.priorityYears + others / options.otherYears;
  const staffed = officers !== null && officers > 0 ? officers : null;
  return {
    requiredVisitsPerYear: perYear,
    requiredVisitsPerMonth: perYear / 12,
    officers: staffed,
    visitsPerOfficerPerYear: staffed === null ? null : perYear / staffed,
    visitsPerOfficerPerMonth: staffed === null ? null : perYear / staffed / 12,
  };
}

export interface BalanceIndex {
  mean: number;
  max: number;
  /** max ÷ mean: 1 is perfectly even; 1.5 means the busiest beat carries 50 % more than average. */
  maxOverMean: number;
  /** Coefficient of variation: population standard deviation ÷ mean. */
  cv: number;
  /** Position (in `loads`) of the busiest beat. */
  maxAt: number;
}

/** How evenly a load is spread over beats; null for no beats or an all-zero load. */
export function balanceIndex(loads: readonly number[]): BalanceIndex | null {
  if (loads.length === 0) return null;
  const mean = loads.reduce((s, x) => s + x, 0) / loads.length;
  if (!(mean > 0)) return null;
  let maxAt = 0;
  loads.forEach((x, i) => {
    if (x > loads[maxAt]) maxAt = i;
  });
  const variance = loads.reduce((s, x) => s + (x - mean) ** 2, 0) / loads.length;
  return { mean, max: loads[maxAt], maxOverMean: loads[maxAt] / mean, cv: Math.sqrt(variance) / mean, maxAt };
}
