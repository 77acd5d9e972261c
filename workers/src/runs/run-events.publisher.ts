import { Injectable, Logger } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import type { Redis } from 'ioredis';
import { RunEvent, runEventsChannel } from '../contracts';
import { InjectConfig, InjectRedis } from '../core/core.module';

/** Announces run state changes to the API processes (best effort: the row is the truth). */
@Injectable()
export class RunEventsPublisher {
  private readonly logger = new Logger(RunEventsPublisher.name);
  private readonly channel: string;

  constructor(
    @InjectRedis() private readonly redis: Redis,
    @InjectConfig() config: MimamoriConfig,
  ) {
    this.channel = runEventsChannel(config.queuePrefix);
  }

  async publish(event: RunEvent): Promise<void> {
    try {
      await this.redis.publish(this.channel, JSON.stringify(event));
    } catch (err) {
      this.logger.warn(`could not publish event of run ${event.runId}: ${(err as Error).message}`);
    }
  }
}
