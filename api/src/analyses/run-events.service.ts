import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import { RUN_STATUSES, RunEvent, runEventsChannel } from '@mimamori/workers/contracts';
import { Redis } from 'ioredis';
import { InjectConfig, InjectRedis } from '../core/core.module';

export interface RunEventListener {
  onEvent(event: RunEvent): void;
  /** Called when the API shuts down, so that open streams end. */
  onShutdown(): void;
}

/**
 * Run events from the workers' pub/sub channel: one subscriber connection per API process,
 * fanned out in memory to the listeners of each run.
 */
@Injectable()
export class RunEventsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RunEventsService.name);
  private readonly channel: string;
  private readonly listeners = new Map<string, Set<RunEventListener>>();
  private subscriber?: Redis;

  constructor(
    @InjectConfig() private readonly config: MimamoriConfig,
    @InjectRedis() private readonly redis: Redis,
  ) {
    this.channel = runEventsChannel(config.queuePrefix);
  }

  onModuleInit(): void {
    this.subscriber = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
    this.subscriber.on('error', (err) => this.logger.warn(`redis subscriber: ${err.message}`));
    this.subscriber.on('message', (_channel: string, message: string) => this.dispatch(message));
    this.subscriber.subscribe(this.channel).catch((err: Error) => this.logger.error(`cannot subscribe to ${this.channel}: ${err.message}`));
  }

  onModuleDestroy(): void {
    for (const set of this.listeners.values()) for (const listener of set) listener.onShutdown();
    this.listeners.clear();
    this.subscriber?.disconnect();
  }

  listen(runId: string, listener: RunEventListener): () => void {
    let set = this.listeners.get(runId);
    if (!set) this.listeners.set(runId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(runId) === set) this.listeners.delete(runId);
    };
  }

  /** Tells every API process (this one included) about a change made here, e.g. a cancel. */
  async publish(event: RunEvent): Promise<void> {
    try {
      await this.redis.publish(this.channel, JSON.stringify(event));
    } catch (err) {
      this.logger.warn(`could not publish event of run ${event.runId}: ${(err as Error).message}`);
    }
  }

  private dispatch(message: string): void {
    const event = parseEvent(message);
    if (!event) {
      this.logger.warn(`ignoring a malformed run event: ${message.slice(0, 200)}`);
      return;
    }
    for (const listener of this.listeners.get(event.runId) ?? []) listener.onEvent(event);
  }
}

function parseEvent(message: string): RunEvent | null {
  try {
    const e = JSON.parse(message) as Partial<RunEvent>;
    if (typeof e.runId !== 'string' || !RUN_STATUSES.includes(e.status as RunEvent['status']) || typeof e.progress !== 'number') return null;
    return { runId: e.runId, status: e.status as RunEvent['status'], progress: e.progress, ...(typeof e.message === 'string' ? { message: e.message } : {}) };
  } catch {
    return null;
  }
}
