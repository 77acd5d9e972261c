import { AsyncLocalStorage } from 'node:async_hooks';
import { ROLES } from '@mimamori/db';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Principal } from '../auth/auth.types';

/** What one HTTP request's queries run as: its principal, read when a query starts (the guard sets it). */
interface RequestScope {
  readonly request: { principal?: Principal };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The API's database access. Every statement runs in a transaction that switched to the
 * serving role (`SET LOCAL ROLE`) and set the request's organisation, role and user as
 * transaction-local settings, which the row-level security policies read; the connection
 * goes back to the pool with none of it.
 *
 * A plain `query` is one short transaction of its own, on any pooled connection, as a
 * DataSource query was: streaming responses and server-sent events hold no connection, and a
 * query issued while a transaction's connection is busy (e.g. in a COPY) does not wait for it.
 * Outside any request (boot checks, timers) the identity is that of an anonymous reader.
 */
export class RequestDb {
  private readonly scopes = new AsyncLocalStorage<RequestScope>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly servingRole: string,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(servingRole)) throw new Error(`refusing unsafe role name "${servingRole}"`);
  }

  /** Runs the rest of an HTTP request (`next`) with `request.principal` as its queries' identity. */
  bind(request: object, next: () => void): void {
    this.scopes.run({ request: request as { principal?: Principal } }, next);
  }

  /**
   * `serialPlan`: without parallel workers (`max_parallel_workers_per_gather` 0 for this statement),
   * set with the identity, in the same round trip.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the result shape of TypeORM's query()
  async query<T = any>(sql: string, params?: unknown[], options: { serialPlan?: boolean } = {}): Promise<T> {
    const settings = this.settings(options.serialPlan ? `, set_config('max_parallel_workers_per_gather', '0', true)` : '');
    const runner = this.dataSource.createQueryRunner();
    let result: T;
    try {
      await runner.query(`BEGIN; ${settings}`);
      result = (await runner.query(sql, params)) as T;
      await runner.query('COMMIT');
    } catch (err) {
      await this.abandon(runner);
      throw err;
    }
    await runner.release();
    return result;
  }

  /**
   * Runs `work` in one transaction as the request's identity (`em.transaction` inside it makes
   * a savepoint). The pg client of the transaction, with the role and settings applied (e.g. for
   * COPY), is `await em.queryRunner!.connect()`.
   */
  async transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const settings = this.settings();
    return this.dataSource.transaction(async (em) => {
      await em.query(settings);
      return work(em);
    });
  }

  /** One statement: values are checked literals, so it can share a round trip with BEGIN. `more`: constant settings added to it. */
  private settings(more = ''): string {
    const principal = this.scopes.getStore()?.request.principal;
    const org = principal?.organisationId ?? '';
    const user = principal?.userId ?? '';
    const role = principal?.role ?? '';
    if ((org && !UUID.test(org)) || (user && !UUID.test(user)) || (role && !ROLES.includes(role))) {
      throw new Error('refusing a request identity that is not a user id, organisation id and role');
    }
    return `SELECT set_config('role', '${this.servingRole}', true), set_config('mimamori.org_id', '${org}', true),
                   set_config('mimamori.role', '${role}', true), set_config('mimamori.user_id', '${user}', true)${more}`;
  }

  private async abandon(runner: QueryRunner): Promise<void> {
    try {
      await runner.query('ROLLBACK');
      await runner.release();
    } catch (err) {
      // A connection that cannot roll back is discarded rather than pooled mid-transaction.
      await (runner as unknown as { releasePostgresConnection(err: unknown): Promise<void> }).releasePostgresConnection(err);
    }
  }
}
