import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { benchLine, detail, timed } from './bench-report';
import { litLengthBaseline, seenLengthBaseline } from './coverage-baseline';
import { deleteBenchRuns, submitRun, SubmittedRun } from './submit-run';

const MAX_LENGTH_DIFF = 0.005;

/** The median of `runs` runs, and the first: the worker then loaded the layers it keeps for the others. */
async function median(runs: number, fn: () => Promise<SubmittedRun>): Promise<{ median: SubmittedRun; first: SubmittedRun }> {
  const results: SubmittedRun[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await fn();
    if (r.status !== 'succeeded') throw new Error(`coverage run ${r.id} ${r.status}: ${r.error}`);
    results.push(r);
  }
  return { first: results[0], median: [...results].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs / 2)] };
}

/**
 * Where our time went: loading inputs, the kernel's pass of every camera and light over the lines,
 * making each line's result while writing it (the database stores one chunk while the next is
 * made), and the rest (commit, queue, bookkeeping).
 */
function timingsOf(run: SubmittedRun): string {
  const t = run.summary.timingsMs as { load: number; compute: number; results: number };
  const rest = run.seconds * 1000 - t.load - t.compute - t.results;
  return (
    `ours: load ${t.load} ms, cameras and lights over the lines ${t.compute} ms, lines made and written ${t.results} ms, ` +
    `commit, queue and the rest ${rest.toFixed(0)} ms (${run.summary.lines} lines, ${Number(run.summary.blindSpots) + Number(run.summary.darkSpots)} spots)`
  );
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
  await deleteBenchRuns(db);
  let ok = true;
  for (const c of COMPARISONS) {
    const { median: ours, first } = await median(3, () => submitRun(db, queue, 'coverage', c.params));
    const base = await timed(() => c.baseline(db, srid));
    const oursM = Number(ours.summary[c.summaryKey]);
    const diff = Math.abs(oursM - base.value) / base.value;
    const line = benchLine({
      name: c.name,
      oursS: ours.seconds,
      baselineS: base.seconds,
      target: c.target,
      checks: [{ label: 'length', ok: diff <= MAX_LENGTH_DIFF }],
    });
    log(line);
    detail(c.name, timingsOf(ours));
    detail(c.name, `first run (the worker loads the layers, projected and indexed, and keeps them): ${first.seconds.toFixed(3)} s, ratio ${(base.seconds / first.seconds).toFixed(1)}`);
    detail(c.name, `${c.what} length ours ${oursM.toFixed(1)} m, baseline ${base.value.toFixed(1)} m, difference ${(100 * diff).toFixed(3)} % (max 0.5 %)`);
    ok &&= line.endsWith('PASS');
  }
  return ok;
}

/** Lit length against lit discs; seen length (with occlusion) against sectors minus building shadows. */
const COMPARISONS = [
  { name: 'coverage-lights', what: 'lit', summaryKey: 'litM', target: 20, params: { targets: 'roads', sources: ['streetlights'] }, baseline: litLengthBaseline },
  {
    name: 'coverage-cameras',
    what: 'seen',
    summaryKey: 'seenM',
    target: 10,
    params: { targets: 'roads', sources: ['cameras'], occlusion: true },
    baseline: seenLengthBaseline,
  },
] as const;
