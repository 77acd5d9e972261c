import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import { JobName, JobPayloads, JOB_QUEUE, QueueName, runJobOptions } from '@mimamori/workers/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { InjectConfig } from '../core/core.module';

const ENQUEUE_TIMEOUT_MS = 5000;

/**
 * The producer side of the analyses queue, with its own Redis connection. Opened at first use
 * (a BullMQ Queue writes its meta key on creation) and closed at shutdown.
 */
@Injectable()
export class AnalysisQueueService implements OnApplicationShutdown {
  private readonly logger = new Logger(AnalysisQueueService.name);
  private opened?: { queue: Queue; connection: Redis };

  constructor(@InjectConfig() private readonly config: MimamoriConfig) {}

  /**
   * One job per run (jobId = run id): adding it again while it exists changes nothing. Bounded in
   * time: BullMQ waits for a connection that is still reconnecting without limit, and a request
   * must not hang while Redis is down.
   */
  async enqueueRun(data: JobPayloads[JobName.RunAnalysis]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.queue().add(JobName.RunAnalysis, data, runJobOptions(data.runId)), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Drops a job that is waiting or delayed; a job being processed stays (it sees the cancel). */
  async removeRun(runId: string): Promise<void> {
    try {
      await this.queue().remove(runId);
    } catch (err) {
      this.logger.warn(`could not remove job ${runId} from ${QueueName.Analyses}: ${(err as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.opened) return;
    await this.opened.queue.close();
    this.opened.connection.disconnect();
  }

  private queue(): Queue {
    if (!this.opened) {
      const connection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 3 });
      connection.on('error', (err) => this.logger.warn(`redis: ${err.message}`));
      const queue = new Queue(JOB_QUEUE[JobName.RunAnalysis], { connection, prefix: this.config.queuePrefix });
      this.opened = { queue, connection };
    }
    return this.opened.queue;
  }
}
