import loadHighs from 'highs';
import type { Highs } from 'highs';

/** A model of 0-1 and [0, 1] columns built row by row, then solved once by HiGHS (WebAssembly). */
export class MipBuilder {
  readonly cost: number[] = [];
  readonly integer: number[] = [];
  readonly starts: number[] = [0];
  readonly columns: number[] = [];
  readonly values: number[] = [];
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];

  addColumn(cost: number, integer: boolean): number {
    this.cost.push(cost);
    this.integer.push(integer ? 1 : 0);
    return this.cost.length - 1;
  }

  addRow(lower: number, upper: number, columns: readonly number[], values: readonly number[]): void {
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    for (let t = 0; t < columns.length; t++) {
      this.columns.push(columns[t]);
      this.values.push(values[t]);
    }
    this.starts.push(this.columns.length);
  }

  get numCols(): number {
    return this.cost.length;
  }
}

export interface MipRun {
  status: string;
  /** Column values of the best solution found, if any. */
  values: Float64Array | null;
  objective: number | null;
  /** Proven bound on the optimum: upper when maximising, lower when minimising. */
  bound: number | null;
  optimal: boolean;
  seconds: number;
}

export interface MipRunOptions {
  sense: 'max' | 'min';
  timeLimitS: number;
  start?: readonly number[];
}

let runtime: Promise<Highs> | null = null;

/** Loads the HiGHS WebAssembly module once per process. */
export function loadHighsRuntime(): Promise<Highs> {
  runtime ??= loadHighs();
  return runtime;
}

export async function runMip(builder: MipBuilder, options: MipRunOptions): Promise<MipRun> {
  const highs = await loadHighsRuntime();
  const started = performance.now();
  const numRows = builder.rowLower.length;
  const { constants } = highs;
  const model = highs.createModel({
    numCols: builder.numCols,
    numRows,
    sense: options.sense === 'max' ? constants.objectiveSense.maximize : constants.objectiveSense.minimize,
    colCost: builder.cost,
    colLower: new Float64Array(builder.numCols),
    colUpper: new Float64Array(builder.numCols).fill(1),
    rowLower: builder.rowLower.map((v) => (v === -Infinity ? -highs.infinity : v)),
    rowUpper: builder.rowUpper.map((v) => (v === Infinity ? highs.infinity : v)),
    matrix: { format: 'csr', numRows, numCols: builder.numCols, starts: builder.starts, indices: builder.columns, values: builder.values },
    integrality: Int32Array.from(builder.integer),
  });
  try {
    model.options.set({ output_flag: false, time_limit: options.timeLimitS, mip_rel_gap: 0 });
    if (options.start) model.setSolution({ colValue: options.start });
    model.run();
    const code = model.getModelStatus();
    const status = statusName(highs, code);
    const hasSolution = Number(model.info.get('primal_solution_status')) === constants.solutionStatus.feasible;
    const bound = Number(model.info.get('mip_dual_bound'));
    return {
      status,
      values: hasSolution ? Float64Array.from(model.getSolution().colValue) : null,
      objective: hasSolution ? model.getObjectiveValue() : null,
      bound: Number.isFinite(bound) ? bound : null,
      optimal: code === constants.modelStatus.optimal,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}

function statusName(highs: Highs, code: number): string {
  const entry = Object.entries(highs.constants.modelStatus).find(([, value]) => value === code);
  return entry ? entry[0] : `status-${code}`;
}
