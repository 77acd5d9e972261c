import { outageOf } from './outage-errors';

describe('outageOf', () => {
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

  it('recognises PostgreSQL going away: cut connections, shutdown and start-up states, wrapped driver errors', () => {
    expect(outageOf(withCode('write EPIPE', 'EPIPE'))).toBe('DATABASE_UNAVAILABLE');
    expect(outageOf(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe('DATABASE_UNAVAILABLE');
    expect(outageOf(new Error('Connection terminated unexpectedly'))).toBe('DATABASE_UNAVAILABLE');
    expect(outageOf(withCode('terminating connection due to administrator command', '57P01'))).toBe('DATABASE_UNAVAILABLE');
    expect(outageOf(withCode('the database system is starting up', '57P03'))).toBe('DATABASE_UNAVAILABLE');
    expect(outageOf(withCode('connection failure', '08006'))).toBe('DATABASE_UNAVAILABLE');
    const wrapped = Object.assign(new Error('Query failed'), { name: 'QueryFailedError', driverError: withCode('x', '57P01') });
    expect(outageOf(wrapped)).toBe('DATABASE_UNAVAILABLE');
  });

  it('recognises Redis being unreachable', () => {
    expect(outageOf(Object.assign(new Error('Reached the max retries per request limit (which is 3).'), { name: 'MaxRetriesPerRequestError' }))).toBe(
      'QUEUE_UNAVAILABLE',
    );
    expect(outageOf(new Error('Connection is closed.'))).toBe('QUEUE_UNAVAILABLE');
  });

  it('leaves bugs and query errors alone: they stay internal errors', () => {
    expect(outageOf(new TypeError('x is not a function'))).toBeNull();
    expect(outageOf(withCode('duplicate key value violates unique constraint', '23505'))).toBeNull();
    expect(outageOf(withCode('syntax error at or near "SELEC"', '42601'))).toBeNull();
    expect(outageOf(Object.assign(new Error('Query failed'), { driverError: withCode('division by zero', '22012') }))).toBeNull();
    expect(outageOf(undefined)).toBeNull();
    expect(outageOf('boom')).toBeNull();
  });
});
