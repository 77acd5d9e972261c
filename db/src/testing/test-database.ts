import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig, type MimamoriConfig } from '../config/config';

/**
 * Integration tests run against real PostgreSQL + PostGIS. A template database is migrated
 * once per run (global setup); every test file clones it, so files are isolated and can run
 * in parallel.
 */
export const TEST_ADMIN_URL_DEFAULT = 'postgres://mimamori:mimamori@127.0.0.1:5432/postgres';

export function adminUrl(): string {
  return process.env.TEST_ADMIN_DATABASE_URL || TEST_ADMIN_URL_DEFAULT;
}

export function templateName(): string {
  const name = process.env.MIMAMORI_TEST_TEMPLATE;
  if (!name) throw new Error('MIMAMORI_TEST_TEMPLATE is not set: run integration tests through their jest config');
  return name;
}

export function databaseUrl(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `mimamori_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = templateName();
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Configuration of a test process against `databaseUrl` (demo mode, test Redis, a fresh queue prefix). */
export function testConfig(databaseUrl: string): MimamoriConfig {
  return {
    ...loadConfig({ NODE_ENV: 'test', MIMAMORI_DEMO: 'true', DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0' }),
    queuePrefix: `mimamori-test-${randomBytes(4).toString('hex')}`,
  };
}
