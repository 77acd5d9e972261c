import type { INestApplication } from '@nestjs/common';
import { createDataSource, MimamoriConfig, seedDemoUsers, DemoOrganisationIds, DEMO_PASSWORD, Role } from '@mimamori/db';
import { createTestDatabase, TestDatabase, testConfig } from '@mimamori/db/testing';
import request, { type Response } from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../app.factory';

export interface TestApp {
  app: INestApplication;
  config: MimamoriConfig;
  database: TestDatabase;
  /** A second connection to the test database, for arranging and checking rows directly. */
  db: DataSource;
  orgs: DemoOrganisationIds;
  http: () => ReturnType<typeof request>;
  tokenFor(role: Role): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real API on a fresh clone of the migrated test database (demo organisations and users
 * seeded), with its own queue prefix in Redis.
 */
export async function createTestApp(overrides: Partial<MimamoriConfig> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config: MimamoriConfig = { ...testConfig(database.url), webDist: '/nonexistent', ...overrides };
  const db = createDataSource({ databaseUrl: database.url, applicationName: 'mimamori-test', poolSize: 3 });
  await db.initialize();
  const orgs = await seedDemoUsers(db);
  const app = await createApp(config, { logger: false });
  await app.init();
  const tokens = new Map<Role, string>();
  return {
    app,
    config,
    database,
    db,
    orgs,
    http: () => request(app.getHttpServer()),
    async tokenFor(role) {
      const cached = tokens.get(role);
      if (cached) return cached;
      const res = await request(app.getHttpServer()).post('/api/auth/login').send({ username: role, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login as ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(role, res.body.accessToken);
      return res.body.accessToken as string;
    },
    async close() {
      await app.close();
      await db.destroy();
      await database.drop();
    },
  };
}

/** A supertest parser that keeps the body as bytes (tiles, PDFs): `.buffer(true).parse(binary)`. */
export function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}
