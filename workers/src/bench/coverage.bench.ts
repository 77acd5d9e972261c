import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { benchLine, detail, timed } from './bench-report';
import { litLengthBaseline, seenLengthBaseline } from './coverage-baseline';
import { submitRun, SubmittedRun } from './submit-run';

const MAX_LENGTH_DIFF = 0.005;

async function median(runs: number, fn: () => Promise<SubmittedRun>): Promise<SubmittedRun> {
  const results: SubmittedRun[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await fn();
    if (r.status !== 'succeeded') throw new Error(`coverage run ${r.id} ${r.status}: ${r.error}`);
    results.push(r);
  }
  return results.sort((a, b) => a.seconds - b.seconds)[Math.floor(runs / 2)];
}

/** Where our time went: loading inputs, the kernel, building results (in the worker), writing them. */
function timingsOf(run: SubmittedRun): string {
  const t = run.summary.timingsMs as { load: number; compute: number; results: number };
  const write = run.seconds * 1000 - t.load - t.compute - t.results;
  return `ours: load ${t.load} ms, kernel ${t.compute} ms, result features ${t.results} ms, writing ${write.toFixed(0)} ms (${run.summary.lines} lines, ${Number(run.summary.blindSpots) + Number(run.summary.darkSpots)} spots)`;
}

/** `BENCH coverage-lights` and `BENCH coverage-cameras`: our analysis end to end vs plain PostGIS. */
export async function coverageBenches(db: DataSource, queue: Queue, srid: number, log: (line: string) => void): Promise<boolean> {
  const counts = await db.query(
    `SELECT (SELECT count(*) FROM layer_roads WHERE deleted_at IS NULL)::int AS roads,
            (SELECT count(*) FROM layer_cameras WHERE deleted_at IS NULL AND status = 'active')::int AS cameras,
            (SELECT count(*) FROM layer_streetlights WHERE deleted_at IS NULL AND status = 'active')::int AS lights,
            (SELECT count(*) FROM layer_buildings WHERE deleted_at IS NULL)::int AS buildings,
            (SELECT sum(ST_NPoints(geom) - 1) FROM layer_roads WHERE deleted_at IS NULL)::int AS segments`,
  );
  detail('coverage', `dataset: ${JSON.stringify(counts[0])}`);
  let ok = true;

  const lights = await median(3, () => submitRun(db, queue, 'coverage', { targets: 'roads', sources: ['streetlights'] }));
  const litBase = await timed(() => litLengthBaseline(db, srid));
  const litOurs = Number(lights.summary.litM);
  const litDiff = Math.abs(litOurs - litBase.value) / litBase.value;
  const lightsLine = benchLine({
    name: 'coverage-lights',
    oursS: lights.seconds,
    baselineS: litBase.seconds,
    target: 20,
    checks: [{ label: 'length', ok: litDiff <= MAX_LENGTH_DIFF }],
  });
  log(lightsLine);
  detail('coverage-lights', timingsOf(lights));
  detail('coverage-lights', `lit length ours ${litOurs.toFixed(1)} m, baseline ${litBase.value.toFixed(1)} m, difference ${(100 * litDiff).toFixed(3)} % (max 0.5 %)`);
  ok &&= lightsLine.endsWith('PASS');

  const cameras = await median(3, () => submitRun(db, queue, 'coverage', { targets: 'roads', sources: ['cameras'], occlusion: true }));
  const seenBase = await timed(() => seenLengthBaseline(db, srid));
  const seenOurs = Number(cameras.summary.seenM);
  const seenDiff = Math.abs(seenOurs - seenBase.value) / seenBase.value;
  const camerasLine = benchLine({
    name: 'coverage-cameras',
    oursS: cameras.seconds,
    baselineS: seenBase.seconds,
    target: 10,
    checks: [{ label: 'length', ok: seenDiff <= MAX_LENGTH_DIFF }],
  });
  log(camerasLine);
  detail('coverage-cameras', timingsOf(cameras));
  detail('coverage-cameras', `seen length ours ${seenOurs.toFixed(1)} m, baseline ${seenBase.value.toFixed(1)} m, difference ${(100 * seenDiff).toFixed(3)} % (max 0.5 %)`);
  return ok && camerasLine.endsWith('PASS');
}
