import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@mimamori/db';
import type { Request } from 'express';
import { ANONYMOUS, Principal } from './auth.types';

export const PUBLIC_KEY = 'mimamori:public';
export const ROLES_KEY = 'mimamori:roles';

/** No token needed at all (health, login, the web app). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only these roles; others get 403. Without it, reads need a principal (or anonymous reads). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
  return req.principal ?? ANONYMOUS;
});
