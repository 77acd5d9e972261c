import { createHash } from 'node:crypto';

/** Bump when the encoding of tiles changes, so clients do not keep tiles of an older release. */
const TILE_FORMAT = 'mvt-1';

/** A strong ETag naming one tile's content: the hash of what the tile is derived from. */
export function tileETag(...parts: (string | number)[]): string {
  return `"${createHash('sha1').update([TILE_FORMAT, ...parts].join('|')).digest('base64url')}"`;
}

/** Whether an If-None-Match header names this ETag (lists, `*` and weak forms included). */
export function matchesETag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}
