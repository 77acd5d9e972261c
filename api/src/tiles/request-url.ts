import type { Request } from 'express';

/** Absolute origin of a request (protocol and Host), for links clients follow. */
export function requestOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
