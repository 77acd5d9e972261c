import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { moveCamera } from '../analyses/coverage/coverage-edit';
import { benchLine, detail } from './bench-report';
import { analysesQueue, deleteBenchRuns, resultDigest, submitRun, SubmittedRun } from './submit-run';
import { spawnWorker } from './worker-process';

const PARAMS = { targets: 'roads', sources: ['cameras', 'streetlights'], occlusion: true };
/** Cameras moved in turn, spread over the layer: one run pair per move. */
const MOVES = 5;

function succeeded(run: SubmittedRun): SubmittedRun {
  if (run.status !== 'succeeded') throw new Error(`coverage run ${run.id} ${run.status}: ${run.error}`);
  return run;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function lines(run: SubmittedRun): string {
  const n = (run.summary.incremental as { recomputedLines: number }).recomputedLines;
  return `${n} line${n === 1 ? '' : 's'}`;
}

/**
 * `BENCH incremental`: after moving one camera, the coverage run that reuses the previous result
 * (recomputing the lines near the camera) vs the full run on the same state; every pair's results
 * must be identical. MOVES cameras across the layer are moved in turn (each moved back, and that
 * taken in by a run, after its pair): the medians are compared, so one slow run on a shared
 * machine does not decide the line.
 */
export async function incrementalBench(db: DataSource, databaseUrl: string, redisUrl: string, log: (line: string) => void): Promise<boolean> {
  const prefix = `mimamori-bench-${randomBytes(3).toString('hex')}`;
  const worker = await spawnWorker({ DATABASE_URL: databaseUrl, QUEUE_PREFIX: prefix, REDIS_URL: redisUrl, WORKER_CONCURRENCY: '1' });
  const queue = analysesQueue(redisUrl, prefix);
  const pairs: { incremental: SubmittedRun; full: SubmittedRun; same: boolean }[] = [];
  let moved: number | null = null;
  try {
    // Not measured: a full run (nothing earlier to reuse), then a camera moved and moved back, each
    // taken in by an incremental run: the worker is left as a day of use would leave it.
    await deleteBenchRuns(db);
    succeeded(await submitRun(db, queue, 'coverage', PARAMS, { reuse: true }));
    const cameras = await spreadCameras(db);
    for (const dx of [0.0006, -0.0006]) {
      await moveCamera(db, cameras[0].id, dx, 0);
      moved = dx > 0 ? cameras[0].id : null;
      succeeded(await submitRun(db, queue, 'coverage', PARAMS, { reuse: true }));
    }
    for (const { id } of cameras) {
      await moveCamera(db, id, 0.0006, 0);
      moved = id;
      const incremental = succeeded(await submitRun(db, queue, 'coverage', PARAMS, { reuse: true }));
      const full = succeeded(await submitRun(db, queue, 'coverage', PARAMS));
      pairs.push({ incremental, full, same: (await resultDigest(db, incremental.id)) === (await resultDigest(db, full.id)) });
      await moveCamera(db, id, -0.0006, 0);
      moved = null;
      // Not measured: takes in the move back, so that the next measured run sees one moved camera only.
      succeeded(await submitRun(db, queue, 'coverage', PARAMS, { reuse: true }));
    }
    const ours = median(pairs.map((p) => p.incremental.seconds));
    const baseline = median(pairs.map((p) => p.full.seconds));
    const same = pairs.every((p) => p.same);
    const line = benchLine({ name: 'incremental', oursS: ours, baselineS: baseline, target: 20, checks: [{ label: 'identical', ok: same }] });
    log(line);
    const ms = (s: number) => (s * 1000).toFixed(0);
    detail(
      'incremental',
      `${pairs.length} cameras moved ~55 m in turn; per move the lines recomputed (of ${pairs[0].full.summary.lines}), incremental / full run in ms: ` +
        pairs.map((p) => `${lines(p.incremental)} ${ms(p.incremental.seconds)}/${ms(p.full.seconds)}`).join(', ') +
        `; medians compared; features ${same ? 'identical to' : 'DIFFER from'} the full run's in every pair`,
    );
    return line.endsWith('PASS');
  } finally {
    if (moved !== null) await moveCamera(db, moved, -0.0006, 0);
    await worker.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

/** MOVES active cameras spread over the layer (the first of each of MOVES equal slices by id). */
function spreadCameras(db: DataSource): Promise<{ id: number }[]> {
  return db.query(
    `SELECT min(id)::int AS id FROM (SELECT id, ntile($1) OVER (ORDER BY id) AS slice FROM layer_cameras WHERE status = 'active' AND deleted_at IS NULL) c
      GROUP BY slice ORDER BY 1`,
    [MOVES],
  );
}
