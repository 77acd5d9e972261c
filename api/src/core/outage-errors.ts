/**
 * Errors that mean a backing service is down rather than a bug: PostgreSQL restarting (its
 * connections cut mid-query or refused) or Redis unreachable. The error filter answers them with
 * 503 and a code, so clients know to retry and operators see an outage, not an internal error.
 */
export type Outage = 'DATABASE_UNAVAILABLE' | 'QUEUE_UNAVAILABLE';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);
/** SQLSTATE class 08 (connection exception) and the shutdown/starting states of class 57. */
const PG_OUTAGE_STATE = /^(08...|57P01|57P02|57P03)$/;
const PG_MESSAGES = /Connection terminated|not queryable|the database system is (starting up|shutting down|in recovery)|terminating connection due to administrator command/i;
const REDIS_NAMES = new Set(['MaxRetriesPerRequestError']);
const REDIS_MESSAGES = /max retries per request|Connection is closed|Stream isn't writeable/i;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
}

export function outageOf(error: unknown): Outage | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as ErrorLike;
  if (e.driverError) return outageOf(e.driverError) ?? outageOfSelf(e);
  return outageOfSelf(e);
}

function outageOfSelf(e: ErrorLike): Outage | null {
  const message = typeof e.message === 'string' ? e.message : '';
  const code = typeof e.code === 'string' ? e.code : '';
  if (REDIS_NAMES.has(String(e.name)) || REDIS_MESSAGES.test(message)) return 'QUEUE_UNAVAILABLE';
  if (PG_OUTAGE_STATE.test(code) || NETWORK_CODES.has(code) || PG_MESSAGES.test(message)) return 'DATABASE_UNAVAILABLE';
  return null;
}

export const OUTAGE_MESSAGES: Record<Outage, string> = {
  DATABASE_UNAVAILABLE: 'the database is unavailable (restarting or unreachable) and the request was not completed: try again shortly',
  QUEUE_UNAVAILABLE: 'the job queue (Redis) is unavailable; try again shortly',
};
