import type { SitingSolution } from '../../kernels';

export interface SolveOutcome {
  solution: SitingSolution;
  /** Why the exact solver could not be used, when it failed and the heuristic answered alone. */
  exactError?: string;
}

/**
 * Runs `solve` with the exact solver allowed as asked. The MIP is an optional refinement: if it
 * throws (WebAssembly memory, …) the heuristic's answer with its proven bound is still worth
 * returning, so the run succeeds without the MIP and the summary says why.
 */
export async function solveWithFallback(solve: (exact: boolean | undefined) => Promise<SitingSolution>, exact: boolean | undefined): Promise<SolveOutcome> {
  if (exact === false) return { solution: await solve(false) };
  try {
    return { solution: await solve(exact) };
  } catch (err) {
    return { solution: await solve(false), exactError: (err as Error).message };
  }
}
