import { HttpStatus, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import * as argon2 from 'argon2';
import { DEMO_PASSWORD, type MimamoriConfig } from '@mimamori/db';
import { AppError } from '../common/app-error';
import { InjectConfig } from '../core/core.module';
import { AuthRepository } from './auth.repository';
import { LoginThrottleService } from './login-throttle.service';
import { TokenService } from './token.service';

export interface LoginResult {
  accessToken: string;
  user: { username: string; role: string; organisation: string };
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: AuthRepository,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleService,
    @InjectConfig() private readonly config: MimamoriConfig,
  ) {}

  /** Outside demo mode, refuse to serve while any account still has the demo password. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.demo) return;
    for (const user of await this.users.allPasswordHashes()) {
      if (await argon2.verify(user.passwordHash, DEMO_PASSWORD)) {
        throw new Error(`refusing to start outside demo mode: user "${user.username}" still has the demo password`);
      }
    }
  }

  async login(username: string, password: string, ip: string): Promise<LoginResult> {
    await this.throttle.assertAllowed(username, ip);
    const user = await this.users.findByUsername(username);
    const ok = user ? await argon2.verify(user.passwordHash, password) : false;
    if (!user || !ok) {
      this.logger.warn(`failed login for "${username}"`);
      await this.throttle.recordFailure(username, ip);
      throw new AppError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', 'unknown user or wrong password');
    }
    await this.throttle.recordSuccess(username, ip);
    const accessToken = await this.tokens.sign({
      userId: user.id,
      username: user.username,
      role: user.role,
      organisationId: user.organisationId,
    });
    return { accessToken, user: { username: user.username, role: user.role, organisation: user.organisationName } };
  }
}
