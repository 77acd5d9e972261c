import type { Response } from 'express';

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

/** Tiles depend on who asks (police layers, shared rows): revalidate every time, per token. */
export const PRIVATE_TILES: Readonly<Record<string, string>> = { 'Cache-Control': 'no-cache', Vary: 'Authorization' };

export type TileResponse =
  | { kind: 'tile'; etag: string; body: Buffer; thinned?: { maxFeatures: number } }
  | { kind: 'not-modified'; etag: string }
  | { kind: 'outside-zoom-range' };

/** Writes a tile reply: 204 outside the layer's zoom range, 304 for a matching ETag, else the MVT. */
export function sendTile(res: Response, reply: TileResponse, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  switch (reply.kind) {
    case 'outside-zoom-range':
      res.status(204).end();
      return;
    case 'not-modified':
      res.setHeader('ETag', reply.etag);
      res.status(304).end();
      return;
    case 'tile':
      res.setHeader('ETag', reply.etag);
      res.setHeader('Content-Type', MVT_CONTENT_TYPE);
      if (reply.thinned) res.setHeader('X-Tile-Thinned', `max-features=${reply.thinned.maxFeatures}`);
      res.status(200).end(reply.body);
      return;
  }
}
