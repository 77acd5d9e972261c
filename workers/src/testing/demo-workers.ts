import { createDataSource, loadDemo, type MimamoriConfig } from '@mimamori/db';
import { createTestDatabase, testConfig } from '@mimamori/db/testing';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { analysesQueue } from '../bench/submit-run';
import { RunningWorker, startWorker, type StartWorkerOptions } from '../worker-app';

/** A database of its own with the demo loaded, and in-process workers with their queues. */
export interface DemoWorkers {
  db: DataSource;
  config: MimamoriConfig;
  /** Starts a worker; `settings` overrides the test configuration (a queue prefix of its own, say). */
  start(settings?: Partial<MimamoriConfig>, options?: StartWorkerOptions): Promise<RunningWorker>;
  /** The queue workers started with these settings take jobs from. */
  queue(settings?: Partial<MimamoriConfig>): Queue;
  /** Stops the workers, empties and closes the queues, drops the database. */
  close(): Promise<void>;
}

export async function demoWorkers(): Promise<DemoWorkers> {
  const database = await createTestDatabase();
  const db = createDataSource({ databaseUrl: database.url, applicationName: 'mimamori-test', poolSize: 2 });
  await db.initialize();
  await loadDemo(db);
  const config = testConfig(database.url);
  const workers: RunningWorker[] = [];
  const queues = new Map<string, Queue>();
  return {
    db,
    config,
    async start(settings = {}, options = {}) {
      const worker = await startWorker({ ...config, ...settings }, { logger: false, ...options });
      workers.push(worker);
      return worker;
    },
    queue(settings = {}) {
      const prefix = settings.queuePrefix ?? config.queuePrefix;
      if (!queues.has(prefix)) queues.set(prefix, analysesQueue(config.redisUrl, prefix));
      return queues.get(prefix)!;
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      for (const q of queues.values()) {
        await q.obliterate({ force: true }).catch(() => undefined);
        await q.close();
      }
      await db.destroy();
      await database.drop();
    },
  };
}
