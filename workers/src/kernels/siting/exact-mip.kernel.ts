import { MipBuilder, runMip, type MipRun } from './highs-solver';
import { buildDemandIndex } from './siting-instance';
import type { SelectionLimit, SitingInstance } from './siting.types';

export interface ExactOptions {
  timeLimitS: number;
  /** A feasible selection to start from (e.g. the greedy answer). */
  start?: readonly number[];
}

export interface ExactResult {
  status: string;
  optimal: boolean;
  /** Sites of the best solution found; null when the solver found none. */
  selected: number[] | null;
  objective: number | null;
  bound: number | null;
  seconds: number;
}

/** Demand points covered by exactly the same sites, merged: `sites` are column numbers. */
interface DemandGroup {
  weight: number;
  sites: number[];
}

/**
 * Maximal covering MIP (Church & ReVelle 1974): max Σ w_g y_g s.t. y_g ≤ Σ_{j covers g} x_j,
 * Σ x_j ≤ k and/or Σ c_j x_j ≤ budget, x binary, 0 ≤ y ≤ 1. Demand points covered by the same
 * sites form one group g; a group only one site covers adds its weight to that site's x instead.
 */
export async function solveMaxCoverageExact(
  instance: SitingInstance,
  limit: SelectionLimit,
  options: ExactOptions,
): Promise<ExactResult> {
  const budget = limit.budget ?? Infinity;
  const model = groupDemand(instance, (j) => instance.costs[j] <= budget, (i) => instance.weights[i] > 0);
  const mip = new MipBuilder();
  const siteCost = new Float64Array(model.sites.length);
  for (const g of model.groups) if (g.sites.length === 1) siteCost[g.sites[0]] += g.weight;
  model.sites.forEach((_, col) => mip.addColumn(siteCost[col], true));
  const all = model.sites.map((_, col) => col);
  if (limit.k !== undefined) mip.addRow(-Infinity, limit.k, all, all.map(() => 1));
  if (limit.budget !== undefined) mip.addRow(-Infinity, limit.budget, all, model.sites.map((j) => instance.costs[j]));
  for (const g of model.groups) {
    if (g.sites.length < 2) continue;
    const y = mip.addColumn(g.weight, false);
    mip.addRow(-Infinity, 0, [y, ...g.sites], [1, ...g.sites.map(() => -1)]);
  }
  const start = options.start ? startValues(model, options.start, (g) => g.sites.length >= 2) : undefined;
  return toResult(await runMip(mip, { sense: 'max', timeLimitS: options.timeLimitS, start }), model.sites);
}

/**
 * Set covering MIP (Toregas et al. 1971): min Σ c_j x_j s.t. every required group has a chosen
 * site; with `targetWeight`, instead Σ w_g y_g ≥ target with y_g ≤ Σ x_j. `required` marks the
 * demand that must (or may) be covered; the caller leaves uncoverable demand out of it.
 */
export async function solveSetCoverExact(
  instance: SitingInstance,
  required: Uint8Array,
  targetWeight: number | null,
  options: ExactOptions,
): Promise<ExactResult> {
  const model = groupDemand(instance, () => true, (i) => required[i] === 1);
  const mip = new MipBuilder();
  model.sites.forEach((j) => mip.addColumn(instance.costs[j], true));
  if (targetWeight === null) {
    for (const g of model.groups) mip.addRow(1, Infinity, g.sites, g.sites.map(() => 1));
  } else {
    const targetColumns: number[] = [];
    const targetValues: number[] = [];
    for (const g of model.groups) {
      const y = mip.addColumn(0, false);
      mip.addRow(-Infinity, 0, [y, ...g.sites], [1, ...g.sites.map(() => -1)]);
      targetColumns.push(y);
      targetValues.push(g.weight);
    }
    mip.addRow(targetWeight, Infinity, targetColumns, targetValues);
  }
  const withY = targetWeight !== null;
  const start = options.start ? startValues(model, options.start, () => withY) : undefined;
  return toResult(await runMip(mip, { sense: 'min', timeLimitS: options.timeLimitS, start }), model.sites);
}

function toResult(run: MipRun, sites: number[]): ExactResult {
  const values = run.values;
  return {
    status: run.status,
    optimal: run.optimal,
    selected: values ? sites.filter((_, col) => values[col] > 0.5) : null,
    objective: run.objective,
    bound: run.bound,
    seconds: run.seconds,
  };
}

/** Usable sites covering counted demand, and the counted coverable demand grouped by its sites. */
function groupDemand(instance: SitingInstance, usable: (j: number) => boolean, counts: (i: number) => boolean) {
  const { byDemandStart, byDemandIndex } = buildDemandIndex(instance);
  const columnOf = new Int32Array(instance.numCandidates).fill(-1);
  const sites: number[] = [];
  const groups: DemandGroup[] = [];
  const groupOf = new Map<string, DemandGroup>();
  for (let j = 0; j < instance.numCandidates; j++) {
    if (instance.selectable[j] === 1 && usable(j) && coversCounted(instance, j, counts)) {
      columnOf[j] = sites.length;
      sites.push(j);
    }
  }
  for (let i = 0; i < instance.numDemand; i++) {
    if (!counts(i)) continue;
    const covering: number[] = [];
    for (let q = byDemandStart[i]; q < byDemandStart[i + 1]; q++) {
      const col = columnOf[byDemandIndex[q]];
      if (col >= 0) covering.push(col);
    }
    if (covering.length === 0) continue;
    const key = covering.join(',');
    let group = groupOf.get(key);
    if (!group) {
      group = { weight: 0, sites: covering };
      groupOf.set(key, group);
      groups.push(group);
    }
    group.weight += instance.weights[i];
  }
  return { sites, groups };
}

function coversCounted(instance: SitingInstance, j: number, counts: (i: number) => boolean): boolean {
  for (let p = instance.coverStart[j]; p < instance.coverStart[j + 1]; p++) if (counts(instance.coverIndex[p])) return true;
  return false;
}

/** A start vector: x from the chosen sites, then y for the groups that have a y column. */
function startValues(
  model: { sites: number[]; groups: DemandGroup[] },
  chosen: readonly number[],
  hasY: (g: DemandGroup) => boolean,
): number[] {
  const picked = new Set(chosen);
  const values: number[] = model.sites.map((j) => (picked.has(j) ? 1 : 0));
  for (const g of model.groups) {
    if (hasY(g)) values.push(g.sites.some((col) => values[col] === 1) ? 1 : 0);
  }
  return values;
}
