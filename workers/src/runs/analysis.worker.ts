import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { AnyJob, JobName, JobPayloads, QueueName } from '../contracts';
import { InjectConfig } from '../core/core.module';
import { FanOutJobName, FanOutPartPayload } from './fan-out';
import { FinishJob } from './fan-out.processor';
import { RunEventsPublisher } from './run-events.publisher';
import { RunProcessor } from './run.processor';
import { RunsRepository } from './runs.repository';

export const WORKER_OPTIONS = Symbol('WORKER_OPTIONS');

export interface WorkerOptions {
  /** Jobs run at once (default: config.workerConcurrency). */
  concurrency?: number;
}

/** The BullMQ worker on the analyses queue: started at boot, closed gracefully at shutdown. */
@Injectable()
export class AnalysisWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AnalysisWorker.name);
  private worker?: Worker;
  private connection?: Redis;

  constructor(
    @InjectConfig() private readonly config: MimamoriConfig,
    @Inject(WORKER_OPTIONS) private readonly options: WorkerOptions,
    private readonly processor: RunProcessor,
    private readonly runs: RunsRepository,
    private readonly events: RunEventsPublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.connection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', (err) => this.logger.warn(`redis: ${err.message}`));
    this.worker = new Worker(QueueName.Analyses, (job: Job) => this.dispatch(job), {
      connection: this.connection,
      prefix: this.config.queuePrefix,
      concurrency: this.options.concurrency ?? this.config.workerConcurrency,
      // A crashed worker's job is moved back to the queue once its lock expires, found by the next stall check.
      lockDuration: this.config.workerLockSeconds * 1000,
      stalledInterval: Math.min(30_000, (this.config.workerLockSeconds * 1000) / 2),
    });
    this.worker.on('failed', (job, err) => void this.onFinalFailure(job, err));
    this.worker.on('error', (err) => this.logger.error(`worker: ${err.message}`));
    await this.worker.waitUntilReady();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    this.connection?.disconnect();
  }

  private dispatch(job: Job): Promise<unknown> {
    if (job.name === FanOutJobName.Part) return this.processor.fanOut.processPart(job as Job<FanOutPartPayload>);
    if (job.name === FanOutJobName.Finish) return this.processor.fanOut.processFinish(job as unknown as FinishJob);
    const typed = job as unknown as AnyJob;
    switch (typed.name) {
      case JobName.RunAnalysis:
        return this.processor.process({ data: typed.data, attemptsMade: job.attemptsMade, opts: job.opts });
      default:
        throw new UnrecoverableError(`unknown job "${job.name}" on queue ${QueueName.Analyses}`);
    }
  }

  /**
   * A job can also fail without our processor deciding it (stalled too often, lost lock): once
   * BullMQ gives up on it, make sure its run does not stay "running" for ever.
   */
  private async onFinalFailure(job: Job | undefined, err: Error): Promise<void> {
    const names: string[] = [JobName.RunAnalysis, FanOutJobName.Part, FanOutJobName.Finish];
    if (!job || !names.includes(job.name)) return;
    try {
      if (!(await job.isFailed())) return;
      const runId = (job.data as JobPayloads[JobName.RunAnalysis]).runId;
      if (job.name !== JobName.RunAnalysis) await this.runs.dropPartials(runId);
      const progress = await this.runs.markFailed(runId, err.message);
      if (progress !== null) await this.events.publish({ runId, status: 'failed', progress, message: err.message });
    } catch (e) {
      this.logger.warn(`could not record the failure of job ${job.id}: ${(e as Error).message}`);
    }
  }
}
