import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { createDataSource, initDataSource, MimamoriConfig } from '@mimamori/db';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { redisDurabilityProblems } from '../contracts';

export const CONFIG = Symbol('CONFIG');
/** Connection for commands and pub/sub publishing (BullMQ gets its own). */
export const REDIS = Symbol('REDIS');

export const InjectConfig = () => Inject(CONFIG);
export const InjectRedis = () => Inject(REDIS);

@Injectable()
class ConnectionsCloser implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Configuration, the DataSource and a Redis connection for the worker process. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: MimamoriConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        {
          provide: DataSource,
          useFactory: () =>
            initDataSource(
              createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'mimamori-workers', poolSize: config.workerConcurrency + 2 }),
            ),
        },
        {
          provide: REDIS,
          useFactory: async () => {
            const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
            const logger = new Logger('Redis');
            redis.on('error', (err) => logger.warn(`redis: ${err.message}`));
            if (config.requireDurableRedis) {
              const problems = redisDurabilityProblems(await redis.info('persistence').then(async (p) => p + (await redis.info('memory'))));
              if (problems.length > 0) {
                redis.disconnect();
                throw new Error(`Redis at ${new URL(config.redisUrl).host} may lose queued jobs: ${problems.join('; ')} (REQUIRE_DURABLE_REDIS)`);
              }
            }
            return redis;
          },
        },
        ConnectionsCloser,
      ],
      exports: [CONFIG, DataSource, REDIS],
    };
  }
}
