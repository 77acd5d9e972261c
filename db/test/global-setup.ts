import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource, migrate } from '../src/data-source';
import { databaseUrl, withAdmin } from '../src/testing/test-database';

const POSTGIS_TEMPLATE = 'mimamori_postgis_template';

/** Migrates a template database once per set of migrations; test files clone it. */
export default async function globalSetup(): Promise<void> {
  const dir = join(__dirname, '../src/migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) hash.update(readFileSync(join(dir, file)));
  const template = `mimamori_test_tpl_${hash.digest('hex').slice(0, 12)}`;
  process.env.MIMAMORI_TEST_TEMPLATE = template;

  const exists = await withAdmin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount === 1);
  if (exists) return;

  const building = `${template}_${process.pid}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${building}" TEMPLATE "${POSTGIS_TEMPLATE}"`));
  const dataSource = createDataSource({ databaseUrl: databaseUrl(building), applicationName: 'mimamori-test-setup' });
  await dataSource.initialize();
  try {
    await migrate(dataSource);
  } finally {
    await dataSource.destroy();
  }
  await withAdmin(async (c) => {
    try {
      await c.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    } catch (err) {
      // Another run built the same template meanwhile: keep theirs.
      await c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      if (!/already exists/.test((err as Error).message)) throw err;
    }
  });
}
