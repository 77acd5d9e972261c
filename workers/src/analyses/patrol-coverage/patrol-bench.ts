import type { DataSource } from 'typeorm';
import { patrolTotalsPerBeat } from '../../kernels/patrol';
import { generateBenchTracks } from './bench-tracks';
import { PatrolBenchRepository } from './patrol-bench.repository';
import { PatrolRepository } from './patrol.repository';

export interface PatrolBenchOptions {
  /** Kilometres of generated tracks (the stored ones are hidden during the run). */
  targetKm?: number;
  seed?: number;
  /** GPS fix spacing, metres (1 fix a second at 36 km/h). */
  stepM?: number;
  /** Timed runs of each method; the fastest counts. */
  repeats?: number;
  srid?: number;
  log?: (line: string) => void;
}

export interface PatrolBenchReport {
  /** Ours: loading beats and tracks projected to metres, then the per-beat kernel. */
  oursS: number;
  /** The plain ST_Intersection join of tracks × beats, grouped by beat. */
  baselineS: number;
  /** Length of every track the benchmark aggregated. */
  kmTotal: number;
  /** Largest |ours − baseline| ÷ baseline over beats with at least 1 km of patrol. */
  maxRelDiff: number;
  beats: number;
  tracks: number;
  vertices: number;
  generateS: number;
  oursLoadS: number;
  oursKernelS: number;
}

export const PATROL_BENCH_DEFAULTS = { targetKm: 10_000, seed: 20_251_101, stepM: 10, repeats: 2, srid: 6677 };

const ALL_TIME = { fromS: -Infinity, toS: Infinity };
const seconds = (since: number) => (performance.now() - since) / 1000;

function lengthOf(xyt: ArrayLike<number>): number {
  let m = 0;
  for (let o = 0; o + 5 < xyt.length; o += 3) m += Math.hypot(xyt[o + 3] - xyt[o], xyt[o + 4] - xyt[o + 1]);
  return m;
}

/**
 * BENCH patrol-beats: per-beat patrol km by our path (tracks and beats loaded as metric WKB and
 * GeoJSON, then one edge index of all beats walked by every track) against the plain
 * ST_Intersection join, on the same generated tracks in one transaction that is rolled back,
 * so the database is left as it was. Needs beats and roads (the demo or a scale dataset).
 */
export async function benchPatrolBeats(db: DataSource, options: PatrolBenchOptions = {}): Promise<PatrolBenchReport> {
  const o = { ...PATROL_BENCH_DEFAULTS, ...options };
  const log = options.log ?? (() => undefined);
  const runner = db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const bench = new PatrolBenchRepository(runner);
    const patrols = new PatrolRepository(runner);
    let started = performance.now();
    const tracks = generateBenchTracks(await bench.drivableRoads(o.srid), {
      targetKm: o.targetKm,
      seed: o.seed,
      stepM: o.stepM,
      noiseM: 1.5,
      startS: Date.parse('2026-10-01T00:00:00+09:00') / 1000,
    });
    const organisation = await bench.anyOrganisation();
    await bench.hideStoredTracks();
    for (let i = 0; i < tracks.length; i += 200) await bench.insertTracks(organisation, tracks.slice(i, i + 200), o.srid);
    await bench.analyze();
    const generateS = seconds(started);
    log(`generated ${tracks.length} tracks, ${Math.round(tracks.reduce((s, t) => s + t.lengthM, 0) / 1000)} km, in ${generateS.toFixed(1)} s`);

    let best = { oursS: Infinity, loadS: 0, kernelS: 0, baselineS: Infinity };
    let ours: { beatId: number; km: number }[] = [];
    let baseline: { id: number; km: number }[] = [];
    let vertices = 0;
    let storedTracks = 0;
    let kmTotal = 0;
    for (let r = 0; r < o.repeats; r++) {
      started = performance.now();
      const beats = await patrols.beats(undefined, o.srid);
      const loaded = await patrols.tracks({ from: '-infinity', to: 'infinity' }, o.srid, null);
      const loadS = seconds(started);
      const kernelStart = performance.now();
      ours = patrolTotalsPerBeat(loaded, beats, ALL_TIME);
      const kernelS = seconds(kernelStart);
      const oursS = seconds(started);
      if (oursS < best.oursS) best = { ...best, oursS, loadS, kernelS };
      vertices = loaded.reduce((s, t) => s + t.xyt.length / 3, 0);
      storedTracks = loaded.length;
      kmTotal = loaded.reduce((s, t) => s + lengthOf(t.xyt), 0) / 1000;

      started = performance.now();
      baseline = await bench.baselineKmPerBeat(o.srid);
      best.baselineS = Math.min(best.baselineS, seconds(started));
      log(`run ${r + 1}: ours ${oursS.toFixed(2)} s (load ${loadS.toFixed(2)}, kernel ${kernelS.toFixed(2)}), baseline ${best.baselineS.toFixed(2)} s`);
    }

    let maxRelDiff = 0;
    for (const b of baseline) {
      if (b.km < 1) continue;
      const mine = ours.find((x) => x.beatId === b.id)?.km ?? 0;
      maxRelDiff = Math.max(maxRelDiff, Math.abs(mine - b.km) / b.km);
    }
    return {
      oursS: best.oursS,
      baselineS: best.baselineS,
      kmTotal,
      maxRelDiff,
      beats: ours.length,
      tracks: storedTracks,
      vertices,
      generateS,
      oursLoadS: best.loadS,
      oursKernelS: best.kernelS,
    };
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}
