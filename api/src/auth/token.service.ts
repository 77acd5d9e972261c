import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ROLES, type Role } from '@mimamori/db';
import { AppError } from '../common/app-error';
import type { Principal } from './auth.types';

const ISSUER = 'mimamori';
const AUDIENCE = 'mimamori-api';

interface Claims {
  sub: string;
  username: string;
  role: Role;
  org: string;
}

@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  sign(principal: Principal): Promise<string> {
    const claims: Claims = {
      sub: principal.userId ?? '',
      username: principal.username,
      role: principal.role,
      org: principal.organisationId ?? '',
    };
    return this.jwt.signAsync(claims, { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE });
  }

  async verify(token: string): Promise<Principal> {
    try {
      const claims = await this.jwt.verifyAsync<Claims>(token, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
      if (!ROLES.includes(claims.role)) throw new Error('unknown role');
      return { userId: claims.sub, username: claims.username, role: claims.role, organisationId: claims.org || null };
    } catch (err) {
      throw new AppError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', `invalid or expired token: ${(err as Error).message}`);
    }
  }
}
