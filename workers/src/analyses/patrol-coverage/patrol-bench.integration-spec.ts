import { createDataSource, loadDemo } from '@mimamori/db';
import { createTestDatabase, TestDatabase } from '@mimamori/db/testing';
import type { DataSource } from 'typeorm';
import { benchPatrolBeats } from './patrol-bench';

describe('BENCH patrol-beats (small run on the demo)', () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDataSource({ databaseUrl: database.url, applicationName: 'mimamori-test', poolSize: 2 });
    await db.initialize();
    await loadDemo(db);
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('agrees with the ST_Intersection baseline per beat and leaves the tracks as they were', async () => {
    const count = async () => Number((await db.query(`SELECT count(*) AS n FROM layer_patrol_tracks`))[0].n);
    const before = await count();
    const report = await benchPatrolBeats(db, { targetKm: 300, repeats: 1 });
    expect(report.beats).toBe(3);
    expect(report.tracks).toBeGreaterThan(30);
    expect(report.kmTotal).toBeGreaterThan(300);
    expect(report.maxRelDiff).toBeLessThan(0.005);
    expect(report.oursS).toBeGreaterThan(0);
    expect(report.baselineS).toBeGreaterThan(0);
    expect(await count()).toBe(before);
  });
});
