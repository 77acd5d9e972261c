import { createDataSource, loadDemo, MimamoriConfig } from '@mimamori/db';
import { createTestDatabase, TestDatabase, testConfig } from '@mimamori/db/testing';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { analysesQueue, resultFeatures, submitRun } from '../../bench/submit-run';
import { RunningWorker, startWorker } from '../../worker-app';
import { COVERAGE_SPLIT } from './coverage-split';

const PARAMS = { targets: 'roads', sources: ['cameras', 'streetlights'], occlusion: true };
const SINGLE = { ...COVERAGE_SPLIT };

describe('coverage split by tile across workers', () => {
  let database: TestDatabase;
  let db: DataSource;
  let config: MimamoriConfig;
  let workers: RunningWorker[];
  let queue: Queue;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDataSource({ databaseUrl: database.url, applicationName: 'mimamori-test', poolSize: 2 });
    await db.initialize();
    await loadDemo(db);
    config = testConfig(database.url);
    workers = [await startWorker(config, { logger: false, concurrency: 1 }), await startWorker(config, { logger: false, concurrency: 1 })];
    queue = analysesQueue(config.redisUrl, config.queuePrefix);
  }, 120_000);
  afterEach(() => Object.assign(COVERAGE_SPLIT, SINGLE));
  afterAll(async () => {
    await Promise.all((workers ?? []).map((w) => w.stop()));
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await db?.destroy();
    await database?.drop();
  });

  const features = (runId: string) => resultFeatures(db, runId);
  const withoutTimings = ({ timingsMs: _t, parts: _p, ...rest }: Record<string, unknown>) => rest;

  it('gives exactly the single-job result: the same features with the same numbers and geometry, the same summary', async () => {
    Object.assign(COVERAGE_SPLIT, { minTargets: Number.MAX_SAFE_INTEGER });
    const single = await submitRun(db, queue, 'coverage', PARAMS);
    Object.assign(COVERAGE_SPLIT, { minTargets: 1, minCellM: 300, maxParts: 12 });
    const split = await submitRun(db, queue, 'coverage', PARAMS);

    expect(single.status).toBe('succeeded');
    expect(split.status).toBe('succeeded');
    expect(single.summary.parts).toBeUndefined();
    expect(split.summary.parts).toBeGreaterThanOrEqual(8);
    expect(withoutTimings(split.summary)).toEqual(withoutTimings(single.summary));
    expect(Number(split.summary.lines)).toBeGreaterThan(500);

    const [a, b] = [await features(single.id), await features(split.id)];
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    const [{ progress }] = await db.query(`SELECT progress FROM analysis_run WHERE id = $1`, [split.id]);
    expect(progress).toBe(1);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM analysis_partial`);
    expect(n).toBe(0);
  });

  it('keeps runs over fewer lines than the threshold as one job', async () => {
    Object.assign(COVERAGE_SPLIT, { minTargets: 100_000, minCellM: 300 });
    const run = await submitRun(db, queue, 'coverage', { targets: 'roads', sources: ['streetlights'] });
    expect(run.status).toBe('succeeded');
    expect(run.summary.parts).toBeUndefined();
  });
});
