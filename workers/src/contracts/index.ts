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
export const ANALYSIS_TYPES = ['coverage', 'beat-stats', 'siting', 'beat-check', 'patrol-coverage', 'route-audit'] as const;
export type AnalysisType = (typeof ANALYSIS_TYPES)[number];

/**
 * Who may run and read each analysis: results built from police information (patrol tracks,
 * beat household counts) stay with police and admins, and are absent for everyone else.
 */
export const ANALYSIS_CLEARANCE: { readonly [T in AnalysisType]: 'internal' | 'police' } = {
  coverage: 'internal',
  siting: 'internal',
  'route-audit': 'internal',
  'beat-stats': 'police',
  'beat-check': 'police',
  'patrol-coverage': 'police',
};

export function isAnalysisType(type: unknown): type is AnalysisType {
  return typeof type === 'string' && (ANALYSIS_TYPES as readonly string[]).includes(type);
}

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** A run in one of these never changes again (and its job, if any, does nothing). */
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

export function isTerminalStatus(status: RunStatus): boolean {
  return TERMINAL_RUN_STATUSES.includes(status);
}

export interface RunAnalysisPayload {
  runId: string;
  type: AnalysisType;
}

export interface JobPayloads {
  [JobName.RunAnalysis]: RunAnalysisPayload;
}

export type JobOf<N extends JobName> = { name: N; data: JobPayloads[N] };
export type AnyJob = { [N in JobName]: JobOf<N> }[JobName];

/** Attempts per run; the run is marked failed only after the last one. */
export const RUN_ATTEMPTS = 3;

/** BullMQ options of a run's job, the same for the API and the workers' sweeper (jobId = run id). */
export function runJobOptions(runId: string) {
  return {
    jobId: runId,
    attempts: RUN_ATTEMPTS,
    backoff: { type: 'exponential' as const, delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

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
  status: RunStatus;
  progress: number;
  message?: string;
}

export * from './analysis-params';
export * from './coverage-params';
export * from './siting-params';
export * from './beat-check-params';
export * from './patrol-params';
export * from './route-audit-params';
export * from './param-references';
export * from './redis-durability';
