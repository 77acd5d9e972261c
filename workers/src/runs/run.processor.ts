import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import { UnrecoverableError } from 'bullmq';
import { isAnalysisType, RunAnalysisPayload } from '../contracts';
import { InjectConfig } from '../core/core.module';
import { HandlerRegistry } from '../handlers/handler-registry';
import { canFanOut } from './fan-out';
import { FanOutProcessor } from './fan-out.processor';
import { RunContextFactory } from './run-context.factory';
import { AnalysisInputError, RunCancelledError } from './run-errors';
import { RunEventsPublisher } from './run-events.publisher';
import { RunRow, RunsRepository } from './runs.repository';

/** What the processor needs of a BullMQ job. */
export interface RunJob {
  data: RunAnalysisPayload;
  attemptsMade: number;
  opts: { attempts?: number };
}

export type RunOutcome = 'succeeded' | 'cancelled' | 'skipped' | 'split';

/**
 * The life of one run attempt. BullMQ delivers a job at least once, so every step re-checks the
 * row: a terminal run is left alone, and results plus "succeeded" are written together or not at all.
 */
@Injectable()
export class RunProcessor implements OnApplicationShutdown {
  private readonly logger = new Logger(RunProcessor.name);
  /** Parts and finishing jobs of runs split by their handler (see FanOutHandler). */
  readonly fanOut: FanOutProcessor;

  constructor(
    private readonly runs: RunsRepository,
    private readonly registry: HandlerRegistry,
    private readonly contexts: RunContextFactory,
    private readonly events: RunEventsPublisher,
    @InjectConfig() config: MimamoriConfig,
  ) {
    this.fanOut = new FanOutProcessor(config, runs, registry, contexts, events);
  }

  /** After the worker has closed (onModuleDestroy): a job finishing meanwhile may still queue a split run's parts. */
  async onApplicationShutdown(): Promise<void> {
    await this.fanOut.close();
  }

  async process(job: RunJob): Promise<RunOutcome> {
    const { runId } = job.data;
    const run = await this.runs.markRunning(runId);
    if (!run) {
      this.logger.log(`run ${runId}: already finished or gone, nothing to do`);
      return 'skipped';
    }
    // Not waited for: best effort (failures are logged), and later events on the same connection follow it.
    void this.events.publish({ runId, status: 'running', progress: 0 });
    try {
      return await this.execute(run);
    } catch (err) {
      return this.onError(run, job, err as Error);
    }
  }

  private async execute(run: RunRow): Promise<RunOutcome> {
    if (!isAnalysisType(run.type)) throw new AnalysisInputError(`unknown analysis type "${run.type}"`);
    const handler = this.registry.handlerFor(run.type);
    const check = handler.validate(run.params);
    if (!check.ok) throw new AnalysisInputError(`invalid params: ${check.message}`);
    const started = Date.now();
    const ctx = this.contexts.create(run, check.params);
    const plan = canFanOut(handler) ? await handler.plan(ctx) : null;
    if (plan) {
      await this.fanOut.start(run, plan);
      return 'split';
    }
    const result = await handler.run(ctx);
    if (!(await this.runs.complete(run.id, result, ctx.metricSrid))) throw new RunCancelledError(run.id);
    this.logger.log(`run ${run.id} (${run.type}) succeeded: ${result.features.length} features in ${Date.now() - started} ms`);
    await this.events.publish({ runId: run.id, status: 'succeeded', progress: 1 });
    return 'succeeded';
  }

  private async onError(run: RunRow, job: RunJob, err: Error): Promise<RunOutcome> {
    if (err instanceof RunCancelledError) {
      this.logger.log(`run ${run.id} stopped: it was cancelled`);
      return 'cancelled';
    }
    const attempts = job.opts.attempts ?? 1;
    const permanent = err instanceof AnalysisInputError;
    if (permanent || job.attemptsMade + 1 >= attempts) {
      this.logger.warn(`run ${run.id} failed${permanent ? '' : ` after ${attempts} attempts`}: ${err.message}`);
      const progress = await this.runs.markFailed(run.id, err.message);
      if (progress !== null) await this.events.publish({ runId: run.id, status: 'failed', progress, message: err.message });
      throw permanent ? new UnrecoverableError(err.message) : err;
    }
    this.logger.warn(`run ${run.id} attempt ${job.attemptsMade + 1}/${attempts} failed, retrying: ${err.message}`);
    if (await this.runs.markQueued(run.id)) {
      await this.events.publish({ runId: run.id, status: 'queued', progress: 0, message: `attempt ${job.attemptsMade + 1} failed: ${err.message}` });
    }
    throw err;
  }
}
