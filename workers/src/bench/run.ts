import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createDataSource, initDataSource, loadConfig } from '@mimamori/db';
import { detail } from './bench-report';
import { coverageBenches } from './coverage.bench';
import { sitingBench } from './siting.bench';
import { analysesQueue } from './submit-run';
import { spawnWorker } from './worker-process';

/**
 * `npm run bench`: every comparison in one run, one `BENCH …` line each (ARCHITECTURE.md,
 * Benchmarks). BENCH_DATABASE_URL is the scale dataset prepared by scripts/bench.sh.
 */
const ALL = ['coverage', 'siting'] as const;

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const selected = only.length ? ALL.filter((b) => only.includes(b)) : [...ALL];
  const config = loadConfig();
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? config.databaseUrl;
  let pass = true;

  if (selected.includes('coverage')) {
    const prefix = `mimamori-bench-${randomBytes(3).toString('hex')}`;
    const db = await initDataSource(createDataSource({ databaseUrl, applicationName: 'mimamori-bench' }));
    const worker = await spawnWorker({ DATABASE_URL: databaseUrl, QUEUE_PREFIX: prefix, REDIS_URL: config.redisUrl });
    const queue = analysesQueue(config.redisUrl, prefix);
    try {
      pass = (await coverageBenches(db, queue, config.metricSrid, (line) => console.log(line))) && pass;
      detail('coverage', `peak RSS of the worker process: ${worker.peakRssMb().toFixed(0)} MB`);
    } finally {
      await worker.stop();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await db.destroy();
    }
  }
  if (selected.includes('siting')) pass = (await sitingBench((line) => console.log(line))) && pass;
  if (!pass) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(`bench failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
