import { randomUUID } from 'node:crypto';
import { createDataSource, loadDemo, MimamoriConfig, replicateDemo } from '@mimamori/db';
import { createTestDatabase, TestDatabase, testConfig } from '@mimamori/db/testing';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { analysesQueue } from '../bench/submit-run';
import { JobName, runJobOptions } from '../contracts';
import { exitWithin, FaultProcess, killQuietly, runState, spawnWorkerProcess, waitFor, waitForEnd } from './fault-processes';

/*
 * Real worker processes (`node workers/dist/main.js`) killed in the middle of a coverage run:
 * kill -9 leaves the job to another worker, which completes it with exactly one set of result
 * rows; SIGTERM lets the worker finish the job it holds and exit 0.
 */
const PARAMS = { targets: 'roads', sources: ['cameras', 'streetlights'], occlusion: true };
const LOCK_SECONDS = 4;
/** Copies of the demo: enough for a run of a few seconds, so that the faults land mid-run. */
const SCALE = 4;

describe('worker processes killed during a coverage run', () => {
  let database: TestDatabase;
  let db: DataSource;
  let config: MimamoriConfig;
  let queue: Queue;
  const workers: FaultProcess[] = [];
  let clean: { id: string; features: number; lines: number };

  const env = () => ({
    DATABASE_URL: database.url,
    REDIS_URL: config.redisUrl,
    QUEUE_PREFIX: config.queuePrefix,
    WORKER_LOCK_SECONDS: String(LOCK_SECONDS),
    COVERAGE_SPLIT_MIN_LINES: '100000000',
  });
  const startWorker = async () => {
    const w = await spawnWorkerProcess(env());
    workers.push(w);
    return w;
  };

  /** Queues a coverage run the way the API does: a row, then one job with jobId = run id and the API's retry options. */
  async function submit(): Promise<string> {
    const id = randomUUID();
    await db.query(`INSERT INTO analysis_run (id, type, params, fingerprint, input_versions) VALUES ($1, 'coverage', $2, $3, $4)`, [
      id,
      PARAMS,
      `faults:${id}`,
      { faults: id },
    ]);
    await queue.add(JobName.RunAnalysis, { runId: id, type: 'coverage' }, runJobOptions(id));
    return id;
  }

  const featureCounts = async (runId: string) => {
    const [row] = await db.query(
      `SELECT count(*)::int AS features, count(*) FILTER (WHERE kind = 'line')::int AS lines,
              count(DISTINCT properties->>'targetId') FILTER (WHERE kind = 'line')::int AS "distinctLines"
         FROM analysis_result WHERE run_id = $1`,
      [runId],
    );
    return row as { features: number; lines: number; distinctLines: number };
  };

  const waitForProgress = (runId: string) =>
    waitFor(`run ${runId} to make progress`, 30_000, async () => (await runState(db, runId)).progress > 0, 20);

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDataSource({ databaseUrl: database.url, applicationName: 'mimamori-faults-test', poolSize: 2 });
    await db.initialize();
    await loadDemo(db);
    await replicateDemo(db, SCALE);
    config = testConfig(database.url);
    queue = analysesQueue(config.redisUrl, config.queuePrefix);

    const worker = await startWorker();
    const id = await submit();
    expect((await waitForEnd(db, id, 60_000)).status).toBe('succeeded');
    clean = { id, ...(await featureCounts(id)) };
    worker.child.kill('SIGTERM');
    await worker.exited;
  }, 150_000);

  afterAll(async () => {
    await Promise.all(workers.map(killQuietly));
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await db?.destroy();
    await database?.drop();
  }, 120_000);

  it('kill -9 mid-run: another worker takes the job over and writes exactly one set of results', async () => {
    expect(clean.lines).toBeGreaterThan(500);
    const first = await startWorker();
    const id = await submit();
    await waitForProgress(id);
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect((await runState(db, id)).status).toBe('running');

    const started = Date.now();
    const second = await startWorker();
    const end = await waitForEnd(db, id, 45_000);
    expect(end).toMatchObject({ status: 'succeeded', progress: 1, error: null });
    expect(end.attempts).toBe(2);
    expect(Date.now() - started).toBeLessThan(LOCK_SECONDS * 1000 * 3 + 20_000);
    expect(await featureCounts(id)).toEqual(await featureCounts(clean.id));
    expect(await featureCounts(id)).toMatchObject({ lines: clean.lines, distinctLines: clean.lines });
    expect(second.output()).toMatch(new RegExp(`run ${id} \\(coverage\\) succeeded`));
    expect(await queue.getJobCounts('active', 'wait', 'delayed', 'failed')).toEqual({ active: 0, wait: 0, delayed: 0, failed: 0 });
    second.child.kill('SIGTERM');
    expect(await exitWithin(second, 30_000)).toEqual({ code: 0, signal: null });
  }, 90_000);

  it('SIGTERM mid-run: the worker finishes the job, then exits 0; nothing is left stalled', async () => {
    const worker = await startWorker();
    const id = await submit();
    await waitForProgress(id);
    const signalled = Date.now();
    worker.child.kill('SIGTERM');
    expect((await runState(db, id)).status).toBe('running');
    expect(await exitWithin(worker, 30_000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(30_000);

    const end = await runState(db, id);
    expect(end).toMatchObject({ status: 'succeeded', progress: 1, attempts: 1, error: null });
    expect(await featureCounts(id)).toEqual(await featureCounts(clean.id));
    expect(worker.output()).toMatch(/SIGTERM: finishing the current jobs/);
    expect(await queue.getJobCounts('active', 'wait', 'delayed', 'failed')).toEqual({ active: 0, wait: 0, delayed: 0, failed: 0 });
  }, 60_000);
});
