import { benchSiting } from '../kernels';
import { benchLine, detail } from './bench-report';

/**
 * `BENCH siting-greedy`: lazy greedy (CELF) vs the naive greedy that recomputes every marginal
 * gain each round, on 10,000 candidates × 100,000 demand points with k = 500; lazy greedy must
 * reach ≥ 99.5 % of the best known objective (the exact MIP's, when it finishes) in under 1 s.
 */
export async function sitingBench(log: (line: string) => void): Promise<boolean> {
  const r = await benchSiting();
  const line = benchLine({
    name: 'siting-greedy',
    oursS: r.lazy.seconds,
    baselineS: r.naive?.seconds ?? NaN,
    target: 100,
    checks: [
      { label: 'quality', ok: r.lazyShareOfBest >= 0.995 },
      { label: 'under 1 s', ok: r.lazy.seconds < 1 },
    ],
  });
  log(line);
  const i = r.instance;
  detail('siting-greedy', `instance ${i.numCandidates} candidates × ${i.numDemand} demand points (${i.coverageEntries} coverage entries), k = ${i.k}`);
  detail('siting-greedy', `lazy greedy ${r.lazy.seconds.toFixed(4)} s, objective ${r.lazy.objective}; naive greedy ${r.naive?.seconds.toFixed(3)} s, objective ${r.naive?.objective}`);
  detail('siting-greedy', `swap improvement ${r.swap.seconds.toFixed(3)} s → ${r.swap.objective}`);
  if (r.exact) {
    detail('siting-greedy', `exact MIP (HiGHS) ${r.exact.seconds.toFixed(1)} s, ${r.exact.status}, objective ${r.exact.objective}, bound ${r.exact.bound}`);
  }
  detail('siting-greedy', `lazy greedy reaches ${(100 * r.lazyShareOfBest).toFixed(2)} % of the best known ${r.bestKnown} (target ≥ 99.5 %)`);
  return line.endsWith('PASS');
}
