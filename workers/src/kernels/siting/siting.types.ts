export type SitingObjective = 'max-coverage' | 'min-cost-cover';

/** The explicit-matrix form of the `siting` analysis params (ARCHITECTURE.md), as JSON delivers it. */
export interface SitingMatrix {
  /** Weight of each demand point (people, crimes, footfall); its index is the demand id. */
  demand: number[];
  /** Per candidate, the demand indices it covers. Give this or `distances`. */
  coverage?: number[][];
  /** Demand × candidate distances in metres; `null` means unreachable. */
  distances?: (number | null)[][];
  /** A demand point is covered by a candidate when their distance is ≤ this (metres). */
  serviceDistance?: number;
  /** Per-candidate cost (yen); 1 each when absent. */
  costs?: number[];
}

export interface SitingMatrixParams {
  objective: SitingObjective;
  matrix: SitingMatrix;
  /** max-coverage: the number of new sites. */
  k?: number;
  /** max-coverage: the total cost allowed (same unit as `matrix.costs`). */
  budget?: number;
  /** true: always run the MIP; false: never; absent: only when the instance is small. */
  exact?: boolean;
  /** Candidates already installed: their coverage counts as existing, they are never re-selected. */
  existing?: number[];
  /** Demand already covered by other means: its weight counts zero. */
  alreadyCovered?: number[];
  /** min-cost-cover: the share of the coverable weight to reach, 0 < coverPct ≤ 100 (default 100). */
  coverPct?: number;
  /** Time limit of the exact solver in seconds. */
  timeLimitS?: number;
}

export interface SitingIssue {
  field: string;
  message: string;
}

/**
 * Coverage in compressed sparse rows: candidate j covers demand
 * `coverIndex[coverStart[j] .. coverStart[j + 1])`, sorted and without repeats.
 */
export interface SitingInstance {
  numDemand: number;
  numCandidates: number;
  /** Effective weights: 0 for demand that existing supply already covers. */
  weights: Float64Array;
  /** The weights as given, used to report the total covered weight. */
  givenWeights: Float64Array;
  costs: Float64Array;
  coverStart: Int32Array;
  coverIndex: Int32Array;
  /** 1 where existing supply (an installed candidate or `alreadyCovered`) covers the demand. */
  preCovered: Uint8Array;
  /** 0 for candidates that may not be selected (installed ones). */
  selectable: Uint8Array;
  existing: number[];
}

/** The reverse of the coverage CSR: demand i is covered by `byDemandIndex[byDemandStart[i] ..)`. */
export interface DemandIndex {
  byDemandStart: Int32Array;
  byDemandIndex: Int32Array;
}

/** Either a number of new sites or a total cost cap (or both). */
export interface SelectionLimit {
  k?: number;
  budget?: number;
}

/** A heuristic's answer: the picks in build order with what each added. */
export interface GreedyResult {
  selected: number[];
  /** Weight newly covered by each pick, in build order. */
  marginalGains: number[];
  /** Objective after each pick (running sum of `marginalGains`). */
  curve: number[];
  objective: number;
  totalCost: number;
  /** Marginal-gain evaluations done, a machine-independent measure of work. */
  evaluations: number;
}

export interface SolveOptions {
  /** Run the MIP (true) or never (false); `solveSiting` decides "small enough". */
  exact: boolean;
  timeLimitS: number;
  /** Time the swap search may take, in milliseconds. */
  swapTimeBudgetMs?: number;
}

export type BoundSource =
  | 'mip'
  | 'greedy-guarantee'
  | 'online'
  | 'coverable-weight'
  | 'covering-relaxation';

export type SitingMethod =
  | 'lazy-greedy'
  | 'lazy-greedy+swap'
  | 'greedy+redundancy'
  | 'mip'
  | 'none';

export interface ExactRun {
  status: string;
  seconds: number;
  objective: number | null;
  bound: number | null;
}

export interface SitingSolution {
  problem: SitingObjective;
  /** Candidate indices in build order (each pick the one adding the most at that point). */
  selected: number[];
  /** max-coverage: weight newly covered; min-cost-cover: total cost. */
  objective: number;
  /** Demand points covered by the selection together with existing supply. */
  coveredDemand: number;
  /** coveredDemand as a share of all demand points, 0–100 (spopt's `perc_cov`). */
  coveredDemandPct: number;
  /** Given weight covered by the selection together with existing supply. */
  coveredWeight: number;
  totalWeight: number;
  /** coveredWeight as a share of totalWeight, 0–100. */
  coveredPct: number;
  totalCost: number;
  /** Proven optimal (exact solver, or the heuristic reached a proven bound). */
  optimal: boolean;
  /** Relative gap to the best proven bound: |bound − objective| / |bound| (max) or / objective (min); 0 = optimal. */
  gap: number;
  bound: number;
  boundSource: BoundSource;
  method: SitingMethod;
  marginalGains: number[];
  curve: number[];
  /** min-cost-cover: false when some demand cannot be covered by any candidate. */
  feasible: boolean;
  /** Demand indices no selectable candidate covers (min-cost-cover infeasibility). */
  uncoverable: number[];
  exact: ExactRun | null;
}
