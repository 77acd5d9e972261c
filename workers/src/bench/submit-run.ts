import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { JobName, QueueName, runEventsChannel, type AnalysisType } from '../contracts';

export interface SubmittedRun {
  id: string;
  status: string;
  summary: Record<string, unknown>;
  error: string | null;
  seconds: number;
}

const FINAL = ['succeeded', 'failed', 'cancelled'];

/**
 * Wakes when a worker announces that a run ended (the run events the API's SSE relays), so that
 * waiting costs neither CPU (these machines have two cores) nor a polling interval's delay; the
 * row is still read after every wake-up, and at least every 100 ms.
 */
async function runEndings(queue: Queue): Promise<{ wait(runId: string): Promise<void>; close(): Promise<void> }> {
  const redis = new Redis((queue.opts.connection as { url: string }).url, { maxRetriesPerRequest: null });
  const waiting = new Map<string, () => void>();
  redis.on('message', (_channel: string, message: string) => {
    const event = JSON.parse(message) as { runId: string; status: string };
    if (FINAL.includes(event.status)) waiting.get(event.runId)?.();
  });
  await redis.subscribe(runEventsChannel(queue.opts.prefix ?? 'bull'));
  return {
    wait: (runId) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, 100);
        function done() {
          clearTimeout(timer);
          waiting.delete(runId);
          resolve();
        }
        waiting.set(runId, done);
      }),
    close: async () => {
      await redis.quit();
    },
  };
}

/**
 * Queues a run the way the API does (an `analysis_run` row, one job with jobId = run id) and
 * waits until a worker finishes it: the end-to-end time of an analysis without HTTP.
 */
export async function submitRun(db: DataSource, queue: Queue, type: AnalysisType, params: object, options: { reuse?: boolean } = {}): Promise<SubmittedRun> {
  const endings = await runEndings(queue);
  try {
    const id = randomUUID();
    const start = process.hrtime.bigint();
    // Input versions of their own keep a run from reusing an earlier one (incremental coverage) unless asked to.
    const inputVersions = options.reuse ? {} : { bench: id };
    await db.query(`INSERT INTO analysis_run (id, type, params, fingerprint, input_versions) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      type,
      params,
      `bench:${id}`,
      inputVersions,
    ]);
    const ended = endings.wait(id);
    await queue.add(JobName.RunAnalysis, { runId: id, type }, { jobId: id, attempts: 1, removeOnComplete: true });
    let wake = ended;
    for (;;) {
      await wake;
      const [row] = await db.query(`SELECT status, summary, error FROM analysis_run WHERE id = $1`, [id]);
      if (FINAL.includes(row.status)) {
        return { id, status: row.status, summary: row.summary ?? {}, error: row.error, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
      }
      wake = endings.wait(id);
    }
  } finally {
    await endings.close();
  }
}

/**
 * Deletes the runs earlier benchmarks submitted (their lines go with them: none is reused, the
 * database stays small), then vacuums and analyses the tables runs write. PostgreSQL does that by
 * itself where autovacuum is on (the default, and what a deployment runs); the CI machines run it
 * with autovacuum off, where the result tables of repeated bench runs grew to gigabytes of dead rows
 * with no statistics, which every later run then had to write into and plan against.
 */
export async function deleteBenchRuns(db: DataSource): Promise<void> {
  await db.query(`DELETE FROM analysis_run WHERE fingerprint LIKE 'bench:%'`);
  await db.query(`VACUUM (ANALYZE) coverage_line, coverage_reuse, analysis_run, analysis_run_snapshot, analysis_feature, analysis_partial`);
}

export function analysesQueue(redisUrl: string, prefix: string): Queue {
  return new Queue(QueueName.Analyses, { connection: { url: redisUrl }, prefix });
}

/** A run's result features in an order independent of how they were written. */
const CANONICAL_ORDER = `kind, (properties->>'targetId')::float8, (properties->>'fromM')::float8, ST_AsText(geom)`;

/** A run's result features (kind, properties, WKT), in canonical order: equal lists mean identical results. */
export function resultFeatures(db: DataSource, runId: string): Promise<{ kind: string; properties: Record<string, unknown>; wkt: string | null }[]> {
  return db.query(`SELECT kind, properties, ST_AsText(geom) AS wkt FROM analysis_result WHERE run_id = $1 ORDER BY ${CANONICAL_ORDER}`, [runId]);
}

/** A digest of the same: equal digests mean identical results. */
export async function resultDigest(db: DataSource, runId: string): Promise<string> {
  const [row] = await db.query(
    `SELECT md5(string_agg(kind || properties::text || coalesce(ST_AsText(geom), ''), '|' ORDER BY ${CANONICAL_ORDER})) AS digest
       FROM analysis_result WHERE run_id = $1`,
    [runId],
  );
  return row.digest;
}
