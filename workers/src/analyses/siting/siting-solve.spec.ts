import type { SitingSolution } from '../../kernels';
import { solveWithFallback } from './siting-solve';

const answer = (method: SitingSolution['method']) => ({ method }) as SitingSolution;

describe('solveWithFallback', () => {
  it('keeps the exact answer when the MIP works', async () => {
    const asked: (boolean | undefined)[] = [];
    const outcome = await solveWithFallback(async (exact) => (asked.push(exact), answer('mip')), true);
    expect(outcome).toEqual({ solution: { method: 'mip' } });
    expect(asked).toEqual([true]);
  });

  it('answers with the heuristic, and says why, when the MIP throws', async () => {
    const asked: (boolean | undefined)[] = [];
    const outcome = await solveWithFallback(async (exact) => {
      asked.push(exact);
      if (exact !== false) throw new Error('Aborted(OOM)');
      return answer('lazy-greedy');
    }, undefined);
    expect(outcome).toEqual({ solution: { method: 'lazy-greedy' }, exactError: 'Aborted(OOM)' });
    expect(asked).toEqual([undefined, false]);
  });

  it('lets a heuristic failure through', async () => {
    await expect(solveWithFallback(async () => Promise.reject(new Error('bad instance')), false)).rejects.toThrow('bad instance');
  });
});
