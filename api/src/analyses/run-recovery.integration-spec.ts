import { RunSweeper } from '@mimamori/workers';
import { randomUUID } from 'node:crypto';
import { startAnalysisHarness, AnalysisHarness } from '../testing/analysis-harness';

/*
 * PostgreSQL is the record of runs: a run whose job vanished from Redis (a Redis restart
 * without persistence, a failed enqueue) is found by the sweeper and completed.
 */
describe('orphaned runs are re-queued by the sweeper', () => {
  let h: AnalysisHarness;
  beforeAll(async () => {
    h = await startAnalysisHarness();
  });
  afterAll(() => h.close());

  async function orphan(status: 'queued' | 'running'): Promise<string> {
    const id = randomUUID();
    await h.t.db.query(
      `INSERT INTO analysis_run (id, type, params, fingerprint, status, created_at, started_at)
       VALUES ($1, 'beat-stats', '{}', $2, $3, now() - interval '5 minutes', CASE WHEN $3 = 'running' THEN now() - interval '4 minutes' END)`,
      [id, `orphan:${id}`, status],
    );
    return id;
  }

  async function statusOf(id: string): Promise<string> {
    const until = Date.now() + 30_000;
    for (;;) {
      const [row] = await h.t.db.query(`SELECT status FROM analysis_run WHERE id = $1`, [id]);
      if (['succeeded', 'failed', 'cancelled'].includes(row.status) || Date.now() > until) return row.status;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('queues a queued run without a job and a running run whose worker vanished, once each', async () => {
    const queued = await orphan('queued');
    const running = await orphan('running');
    const sweeper = h.worker.app.get(RunSweeper);
    const requeued = await sweeper.sweep();
    expect(requeued.sort()).toEqual([queued, running].sort());
    expect(await statusOf(queued)).toBe('succeeded');
    expect(await statusOf(running)).toBe('succeeded');
    expect(await sweeper.sweep()).toEqual([]);
  });

  it('leaves fresh runs alone (their job may still be on its way)', async () => {
    const id = randomUUID();
    await h.t.db.query(`INSERT INTO analysis_run (id, type, params, fingerprint) VALUES ($1, 'beat-stats', '{}', $2)`, [id, `fresh:${id}`]);
    expect(await h.worker.app.get(RunSweeper).sweep()).not.toContain(id);
  });
});
