/** The run was cancelled while it ran; the processor ends it quietly (no retry). */
export class RunCancelledError extends Error {
  constructor(runId: string) {
    super(`run ${runId} was cancelled`);
    this.name = 'RunCancelledError';
  }
}

/**
 * The run's inputs cannot produce a result (a requested feature does not exist, params no longer
 * valid): retrying would fail the same way, so the run fails at once.
 */
export class AnalysisInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisInputError';
  }
}
