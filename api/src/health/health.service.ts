import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { InjectRedis } from '../core/core.module';

export interface HealthReport {
  status: 'ok' | 'degraded';
  postgis: string;
  redis: string;
}

const TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref())]);
}

@Injectable()
export class HealthService {
  constructor(
    private readonly db: DataSource,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  async check(): Promise<HealthReport> {
    const [postgis, redis] = await Promise.all([
      withTimeout(this.db.query(`SELECT postgis_lib_version() AS v`))
        .then((rows: { v: string }[]) => rows[0].v)
        .catch((err: Error) => `unavailable: ${err.message}`),
      withTimeout(this.redis.ping())
        .then((pong) => (pong === 'PONG' ? 'ok' : `unexpected: ${pong}`))
        .catch((err: Error) => `unavailable: ${err.message}`),
    ]);
    const ok = !postgis.startsWith('unavailable') && redis === 'ok';
    return { status: ok ? 'ok' : 'degraded', postgis, redis };
  }
}
