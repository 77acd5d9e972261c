import { Injectable, NestMiddleware } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import type { NextFunction, Request, Response } from 'express';
import { ANONYMOUS, type Principal } from '../auth/auth.types';
import { TokenService } from '../auth/token.service';
import { InjectConfig } from '../core/core.module';
import { PRIVATE_TILES, sendTile } from './tile-response';
import { TilesService } from './tiles.service';

const LAYER_TILE = /^\/api\/tiles\/([a-z][a-z-]*)\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})\.mvt$/;
const BEARER = /^Bearer\s+(\S+)$/i;
/** Tokens whose verification is remembered; beyond it the memory starts over. */
const MAX_VERIFIED_TOKENS = 10_000;

/**
 * Cached layer tiles without the rest of the pipeline: a map pans through hundreds of tiles a
 * minute and most are in memory. It authenticates as AuthGuard does (a valid bearer token, or
 * no header where anonymous reads are on) and serves only what TilesService.cachedLayerTile
 * finds for that principal; anything else, errors included, goes on to the controller, which
 * runs the guard and answers as usual.
 */
@Injectable()
export class TileHitMiddleware implements NestMiddleware {
  /**
   * Verifying an HS256 token costs ~0.3 ms here, as much as serving the tile: a token verified
   * once is trusted until its own expiry (tokens are not revocable, so the guard decides no differently).
   */
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(
    private readonly tiles: TilesService,
    private readonly tokens: TokenService,
    @InjectConfig() private readonly config: MimamoriConfig,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const match = req.method === 'GET' ? LAYER_TILE.exec(req.originalUrl) : null;
    if (!match) return next();
    this.hit(req, match)
      .then((reply) => (reply ? sendTile(res, reply, PRIVATE_TILES) : next()))
      .catch(() => next());
  }

  private async hit(req: Request, [, layer, z, x, y]: RegExpExecArray) {
    const principal = await this.principalOf(req.headers.authorization);
    if (!principal) return null;
    return this.tiles.cachedLayerTile(layer, z, x, y, principal, req.headers['if-none-match']);
  }

  private async principalOf(header: string | undefined): Promise<Principal | null> {
    if (header === undefined) return this.config.anonymousRead ? ANONYMOUS : null;
    const token = BEARER.exec(header)?.[1];
    if (!token) return null;
    const known = this.verified.get(token);
    if (known && known.expiresAtMs > Date.now()) return known.principal;
    const principal = await this.tokens.verify(token);
    const expiresAtMs = expiryOf(token);
    if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.clear();
    if (expiresAtMs !== null) this.verified.set(token, { principal, expiresAtMs });
    return principal;
  }
}

/** The `exp` claim of a token already verified, in milliseconds; null without one (never remembered). */
function expiryOf(token: string): number | null {
  try {
    const exp = (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}
