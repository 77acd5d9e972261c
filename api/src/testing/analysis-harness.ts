import type { Role } from '@mimamori/db';
import { RunningWorker, startWorker } from '@mimamori/workers';
import { createTestApp, TestApp } from './test-app';

export interface FinishedRun {
  id: string;
  status: string;
  summary: Record<string, unknown>;
  error: string | null;
  features: { type: 'Feature'; geometry: unknown; properties: Record<string, unknown> & { kind: string } }[];
}

export interface AnalysisHarness {
  t: TestApp;
  worker: RunningWorker;
  /** POSTs an analysis and waits for its terminal state (features only when it succeeded). */
  run(type: string, params: unknown, role?: Role): Promise<FinishedRun>;
  /** Metric (EPSG:6677) offsets from an origin in Shinjuku, as SQL for a 4326 geometry. */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The API on a fresh test database plus one in-process worker on the same queue prefix. */
export async function startAnalysisHarness(): Promise<AnalysisHarness> {
  const t = await createTestApp();
  const worker = await startWorker(t.config);
  return {
    t,
    worker,
    async run(type, params, role = 'planner') {
      const token = await t.tokenFor(role);
      const auth = { Authorization: `Bearer ${token}` };
      const created = await t.http().post('/api/analyses').set(auth).send({ type, params });
      if (created.status !== 202) throw new Error(`POST /api/analyses answered ${created.status}: ${JSON.stringify(created.body)}`);
      const id: string = created.body.id;
      const until = Date.now() + 120_000;
      for (;;) {
        const res = await t.http().get(`/api/analyses/${id}`).set(auth);
        if (['succeeded', 'failed', 'cancelled'].includes(res.body.status)) {
          const features = res.body.status === 'succeeded' ? (await t.http().get(`/api/analyses/${id}/features`).set(auth)).body.features : [];
          return { id, status: res.body.status, summary: res.body.summary ?? {}, error: res.body.error, features };
        }
        if (Date.now() > until) throw new Error(`run ${id} still ${res.body.status}`);
        await sleep(100);
      }
    },
    async close() {
      await worker.stop();
      await t.close();
    },
  };
}
