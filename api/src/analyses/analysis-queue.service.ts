import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import { JobName, JobPayloads, JOB_QUEUE, QueueName, runJobOptions } from '@mimamori/workers/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { InjectConfig } from '../core/core.module';

/**
 * The producer side of the analyses queue, with its own Redis connection. Opened at first use
 * (a BullMQ Queue writes its meta key on creation) and closed at shutdown.
 */
@Injectable()
export class AnalysisQueueService implements OnApplicationShutdown {
  private readonly logger = new Logger(AnalysisQueueService.name);
  private opened?: { queue: Queue; connection: Redis };

  constructor(@InjectConfig() private readonly config: MimamoriConfig) {}

  /** One job per run (jobId = run id): adding it again while it exists changes nothing. */
  async enqueueRun(data: JobPayloads[JobName.RunAnalysis]): Promise<void> {
    await this.queue().add(JobName.RunAnalysis, data, runJobOptions(data.runId));
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
