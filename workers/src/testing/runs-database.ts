import { randomUUID } from 'node:crypto';
import { createDataSource } from '@mimamori/db';
import { createTestDatabase, type TestDatabase } from '@mimamori/db/testing';
import type { DataSource } from 'typeorm';
import { RunsRepository } from '../runs/runs.repository';

/** The metric zone the run repository specs store lines in. */
export const ZONE = 6677;

export interface RunsDatabase {
  db: DataSource;
  runs: RunsRepository;
  /** A short line in Shinjuku as EWKB (EPSG:4326): the geometry of the specs' coverage lines. */
  ewkb: Buffer;
  /** A new run row with this status (started now). */
  run(status?: string): Promise<string>;
  close(): Promise<void>;
}

/** A fresh migrated database with the workers' run repository on it (for specs of how runs are stored). */
export async function runsDatabase(): Promise<RunsDatabase> {
  let database: TestDatabase | undefined;
  let db: DataSource | undefined;
  try {
    database = await createTestDatabase();
    db = createDataSource({ databaseUrl: database.url, applicationName: 'mimamori-test', poolSize: 4 });
    await db.initialize();
    const [{ ewkb }] = await db.query(`SELECT ST_AsEWKB(ST_GeomFromText('LINESTRING(139.7 35.7, 139.701 35.7005, 139.702 35.7)', 4326)) AS ewkb`);
    const ds = db;
    const created = database;
    return {
      db: ds,
      runs: new RunsRepository(ds),
      ewkb,
      run: async (status = 'running') => {
        const id = randomUUID();
        await ds.query(`INSERT INTO analysis_run (id, type, params, fingerprint, status, started_at) VALUES ($1, 'coverage', '{}', $2, $3, now())`, [
          id,
          `test:${id}`,
          status,
        ]);
        return id;
      },
      close: async () => {
        await ds.destroy();
        await created.drop();
      },
    };
  } catch (err) {
    await db?.destroy();
    await database?.drop();
    throw err;
  }
}
