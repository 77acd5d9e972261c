import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import type { DataSource } from 'typeorm';
import { benchLine, detail } from './bench-report';
import { cpuDuring, type CpuUsage } from './cpu-usage';
import { analysesQueue, deleteBenchRuns, resultDigest, submitRun, SubmittedRun } from './submit-run';
import { spawnWorker, WorkerProcess } from './worker-process';

const PARAMS = { targets: 'roads', sources: ['cameras', 'streetlights'], occlusion: true };
const REPEATS = 3;


/** The fastest of REPEATS coverage runs on `processes` worker processes (one job at a time each). */
async function timeWith(db: DataSource, databaseUrl: string, redisUrl: string, processes: number) {
  const prefix = `mimamori-bench-${randomBytes(3).toString('hex')}`;
  const env = { DATABASE_URL: databaseUrl, QUEUE_PREFIX: prefix, REDIS_URL: redisUrl, WORKER_CONCURRENCY: '1', COVERAGE_SPLIT_MIN_LINES: '2000' };
  const workers: WorkerProcess[] = [];
  const queue = analysesQueue(redisUrl, prefix);
  try {
    for (let i = 0; i < processes; i++) workers.push(await spawnWorker(env));
    let best: { run: SubmittedRun; cpu: CpuUsage | null } | undefined;
    for (let i = 0; i < REPEATS; i++) {
      const { value: run, cpu } = await cpuDuring(
        workers.map((w) => w.child.pid!),
        () => submitRun(db, queue, 'coverage', PARAMS),
      );
      if (run.status !== 'succeeded') throw new Error(`coverage run ${run.id} ${run.status}: ${run.error}`);
      if (!best || run.seconds < best.run.seconds) best = { run, cpu };
    }
    return { ...best!, digest: await resultDigest(db, best!.run.id), peakMb: Math.max(...workers.map((w) => w.peakRssMb())) };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

/** `BENCH workers-2x`: a split coverage run on 2 worker processes vs 1; the results must be identical. */
export async function workers2xBench(db: DataSource, databaseUrl: string, redisUrl: string, log: (line: string) => void): Promise<boolean> {
  await deleteBenchRuns(db);
  const one = await timeWith(db, databaseUrl, redisUrl, 1);
  const two = await timeWith(db, databaseUrl, redisUrl, 2);
  const line = benchLine({
    name: 'workers-2x',
    oursS: two.run.seconds,
    baselineS: one.run.seconds,
    target: 1.7,
    checks: [{ label: 'identical', ok: one.digest === two.digest && one.run.summary.seenM === two.run.summary.seenM }],
  });
  log(line);
  detail('workers-2x', `${two.run.summary.lines} lines in ${two.run.summary.parts ?? 1} parts; 1 process ${one.run.seconds.toFixed(2)} s, 2 processes ${two.run.seconds.toFixed(2)} s (best of ${REPEATS}); results ${one.digest === two.digest ? 'identical' : 'DIFFER'} (md5 ${two.digest}); peak RSS per worker ${two.peakMb.toFixed(0)} MB`);
  // A second process can only use what the first leaves of the machine's cores (shared with PostgreSQL and Redis).
  const busy = (c: CpuUsage | null) => (c ? `${c.cores.toFixed(2)} cores busy (workers ${c.pidsCores.toFixed(2)}, PostgreSQL ${c.postgresCores.toFixed(2)})` : 'not measured');
  detail('workers-2x', `of ${cpus().length} CPU cores: 1 process ${busy(one.cpu)}; 2 processes ${busy(two.cpu)}`);
  return line.endsWith('PASS');
}
