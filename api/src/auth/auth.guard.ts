import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@mimamori/db';
import type { Request } from 'express';
import { AppError } from '../common/app-error';
import { InjectConfig } from '../core/core.module';
import type { MimamoriConfig } from '@mimamori/db';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { LayerSharesRepository } from './layer-shares.repository';
import { TokenService } from './token.service';
import { ANONYMOUS, Principal } from './auth.types';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: deny by default. A bearer token sets the principal; without one, only reads
 * pass, and only when anonymous reads are enabled (demo mode default).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly shares: LayerSharesRepository,
    @InjectConfig() private readonly config: MimamoriConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = await this.principalOf(req);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!principal) {
      if (!roles && SAFE_METHODS.has(req.method) && this.config.anonymousRead) {
        req.principal = ANONYMOUS;
        return true;
      }
      throw new AppError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', 'sign in first: send Authorization: Bearer <token>');
    }
    if (roles && !roles.includes(principal.role)) {
      throw new AppError(HttpStatus.FORBIDDEN, 'FORBIDDEN', `role ${principal.role} may not do this (needs ${roles.join(' or ')})`);
    }
    // Read per request, so a share or its withdrawal applies at once in every API process.
    req.principal = principal.organisationId ? { ...principal, sharedLayers: await this.shares.incoming(principal.organisationId) } : principal;
    return true;
  }

  private async principalOf(req: Request): Promise<Principal | null> {
    const header = req.headers.authorization;
    if (!header) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', 'Authorization header must be "Bearer <token>"');
    return this.tokens.verify(match[1]);
  }
}
