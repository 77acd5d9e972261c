import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createDataSource, initDataSource, loadConfig } from '@mimamori/db';
import { detail } from './bench-report';
import { coverageBenches } from './coverage.bench';
import { sitingBench } from './siting.bench';
import { analysesQueue } from './submit-run';
import { spawnWorker } from './worker-process';
import { workers2xBench } from './workers-2x.bench';
import { incrementalBench } from './incremental.bench';
import { tilesBench, tilesP975Bench } from './tiles.bench';
import { loadFeaturesBench, loadTilesBench } from './load.bench';
import { patrolBench } from './patrol.bench';
import { importBench } from './import.bench';

/**
 * `npm run bench`: every comparison in one run, one `BENCH …` line each (ARCHITECTURE.md,
 * Benchmarks). BENCH_DATABASE_URL is the scale dataset prepared by scripts/bench.sh.
 */
const ALL = ['coverage', 'siting', 'workers-2x', 'incremental', 'tiles', 'tiles-p975', 'load-tiles', 'load-features', 'patrol-beats', 'import-1m'] as const;

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
  for (const [name, bench] of [
    ['workers-2x', workers2xBench],
    ['incremental', incrementalBench],
    ['tiles', tilesBench],
    ['tiles-p975', tilesP975Bench],
    ['load-tiles', loadTilesBench],
    ['load-features', loadFeaturesBench],
    ['patrol-beats', patrolBench],
  ] as const) {
    if (!selected.includes(name)) continue;
    // Cold-tile latency is measured on the larger dataset (N = 100) when scripts/bench.sh prepared it.
    // and patrol aggregation on the demo (N = 1), whose plain-PostGIS baseline alone takes minutes;
    // the loopback load benchmarks on N = 100 with 200,000 cameras.
    const datasets: Partial<Record<string, string>> = {
      'tiles-p975': process.env.BENCH_DATABASE_URL_100,
      'patrol-beats': process.env.BENCH_DATABASE_URL_1,
      'load-tiles': process.env.BENCH_DATABASE_URL_LOAD,
      'load-features': process.env.BENCH_DATABASE_URL_LOAD,
    };
    const url = datasets[name] ?? databaseUrl;
    const db = await initDataSource(createDataSource({ databaseUrl: url, applicationName: 'mimamori-bench' }));
    try {
      pass = (await bench(db, url, config.redisUrl, (line) => console.log(line))) && pass;
    } finally {
      await db.destroy();
    }
  }
  // On a database of its own, created and dropped by the bench.
  if (selected.includes('import-1m')) pass = (await importBench(databaseUrl, config.redisUrl, (line) => console.log(line))) && pass;
  if (!pass) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(`bench failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
