import { randomUUID } from 'node:crypto';
import { createDataSource, DEMO_PASSWORD, loadDemo, MimamoriConfig } from '@mimamori/db';
import { createTestDatabase, TestDatabase, testConfig } from '@mimamori/db/testing';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { JobName, QueueName, runJobOptions } from '../contracts';
import { exitWithin, FaultProcess, killQuietly, spawnPlatform, spawnWorkerProcess, waitFor } from './fault-processes';
import { health, login, postJson, waitForApi } from './fault-http';
import { freePort, PrivateRedis, startPrivateRedis } from './private-services';

/*
 * A private redis-server with AOF (fsync always) is killed with SIGKILL while two worker
 * processes work through 100 queued runs, then restarted on the same directory: the workers
 * reconnect and every run succeeds; meanwhile the API says Redis is down and refuses new runs with 503.
 */
const RUNS = 100;

describe('Redis killed and restarted during a batch of runs', () => {
  let database: TestDatabase;
  let db: DataSource;
  let config: MimamoriConfig;
  let redis: PrivateRedis;
  let queue: Queue;
  let api: FaultProcess;
  let apiPort: number;
  const workers: FaultProcess[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    database = await createTestDatabase();
    db = createDataSource({ databaseUrl: database.url, applicationName: 'mimamori-faults-test', poolSize: 2 });
    await db.initialize();
    await loadDemo(db);
    config = { ...testConfig(database.url), redisUrl: redis.url };
    const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, QUEUE_PREFIX: config.queuePrefix, WORKER_LOCK_SECONDS: '4', LOG_LEVEL: 'warn' };
    workers.push(await spawnWorkerProcess({ ...env, LOG_LEVEL: 'log' }), await spawnWorkerProcess({ ...env, LOG_LEVEL: 'log' }));
    apiPort = await freePort();
    api = spawnPlatform('api', { ...env, PORT: String(apiPort) });
    await waitForApi(api, apiPort);
    queue = new Queue(QueueName.Analyses, { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: config.queuePrefix });
    queue.on('error', () => undefined);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...workers, api].map(killQuietly));
    if (redis && !redis.running()) await redis.start();
    await queue?.close();
    await redis?.destroy();
    await db?.destroy();
    await database?.drop();
  }, 120_000);

  const counts = async () => {
    const rows: { status: string; n: number }[] = await db.query(`SELECT status, count(*)::int AS n FROM analysis_run WHERE fingerprint LIKE 'faults:%' GROUP BY status`);
    return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
  };

  it('loses none of 100 runs; workers reconnect; /api/health reports Redis down meanwhile', async () => {
    const token = await login(apiPort, 'police', DEMO_PASSWORD);
    const ids = Array.from({ length: RUNS }, () => randomUUID());
    for (const id of ids) {
      await db.query(`INSERT INTO analysis_run (id, type, params, fingerprint) VALUES ($1, 'beat-stats', '{}', $2)`, [id, `faults:${id}`]);
      await queue.add(JobName.RunAnalysis, { runId: id, type: 'beat-stats' }, runJobOptions(id));
    }
    await waitFor('some runs to succeed', 30_000, async () => ((await counts()).succeeded ?? 0) >= 10, 5);

    await redis.kill();
    const atKill = await counts();
    expect(atKill.succeeded ?? 0).toBeLessThan(RUNS);
    const down = await health(apiPort);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'degraded', redis: expect.stringMatching(/^unavailable/) });
    expect(typeof down.body.postgis).toBe('string');
    expect(down.body.postgis).not.toMatch(/^unavailable/);
    const refused = await postJson(apiPort, token, '/api/analyses', { type: 'beat-stats', params: {} });
    expect(refused).toMatchObject({ status: 503, body: { code: 'QUEUE_UNAVAILABLE' } });
    await new Promise((resolve) => setTimeout(resolve, 2000));

    await redis.start();
    await waitFor('every run to end', 60_000, async () => ((await counts()).succeeded ?? 0) + ((await counts()).failed ?? 0) >= RUNS, 200);
    expect(await counts()).toEqual({ succeeded: RUNS });
    expect(workers.every((w) => w.alive())).toBe(true);
    expect(api.alive()).toBe(true);
    expect(await health(apiPort)).toMatchObject({ status: 200, body: { status: 'ok', redis: 'ok' } });
    await waitFor('the queue to drain', 30_000, async () => {
      const jobs = await queue.getJobCounts('active', 'wait', 'delayed', 'failed', 'prioritized');
      return Object.values(jobs).every((n) => n === 0);
    });
  }, 120_000);

  it('with REQUIRE_DURABLE_REDIS, a worker refuses a Redis without AOF and noeviction, and starts on a durable one', async () => {
    const volatile = await startPrivateRedis(false);
    try {
      const env = { DATABASE_URL: database.url, QUEUE_PREFIX: config.queuePrefix, REQUIRE_DURABLE_REDIS: 'true' };
      const refused = spawnPlatform('workers', { ...env, REDIS_URL: volatile.url });
      expect(await exitWithin(refused, 30_000)).toEqual({ code: 1, signal: null });
      expect(refused.output()).toMatch(/may lose queued jobs: append-only persistence is off.*maxmemory-policy is allkeys-lru/);
      const durable = await spawnWorkerProcess({ ...env, REDIS_URL: redis.url });
      workers.push(durable);
      durable.child.kill('SIGTERM');
      expect(await exitWithin(durable, 30_000)).toEqual({ code: 0, signal: null });
    } finally {
      await volatile.destroy();
    }
  }, 60_000);
});
