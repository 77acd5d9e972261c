import type { SitingIssue, SitingMatrixParams } from './siting.types';

export const SITING_LIMITS = {
  maxDemand: 2_000_000,
  maxCandidates: 200_000,
  maxCoverageEntries: 20_000_000,
  maxTimeLimitS: 3600,
} as const;

const PARAM_KEYS = ['objective', 'matrix', 'k', 'budget', 'exact', 'existing', 'alreadyCovered', 'coverPct', 'timeLimitS'];
const MATRIX_KEYS = ['demand', 'coverage', 'distances', 'serviceDistance', 'costs'];

type Fields = Record<string, unknown>;

/**
 * Checks explicit-matrix siting params; an empty list means `buildSitingInstance` may use them.
 * Each issue names the offending field (`matrix.coverage[3][2]`) so the API can answer 400.
 */
export function validateSitingParams(raw: unknown): SitingIssue[] {
  const issues: SitingIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message });
  if (!isObject(raw)) return [{ field: 'params', message: 'params must be an object' }];
  unknownKeys(raw, PARAM_KEYS, 'params', add);
  if (raw.objective !== 'max-coverage' && raw.objective !== 'min-cost-cover') {
    add('objective', `objective must be "max-coverage" or "min-cost-cover", got ${show(raw.objective)}`);
  }
  const matrix = raw.matrix;
  if (!isObject(matrix)) {
    add('matrix', 'matrix must be an object with demand and coverage or distances');
    return issues;
  }
  unknownKeys(matrix, MATRIX_KEYS, 'matrix', add);
  const numDemand = checkDemand(matrix.demand, add);
  const numCandidates = checkCoverage(matrix, numDemand, add);
  if (numCandidates === null) return issues;
  if (matrix.costs !== undefined) checkCosts(matrix.costs, numCandidates, add);
  const existing = checkIndexList(raw.existing, 'existing', numCandidates, 'candidate', add);
  checkIndexList(raw.alreadyCovered, 'alreadyCovered', numDemand ?? 0, 'demand', add);
  if (raw.objective === 'max-coverage' || raw.objective === 'min-cost-cover') checkLimits(raw, numCandidates - existing, add);
  if (issues.length === 0 && typeof raw.budget === 'number') checkAffordable(raw.budget, matrix.costs as number[] | undefined, add);
  if (raw.exact !== undefined && typeof raw.exact !== 'boolean') add('exact', 'exact must be true or false');
  if (raw.timeLimitS !== undefined && !inRange(raw.timeLimitS, 0, SITING_LIMITS.maxTimeLimitS, false)) {
    add('timeLimitS', `timeLimitS must be a number of seconds in (0, ${SITING_LIMITS.maxTimeLimitS}]`);
  }
  return issues;
}

export function isValidSitingParams(raw: unknown): raw is SitingMatrixParams {
  return validateSitingParams(raw).length === 0;
}

function checkDemand(demand: unknown, add: (f: string, m: string) => void): number | null {
  if (!Array.isArray(demand) || demand.length === 0) {
    add('matrix.demand', 'matrix.demand must be a non-empty array of demand weights');
    return null;
  }
  if (demand.length > SITING_LIMITS.maxDemand) {
    add('matrix.demand', `matrix.demand may have at most ${SITING_LIMITS.maxDemand} entries`);
    return null;
  }
  const bad = demand.findIndex((w) => typeof w !== 'number' || !Number.isFinite(w) || w < 0);
  if (bad >= 0) add(`matrix.demand[${bad}]`, `demand weight must be a finite number ≥ 0, got ${show(demand[bad])}`);
  return demand.length;
}

/** Returns the number of candidates, or null when it cannot be told. */
function checkCoverage(matrix: Fields, numDemand: number | null, add: (f: string, m: string) => void): number | null {
  const { coverage, distances } = matrix;
  if ((coverage === undefined) === (distances === undefined)) {
    add('matrix', 'give exactly one of matrix.coverage and matrix.distances');
    return null;
  }
  if (coverage !== undefined) {
    if (matrix.serviceDistance !== undefined) add('matrix.serviceDistance', 'serviceDistance applies to matrix.distances only');
    return checkCoverageLists(coverage, numDemand, add);
  }
  if (!inRange(matrix.serviceDistance, 0, Number.MAX_VALUE, true)) {
    add('matrix.serviceDistance', `matrix.serviceDistance must be a distance in metres ≥ 0 when distances are given, got ${show(matrix.serviceDistance)}`);
  }
  return checkDistances(distances, numDemand, add);
}

function checkCoverageLists(coverage: unknown, numDemand: number | null, add: (f: string, m: string) => void): number | null {
  if (!Array.isArray(coverage) || coverage.length === 0) {
    add('matrix.coverage', 'matrix.coverage must be a non-empty array (one list of demand indices per candidate)');
    return null;
  }
  if (coverage.length > SITING_LIMITS.maxCandidates) {
    add('matrix.coverage', `matrix.coverage may list at most ${SITING_LIMITS.maxCandidates} candidates`);
    return null;
  }
  let entries = 0;
  for (let j = 0; j < coverage.length; j++) {
    const list: unknown = coverage[j];
    if (!Array.isArray(list)) {
      add(`matrix.coverage[${j}]`, `matrix.coverage[${j}] must be an array of demand indices`);
      return coverage.length;
    }
    entries += list.length;
    if (numDemand === null) continue;
    const bad = list.findIndex((i) => !Number.isInteger(i) || (i as number) < 0 || (i as number) >= numDemand);
    if (bad >= 0) {
      add(`matrix.coverage[${j}][${bad}]`, `demand index ${show(list[bad])} is out of range (matrix.demand has ${numDemand} entries: 0…${numDemand - 1})`);
      return coverage.length;
    }
  }
  if (entries > SITING_LIMITS.maxCoverageEntries) {
    add('matrix.coverage', `matrix.coverage may hold at most ${SITING_LIMITS.maxCoverageEntries} entries in all`);
  }
  return coverage.length;
}

function checkDistances(distances: unknown, numDemand: number | null, add: (f: string, m: string) => void): number | null {
  if (!Array.isArray(distances) || distances.length === 0 || !Array.isArray(distances[0])) {
    add('matrix.distances', 'matrix.distances must be a demand × candidate array of arrays');
    return null;
  }
  const numCandidates = (distances[0] as unknown[]).length;
  if (numCandidates === 0 || numCandidates > SITING_LIMITS.maxCandidates) {
    add('matrix.distances[0]', `each distances row must have between 1 and ${SITING_LIMITS.maxCandidates} entries (one per candidate)`);
    return null;
  }
  if (numDemand !== null && distances.length !== numDemand) {
    add('matrix.distances', `distance matrix shape mismatch: ${distances.length} rows but matrix.demand has ${numDemand} entries (rows are demand points)`);
    return numCandidates;
  }
  if (distances.length * numCandidates > SITING_LIMITS.maxCoverageEntries) {
    add('matrix.distances', `matrix.distances may hold at most ${SITING_LIMITS.maxCoverageEntries} entries; send coverage lists instead`);
    return numCandidates;
  }
  for (let i = 0; i < distances.length; i++) {
    const row: unknown = distances[i];
    if (!Array.isArray(row) || row.length !== numCandidates) {
      const got = Array.isArray(row) ? `${row.length} entries` : show(row);
      add(`matrix.distances[${i}]`, `distance matrix shape mismatch: row ${i} has ${got}, row 0 has ${numCandidates}`);
      return numCandidates;
    }
    const bad = row.findIndex((d) => d !== null && (typeof d !== 'number' || !Number.isFinite(d) || d < 0));
    if (bad >= 0) {
      add(`matrix.distances[${i}][${bad}]`, `distance must be a number of metres ≥ 0 or null (unreachable), got ${show(row[bad])}`);
      return numCandidates;
    }
  }
  return numCandidates;
}

function checkCosts(costs: unknown, numCandidates: number, add: (f: string, m: string) => void): void {
  if (!Array.isArray(costs) || costs.length !== numCandidates) {
    const got = Array.isArray(costs) ? `${costs.length} entries` : show(costs);
    add('matrix.costs', `matrix.costs must have one cost per candidate (${numCandidates}), got ${got}`);
    return;
  }
  const bad = costs.findIndex((c) => typeof c !== 'number' || !Number.isFinite(c) || c <= 0);
  if (bad >= 0) add(`matrix.costs[${bad}]`, `cost must be a finite number > 0, got ${show(costs[bad])}`);
}

/** Returns how many distinct valid indices the list holds. */
function checkIndexList(raw: unknown, field: string, size: number, what: string, add: (f: string, m: string) => void): number {
  if (raw === undefined) return 0;
  if (!Array.isArray(raw)) {
    add(field, `${field} must be an array of ${what} indices`);
    return 0;
  }
  const bad = raw.findIndex((i) => !Number.isInteger(i) || (i as number) < 0 || (i as number) >= size);
  if (bad >= 0) {
    add(`${field}[${bad}]`, `${what} index ${show(raw[bad])} is out of range (0…${size - 1})`);
    return 0;
  }
  return new Set(raw as number[]).size;
}

function checkLimits(raw: Fields, available: number, add: (f: string, m: string) => void): void {
  const { k, budget, coverPct } = raw;
  if (raw.objective === 'min-cost-cover') {
    if (k !== undefined) add('k', 'k applies to max-coverage only (min-cost-cover finds the number of sites)');
    if (budget !== undefined) add('budget', 'budget applies to max-coverage only');
    if (coverPct !== undefined && !inRange(coverPct, 0, 100, false)) add('coverPct', `coverPct must be in (0, 100], got ${show(coverPct)}`);
    return;
  }
  if (coverPct !== undefined) add('coverPct', 'coverPct applies to min-cost-cover only');
  if (k === undefined && budget === undefined) add('k', 'max-coverage needs k (number of new sites) or budget');
  if (k !== undefined) {
    if (!Number.isInteger(k) || (k as number) < 1) add('k', `k must be a whole number ≥ 1, got ${show(k)}`);
    else if ((k as number) > available) add('k', `k (${k}) is larger than the number of selectable candidates (${available})`);
  }
  if (budget !== undefined && !inRange(budget, 0, Number.MAX_VALUE, false)) add('budget', `budget must be a finite number > 0, got ${show(budget)}`);
}

function checkAffordable(budget: number, costs: number[] | undefined, add: (f: string, m: string) => void): void {
  const cheapest = costs ? costs.reduce((a, b) => Math.min(a, b), Infinity) : 1;
  if (budget < cheapest) add('budget', `budget (${budget}) is below the cheapest candidate (${cheapest})`);
}

function unknownKeys(obj: Fields, allowed: string[], where: string, add: (f: string, m: string) => void): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) add(where === 'params' ? key : `${where}.${key}`, `unknown ${where} field "${key}" (allowed: ${allowed.join(', ')})`);
  }
}

function inRange(value: unknown, min: number, max: number, minInclusive: boolean): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  return (minInclusive ? value >= min : value > min) && value <= max;
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
