import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AnalysisType, RunStatus } from '../contracts';
import type { AnalysisResult, ResultFeature } from '../handlers/analysis-handler';

export interface RunRow {
  id: string;
  type: AnalysisType;
  params: unknown;
  status: RunStatus;
  progress: number;
  attempts: number;
  organisationId: string | null;
  createdBy: string | null;
}

const RUN_COLUMNS = `id, type, params, status, progress, attempts, organisation_id AS "organisationId", created_by AS "createdBy"`;
const FEATURES_PER_STATEMENT = 500;

/** Every statement on analysis_run and analysis_feature the workers make. */
@Injectable()
export class RunsRepository {
  constructor(private readonly db: DataSource) {}

  async find(runId: string): Promise<RunRow | null> {
    const rows: RunRow[] = await this.db.query(`SELECT ${RUN_COLUMNS} FROM analysis_run WHERE id = $1`, [runId]);
    return rows[0] ?? null;
  }

  async statusOf(runId: string): Promise<RunStatus | null> {
    const rows: { status: RunStatus }[] = await this.db.query(`SELECT status FROM analysis_run WHERE id = $1`, [runId]);
    return rows[0]?.status ?? null;
  }

  /** Starts an attempt; null when the run is already terminal (or gone). */
  async markRunning(runId: string): Promise<RunRow | null> {
    const [rows] = await this.db.query(
      `UPDATE analysis_run SET status = 'running', started_at = now(), attempts = attempts + 1, progress = 0, error = NULL
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${RUN_COLUMNS}`,
      [runId],
    );
    return (rows as RunRow[])[0] ?? null;
  }

  /** False when the run is no longer running (cancelled meanwhile). */
  async updateProgress(runId: string, progress: number): Promise<boolean> {
    const [, count] = await this.db.query(`UPDATE analysis_run SET progress = $2 WHERE id = $1 AND status = 'running'`, [runId, progress]);
    return count > 0;
  }

  /** Between attempts the run waits again (BullMQ retries it after a backoff). */
  async markQueued(runId: string): Promise<boolean> {
    const [, count] = await this.db.query(`UPDATE analysis_run SET status = 'queued', progress = 0 WHERE id = $1 AND status = 'running'`, [runId]);
    return count > 0;
  }

  /** Records the failure; returns the run's progress then, or null when it had already ended. */
  async markFailed(runId: string, error: string): Promise<number | null> {
    const [rows] = await this.db.query(
      `UPDATE analysis_run SET status = 'failed', error = $2, finished_at = now()
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING progress`,
      [runId, error],
    );
    return (rows as { progress: number }[])[0]?.progress ?? null;
  }

  /**
   * Writes the result features and marks the run succeeded in one transaction. False (and
   * nothing written) when the run stopped running meanwhile, e.g. it was cancelled.
   */
  async complete(runId: string, result: AnalysisResult): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [, count] = await tx.query(
        `UPDATE analysis_run SET status = 'succeeded', progress = 1, summary = $2::jsonb, error = NULL, finished_at = now()
         WHERE id = $1 AND status = 'running'`,
        [runId, JSON.stringify(result.summary)],
      );
      if (count === 0) return false;
      await tx.query(`DELETE FROM analysis_feature WHERE run_id = $1`, [runId]);
      for (let i = 0; i < result.features.length; i += FEATURES_PER_STATEMENT) {
        await this.insertFeatures(tx, runId, result.features.slice(i, i + FEATURES_PER_STATEMENT));
      }
      return true;
    });
  }

  private async insertFeatures(tx: EntityManager, runId: string, features: ResultFeature[]): Promise<void> {
    await tx.query(
      `INSERT INTO analysis_feature (run_id, kind, properties, geom)
       SELECT $1, e.f->>'kind', coalesce(e.f->'properties', '{}'::jsonb),
              CASE WHEN jsonb_typeof(e.f->'geometry') = 'object' THEN ST_SetSRID(ST_GeomFromGeoJSON(e.f->'geometry'), 4326) END
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(f, n)
       ORDER BY e.n`,
      [runId, JSON.stringify(features)],
    );
  }
}
