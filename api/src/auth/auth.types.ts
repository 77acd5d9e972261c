import type { Role, Sensitivity } from '@mimamori/db';

/** Who is making a request. Anonymous readers (demo mode) are viewers of no organisation. */
export interface Principal {
  userId: string | null;
  username: string;
  role: Role;
  organisationId: string | null;
  /** Layer id → organisations that share their rows of it with this principal's organisation. */
  sharedLayers?: Readonly<Record<string, readonly string[]>>;
}

export const ANONYMOUS: Principal = { userId: null, username: 'anonymous', role: 'viewer', organisationId: null };

export const WRITER_ROLES: readonly Role[] = ['admin', 'planner', 'police'];

/** The most sensitive information a principal may see: police and admins see police layers. */
export function clearanceOf(principal: Principal): Sensitivity {
  return principal.role === 'police' || principal.role === 'admin' ? 'police' : 'internal';
}
