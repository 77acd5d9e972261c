import { createDataSource, LAYERS } from '@mimamori/db';
import type { DataSource } from 'typeorm';

/** What the database says about the role requests would be served as. */
export interface ServingRoleFacts {
  superuser: boolean;
  bypassRls: boolean;
  /** Tables and views the role owns, or could act as the owner of through membership. */
  ownedTables: string[];
  /** Layer tables without row-level security enabled and forced. */
  unprotectedLayers: string[];
}

export function problemsOf(role: string, facts: ServingRoleFacts): string[] {
  const problems: string[] = [];
  if (facts.superuser) problems.push(`${role} is a superuser`);
  if (facts.bypassRls) problems.push(`${role} bypasses row-level security (BYPASSRLS)`);
  if (facts.ownedTables.length > 0) {
    const names = facts.ownedTables.slice(0, 5).join(', ') + (facts.ownedTables.length > 5 ? ', …' : '');
    problems.push(`${role} owns ${facts.ownedTables.length} table(s) (${names}), and row-level security does not bind owners`);
  }
  if (facts.unprotectedLayers.length > 0) {
    problems.push(`row-level security is not enabled and forced on ${facts.unprotectedLayers.join(', ')} (run the migrations)`);
  }
  return problems;
}

/**
 * Why serving requests as `role` from this connection would not be protected by row-level
 * security; empty when it would be. Checked after switching to the role, as requests do.
 */
export async function servingRoleProblems(dataSource: DataSource, role: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    try {
      await runner.query(`SELECT set_config('role', $1, true)`, [role]);
    } catch (err) {
      return [`cannot switch to role ${role} (${(err as Error).message}); run the migrations as the owner in DATABASE_URL`];
    }
    const [facts]: ServingRoleFacts[] = await runner.query(
      `SELECT r.rolsuper AS superuser, r.rolbypassrls AS "bypassRls",
              ARRAY(SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                       AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
                       AND pg_has_role(current_user, c.relowner, 'MEMBER')
                     ORDER BY 1) AS "ownedTables",
              ARRAY(SELECT t.name FROM unnest($1::text[]) AS t(name)
                     LEFT JOIN pg_class c ON c.oid = to_regclass(t.name)
                     WHERE NOT coalesce(c.relrowsecurity AND c.relforcerowsecurity, false)
                     ORDER BY 1) AS "unprotectedLayers"
         FROM pg_roles r WHERE r.rolname = current_user`,
      [LAYERS.map((l) => l.table)],
    );
    return problemsOf(role, facts);
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}

/** Refuses, before anything else starts, to serve requests as a role row-level security would not bind. */
export async function assertServingRole(databaseUrl: string, role: string): Promise<void> {
  const dataSource = createDataSource({ databaseUrl, applicationName: 'mimamori-api-check', poolSize: 1 });
  await dataSource.initialize();
  try {
    const problems = await servingRoleProblems(dataSource, role);
    if (problems.length > 0) throw new Error(`refusing to serve requests as database role ${role}: ${problems.join('; ')}`);
  } finally {
    await dataSource.destroy();
  }
}
