import { Injectable } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import { InjectConfig } from '../core/core.module';
import type { AnalysisContext } from '../handlers/analysis-handler';
import { clampProgress, ProgressThrottle } from './progress-throttle';
import { RunCancelledError } from './run-errors';
import { RunEventsPublisher } from './run-events.publisher';
import { RunRow, RunsRepository } from './runs.repository';

export const PROGRESS_INTERVAL_MS = 500;

/** Builds the context a handler runs with: its run, progress reporting and cancellation checks. */
@Injectable()
export class RunContextFactory {
  constructor(
    private readonly runs: RunsRepository,
    private readonly events: RunEventsPublisher,
    @InjectConfig() private readonly config: MimamoriConfig,
  ) {}

  create<P>(run: RunRow, params: P): AnalysisContext<P> {
    const throttle = new ProgressThrottle(PROGRESS_INTERVAL_MS);
    return {
      run: { id: run.id, type: run.type, params, organisationId: run.organisationId, createdBy: run.createdBy },
      metricSrid: this.config.metricSrid,
      progress: async (fraction, message) => {
        const progress = clampProgress(fraction);
        if (!throttle.shouldReport(progress)) return;
        if (!(await this.runs.updateProgress(run.id, progress))) throw new RunCancelledError(run.id);
        await this.events.publish({ runId: run.id, status: 'running', progress, message });
      },
      throwIfCancelled: async () => {
        const status = await this.runs.statusOf(run.id);
        if (status !== 'running') throw new RunCancelledError(run.id);
      },
    };
  }
}
