import { HttpStatus, Injectable } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import { Redis } from 'ioredis';
import { AppError } from '../common/app-error';
import { InjectConfig, InjectRedis } from '../core/core.module';

/** Failed logins allowed per username and per client address inside one window. */
export const MAX_FAILED_LOGINS = 5;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

export class LoginThrottledError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, 'TOO_MANY_REQUESTS', `too many failed sign-ins; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }
}

/**
 * Counts failed logins in Redis, so every API process behind a balancer sees the same counts.
 * A window starts at the first failure and is not extended by later ones.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    @InjectConfig() private readonly config: MimamoriConfig,
  ) {}

  async assertAllowed(username: string, ip: string): Promise<void> {
    const keys = this.keys(username, ip);
    const replies = await this.redis.multi().get(keys[0]).ttl(keys[0]).get(keys[1]).ttl(keys[1]).exec();
    const values = (replies ?? []).map(([, value]) => value);
    let wait = 0;
    for (let i = 0; i < keys.length; i++) {
      if (Number(values[i * 2] ?? 0) >= MAX_FAILED_LOGINS) wait = Math.max(wait, Math.max(1, Number(values[i * 2 + 1])));
    }
    if (wait > 0) throw new LoginThrottledError(wait);
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const multi = this.redis.multi();
    for (const key of this.keys(username, ip)) multi.incr(key).expire(key, LOGIN_WINDOW_SECONDS, 'NX');
    await multi.exec();
  }

  /**
   * A successful login clears both counts: the limit is on consecutive failures. Another
   * username's count is untouched, so a valid account does not open guessing on others.
   */
  async recordSuccess(username: string, ip: string): Promise<void> {
    await this.redis.del(...this.keys(username, ip));
  }

  private keys(username: string, ip: string): [string, string] {
    const prefix = `${this.config.queuePrefix}:login-failures`;
    return [`${prefix}:user:${username.normalize('NFKC').toLowerCase()}`, `${prefix}:ip:${ip}`];
  }
}
