import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { moveCamera } from '../analyses/coverage/coverage-edit';
import { benchLine, detail } from './bench-report';
import { analysesQueue, deleteBenchRuns, resultDigest, submitRun, SubmittedRun } from './submit-run';
import { spawnWorker } from './worker-process';

const PARAMS = { targets: 'roads', sources: ['cameras', 'streetlights'], occlusion: true };


function succeeded(run: SubmittedRun): SubmittedRun {
  if (run.status !== 'succeeded') throw new Error(`coverage run ${run.id} ${run.status}: ${run.error}`);
  return run;
}

/**
 * `BENCH incremental`: after moving one camera, the coverage run that reuses the previous result
 * (recomputing the lines near the camera) vs the full run; the two results must be identical.
 * The camera is moved back at the end.
 */
export async function incrementalBench(db: DataSource, databaseUrl: string, redisUrl: string, log: (line: string) => void): Promise<boolean> {
  const prefix = `mimamori-bench-${randomBytes(3).toString('hex')}`;
  const worker = await spawnWorker({ DATABASE_URL: databaseUrl, QUEUE_PREFIX: prefix, REDIS_URL: redisUrl, WORKER_CONCURRENCY: '1' });
  const queue = analysesQueue(redisUrl, prefix);
  const [camera] = await db.query(`SELECT id::int AS id FROM layer_cameras WHERE status = 'active' AND deleted_at IS NULL ORDER BY id LIMIT 1`);
  try {
    // The first run is a full one (nothing earlier to reuse); it leaves the worker as a day of use would.
    await deleteBenchRuns(db);
    succeeded(await submitRun(db, queue, 'coverage', PARAMS, { reuse: true }));
    await moveCamera(db, camera.id, 0.0006, 0);
    const incremental = succeeded(await submitRun(db, queue, 'coverage', PARAMS, { reuse: true }));
    const full = succeeded(await submitRun(db, queue, 'coverage', PARAMS));
    const same = (await resultDigest(db, incremental.id)) === (await resultDigest(db, full.id));
    const line = benchLine({ name: 'incremental', oursS: incremental.seconds, baselineS: full.seconds, target: 20, checks: [{ label: 'identical', ok: same }] });
    log(line);
    const inc = incremental.summary.incremental as { recomputedLines: number; changedInputs: number };
    const t = incremental.summary.timingsMs as { load: number; compute: number; results: number };
    detail(
      'incremental',
      `camera ${camera.id} moved ~55 m: ${inc.recomputedLines} of ${full.summary.lines} lines recomputed (load ${t.load} ms, kernel ${t.compute} ms), ` +
        `the other lines kept by reference; features ${same ? 'identical to' : 'DIFFER from'} the full run (${full.seconds.toFixed(2)} s)`,
    );
    return line.endsWith('PASS');
  } finally {
    await moveCamera(db, camera.id, -0.0006, 0);
    await worker.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
