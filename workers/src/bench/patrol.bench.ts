import type { DataSource } from 'typeorm';
import { benchPatrolBeats } from '../analyses/patrol-coverage/patrol-bench';
import { benchLine, detail } from './bench-report';

/**
 * `BENCH patrol-beats`: per-beat patrol km and hours from ≥ 10,000 km of GPS-like tracks (our
 * kernel) vs the plain ST_Intersection join of tracks × beats, on the demo-sized dataset (track
 * volume, not area, is what matters; the baseline alone takes minutes).
 */
export async function patrolBench(db: DataSource, _url: string, _redisUrl: string, log: (line: string) => void): Promise<boolean> {
  const r = await benchPatrolBeats(db);
  const line = benchLine({
    name: 'patrol-beats',
    oursS: r.oursS,
    baselineS: r.baselineS,
    target: 10,
    checks: [{ label: 'agreement', ok: r.maxRelDiff < 0.005 }],
  });
  log(line);
  detail('patrol-beats', `${r.kmTotal.toFixed(0)} km in ${r.tracks} tracks (${r.vertices} vertices) over ${r.beats} beats; ours: load ${r.oursLoadS.toFixed(2)} s + kernel ${r.oursKernelS.toFixed(2)} s`);
  detail('patrol-beats', `largest per-beat difference from the baseline ${(100 * r.maxRelDiff).toFixed(4)} % (max 0.5 %)`);
  return line.endsWith('PASS');
}
