import type { MatrixSitingParams } from '../../contracts';
import type { AnalysisContext, AnalysisResult, ResultFeature } from '../../handlers/analysis-handler';
import { solveSiting, type SitingSolution } from '../../kernels';
import { solveWithFallback } from './siting-solve';

/** The summary names at most this many uncoverable demand indices (and counts them all). */
export const MAX_LISTED_UNCOVERABLE = 1000;

/** Explicit-matrix siting: the caller's demand and coverage go straight to the solver. */
export async function runMatrixSiting(ctx: AnalysisContext<MatrixSitingParams>): Promise<AnalysisResult> {
  const p = ctx.run.params;
  const candidates = p.matrix.coverage?.length ?? p.matrix.distances?.[0]?.length ?? 0;
  await ctx.progress(0.05, `${p.matrix.demand.length} demand points, ${candidates} candidates`);
  const { solution, exactError } = await solveWithFallback((exact) => solveSiting({ ...p, exact }), p.exact);
  const summary = matrixSummary(solution, p, candidates);
  return { features: matrixFeatures(solution, p), summary: exactError ? { ...summary, exactError } : summary };
}

/** One `site` per chosen candidate, in build order; the matrix has no geometry. */
export function matrixFeatures(solution: SitingSolution, p: MatrixSitingParams): ResultFeature[] {
  return solution.selected.map((j, k) => ({
    kind: 'site',
    geometry: null,
    properties: {
      rank: k + 1,
      candidate: j,
      cost: p.matrix.costs?.[j] ?? 1,
      marginalGain: solution.marginalGains[k],
      cumulativeGain: solution.curve[k],
    },
  }));
}

export function matrixSummary(solution: SitingSolution, p: MatrixSitingParams, candidates: number): Record<string, unknown> {
  return {
    mode: 'matrix',
    problem: solution.problem,
    objective: solution.objective,
    selected: solution.selected,
    coveredDemand: solution.coveredDemand,
    coveredDemandPct: solution.coveredDemandPct,
    coveredWeight: solution.coveredWeight,
    totalWeight: solution.totalWeight,
    coveredPct: solution.coveredPct,
    totalCost: solution.totalCost,
    optimal: solution.optimal,
    gap: solution.gap,
    bound: solution.bound,
    boundSource: solution.boundSource,
    method: solution.method,
    feasible: solution.feasible,
    uncoverable: solution.uncoverable.slice(0, MAX_LISTED_UNCOVERABLE),
    uncoverableCount: solution.uncoverable.length,
    coverageCurve: solution.curve.map((objective, k) => ({ cameras: k + 1, objective })),
    candidates,
    demandPoints: p.matrix.demand.length,
    exact: solution.exact,
  };
}
