import type { AnalysisType } from '../contracts';
import type { AnalysisContext, CoverageLines } from '../handlers/analysis-handler';
import type { PartialFeature } from './runs.repository';

/** Jobs of a fanned-out run on the analyses queue: its parts, then the job that finishes it. */
export enum FanOutJobName {
  Part = 'analysis-part',
  Finish = 'analysis-finish',
}

export interface FanOutPartPayload {
  runId: string;
  type: AnalysisType;
  index: number;
  count: number;
  part: unknown;
}

export interface FanOutFinishPayload {
  runId: string;
  type: AnalysisType;
  shared: unknown;
}

/** Job ids (BullMQ forbids ':'): deterministic, so queueing a run's flow twice adds nothing. */
export const finishJobId = (runId: string) => `${runId}-finish`;
export const partJobId = (runId: string, index: number) => `${runId}-part-${index}`;

/** How a big run splits: one payload per part (ids only) plus what the finishing job needs. */
export interface FanOutPlan {
  parts: unknown[];
  shared: unknown;
}

export interface PartResult {
  /** Written to analysis_partial by the part's worker; merged in `order` when the run finishes. */
  features: PartialFeature[];
  /** Written straight to coverage_line, tagged with the part (a retried part replaces them). */
  coverageLines?: CoverageLines;
  /** Every target the part was given: the lines a retried part replaces (those it wrote before, whatever became of the targets since). */
  lineTargetIds?: readonly number[];
  /**
   * Small JSON handed to `finish` (kept by BullMQ as the part job's return value); a function when
   * it is known only once the part's lines are written (they are made as they are written).
   */
  value: unknown;
}

/**
 * A handler that can split a big run into parts computed by any worker. `plan` returns null for
 * runs small enough to stay one job; the merged result must equal what `run` would return.
 */
export interface FanOutHandler<P = unknown> {
  plan(ctx: AnalysisContext<P>): Promise<FanOutPlan | null>;
  runPart(ctx: AnalysisContext<P>, part: unknown): Promise<PartResult>;
  /** The run's summary from the parts' values, in part order. */
  finish(ctx: AnalysisContext<P>, shared: unknown, values: unknown[]): Promise<Record<string, unknown>>;
}

export function canFanOut(handler: object): handler is FanOutHandler {
  return typeof (handler as Partial<FanOutHandler>).plan === 'function' && typeof (handler as Partial<FanOutHandler>).runPart === 'function';
}
