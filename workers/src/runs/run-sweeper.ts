import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { isAnalysisType, JobName, JOB_QUEUE, runJobOptions } from '../contracts';
import { InjectConfig } from '../core/core.module';
import { finishJobId } from './fan-out';
import { RunsRepository } from './runs.repository';

/** How long a run may be queued or running before the sweeper looks for its job. */
export const SWEEP_GRACE_SECONDS = 30;
const SWEEP_EVERY_MS = 30_000;

/**
 * PostgreSQL is the record of runs; Redis only carries their jobs. When a run is queued or
 * running in PostgreSQL but its job is gone from Redis (Redis restarted without persistence,
 * a flushed database, an enqueue that failed half-way), the sweeper queues it again. Adding a
 * job whose id exists changes nothing, so any number of workers may sweep at once.
 */
@Injectable()
export class RunSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunSweeper.name);
  private timer?: NodeJS.Timeout;
  private opened?: { queue: Queue; connection: Redis };

  constructor(
    @InjectConfig() private readonly config: MimamoriConfig,
    private readonly runs: RunsRepository,
  ) {}

  onApplicationBootstrap(): void {
    const jitter = Math.floor(Math.random() * 5000);
    this.timer = setInterval(() => void this.sweep().catch((err: Error) => this.logger.warn(`sweep: ${err.message}`)), SWEEP_EVERY_MS + jitter);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.opened?.queue.close();
    this.opened?.connection.disconnect();
  }

  /** Re-queues orphaned runs; returns their ids. */
  async sweep(graceSeconds = SWEEP_GRACE_SECONDS): Promise<string[]> {
    const queue = this.queue();
    const requeued: string[] = [];
    for (const run of await this.runs.unfinishedOlderThan(graceSeconds)) {
      if (!isAnalysisType(run.type) || (await queue.getJob(run.id)) || (await queue.getJob(finishJobId(run.id)))) continue;
      if (run.status === 'running') await this.runs.markQueued(run.id);
      await queue.add(JobName.RunAnalysis, { runId: run.id, type: run.type }, runJobOptions(run.id));
      requeued.push(run.id);
    }
    if (requeued.length > 0) this.logger.warn(`re-queued ${requeued.length} run(s) whose job was missing: ${requeued.join(', ')}`);
    return requeued;
  }

  private queue(): Queue {
    if (!this.opened) {
      const connection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 3 });
      connection.on('error', (err) => this.logger.warn(`redis: ${err.message}`));
      this.opened = { queue: new Queue(JOB_QUEUE[JobName.RunAnalysis], { connection, prefix: this.config.queuePrefix }), connection };
    }
    return this.opened.queue;
  }
}
