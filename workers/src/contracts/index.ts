/**
 * Job contracts shared by the API (producer) and the workers (consumers). Zero dependencies:
 * queue names, job names and the payload of each job. Payloads carry ids, never geometries.
 */
export enum QueueName {
  Analyses = 'analyses',
}

export enum JobName {
  RunAnalysis = 'run-analysis',
}

/** Analysis types the workers can run today; the contract's others join as they are built. */
export const ANALYSIS_TYPES = ['beat-stats'] as const;
export type AnalysisType = (typeof ANALYSIS_TYPES)[number];

export interface RunAnalysisPayload {
  runId: string;
  type: AnalysisType;
}

export interface JobPayloads {
  [JobName.RunAnalysis]: RunAnalysisPayload;
}

export type JobOf<N extends JobName> = { name: N; data: JobPayloads[N] };
export type AnyJob = { [N in JobName]: JobOf<N> }[JobName];

/** Queue each job goes to. */
export const JOB_QUEUE: { [N in JobName]: QueueName } = {
  [JobName.RunAnalysis]: QueueName.Analyses,
};

/** Redis pub/sub channel on which workers announce run progress (read by the API's SSE). */
export function runEventsChannel(prefix: string): string {
  return `${prefix}:run-events`;
}

export interface RunEvent {
  runId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: number;
  message?: string;
}
