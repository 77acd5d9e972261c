import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { createDataSource, initDataSource, MimamoriConfig, SERVING_ROLE } from '@mimamori/db';
import { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { redisDurabilityProblems } from '@mimamori/workers/contracts';
import { RequestDb } from './request-db';

export const CONFIG = Symbol('CONFIG');
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

export interface CoreOptions {
  /** The role requests are served as; another one only to test the refusal to start. */
  servingRole?: string;
}

/** Configuration, the DataSource (owner), the request database (serving role) and Redis, shared by every module. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: MimamoriConfig, options: CoreOptions = {}): DynamicModule {
    const servingRole = options.servingRole ?? SERVING_ROLE;
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        {
          provide: DataSource,
          useFactory: () => initDataSource(createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'mimamori-api' })),
        },
        { provide: RequestDb, inject: [DataSource], useFactory: (dataSource: DataSource) => new RequestDb(dataSource, servingRole) },
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
      exports: [CONFIG, DataSource, RequestDb, REDIS],
    };
  }
}
