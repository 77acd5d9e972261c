import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so that `{a, b}` and `{b, a}` are one request.
 * Array order is kept (it can matter); undefined members are dropped as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Identifies "the same question about the same data": type, params and input layer versions. */
export function runFingerprint(type: string, params: unknown, inputVersions: Record<string, number>): string {
  return createHash('sha256')
    .update(`${type}\n${canonicalJson(params)}\n${canonicalJson(inputVersions)}`)
    .digest('hex');
}
