import { Injectable } from '@nestjs/common';
import { quoteIdent } from '@mimamori/db';
import { DataSource, EntityManager } from 'typeorm';
import type { AnalysisType, RunStatus } from '../contracts';
import type { AnalysisResult, CoverageLineRecord, CoverageLines, ResultFeature } from '../handlers/analysis-handler';
import { toWkb, WritableGeometry } from '../analyses/shared/wkb-writer';
import { deleteCoverageLines, FEW_LINES, INSERT_LINES, INSERT_REUSE, insertCoverageLines, insertCoverageReuse, lineParams } from './coverage-lines.repository';

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
const FEATURES_PER_STATEMENT = 5000;

/**
 * The rows of run $1's lines of targets $3, one primary-key probe per target (the fence keeps
 * them probes). Filtering `target_id = ANY($3)` let the planner read every line the run had
 * written so far instead, a scan growing with each part (1 to 6 ms per part at 14,850 lines).
 */
const LINES_OF_TARGETS = `ARRAY(SELECT l.ctid FROM unnest($3::bigint[]) AS t(id),
                                 LATERAL (SELECT c.ctid FROM coverage_line c WHERE c.run_id = $1 AND c.target_id = t.id OFFSET 0) l)`;

/**
 * A coverage result that keeps an earlier run's lines (and their spots) except `exceptTargetIds`:
 * it refers to them (coverage_reuse) instead of copying them.
 */
export interface ReusingResult extends AnalysisResult {
  reuse?: { fromRunId: string; exceptTargetIds: number[] };
}

/** What `writePartial` did: nothing (the run no longer runs), or the part written and the run's progress now (null: it stopped meanwhile). */
export type PartWritten = { written: false } | { written: true; progress: number | null };

/** A feature of one part of a fanned-out run with its place in the merged result: [section, sort key, seq]. */
export type PartialFeature = ResultFeature & { order: [number, number, number] };

/** The order arrays are bound after the statement's own parameters, from `$first` on, and read by position `u.n`. */
const INTO_FEATURES = { table: 'analysis_feature', columns: '', values: (_first: number) => '' };
const INTO_PARTIALS = {
  table: 'analysis_partial',
  columns: ', part, section, sort_key, seq',
  values: (first: number) => `, $${first}::int, ($${first + 1}::smallint[])[u.n::int], ($${first + 2}::float8[])[u.n::int], ($${first + 3}::int[])[u.n::int]`,
};

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

  /** Runs still queued or running after `seconds` (candidates for the sweeper). */
  async unfinishedOlderThan(seconds: number): Promise<Pick<RunRow, 'id' | 'type' | 'status'>[]> {
    return this.db.query(
      `SELECT id, type, status FROM analysis_run
        WHERE status IN ('queued', 'running') AND coalesce(started_at, created_at) < now() - make_interval(secs => $1)
        ORDER BY created_at LIMIT 1000`,
      [seconds],
    );
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
   * Writes the result features (and those it reuses) and marks the run succeeded in one transaction. False (and
   * nothing written) when the run stopped running meanwhile, e.g. it was cancelled.
   */
  async complete(runId: string, result: AnalysisResult, metricSrid: number): Promise<boolean> {
    if (result.features.length === 0 && result.coverageLines && result.coverageLines.length <= FEW_LINES) {
      // Made once (lines may be made as they are iterated): the same records whichever way they are written.
      const few = { ...result, coverageLines: [...result.coverageLines] };
      const written = await this.completeAtOnce(runId, few, metricSrid);
      return written === 'leftovers' ? this.completeInTransaction(runId, few, metricSrid) : written;
    }
    return this.completeInTransaction(runId, result, metricSrid);
  }

  private completeInTransaction(runId: string, result: AnalysisResult, metricSrid: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // Marked succeeded, and what an earlier attempt may have left deleted, in one statement.
      const [{ marked }] = await tx.query(
        `WITH run AS (
           UPDATE analysis_run SET status = 'succeeded', progress = 1, summary = $2::jsonb, error = NULL, finished_at = now()
            WHERE id = $1 AND status = 'running' RETURNING id
         ), features AS (DELETE FROM analysis_feature WHERE run_id = $1 AND EXISTS (SELECT FROM run)),
         reuse AS (DELETE FROM coverage_reuse WHERE run_id = $1 AND EXISTS (SELECT FROM run)),
         lines AS (DELETE FROM coverage_line WHERE run_id = $1 AND EXISTS (SELECT FROM run))
         SELECT count(*)::int AS marked FROM run`,
        [runId, typeof result.summary === 'function' ? '{}' : JSON.stringify(result.summary)],
      );
      if (marked === 0) return false;
      for (let i = 0; i < result.features.length; i += FEATURES_PER_STATEMENT) {
        await this.insertFeatures(tx, runId, result.features.slice(i, i + FEATURES_PER_STATEMENT), metricSrid, null);
      }
      if (result.coverageLines) await insertCoverageLines(tx, runId, null, result.coverageLines, metricSrid);
      const reuse = (result as ReusingResult).reuse;
      if (reuse) await insertCoverageReuse(tx, runId, reuse.fromRunId, reuse.exceptTargetIds);
      // Known now that the lines are written: stored in the same transaction, so nobody sees the run succeeded without it.
      if (typeof result.summary === 'function') await tx.query(`UPDATE analysis_run SET summary = $2::jsonb WHERE id = $1`, [runId, JSON.stringify(result.summary())]);
      return true;
    });
  }

  /**
   * `complete` for a result of a few coverage lines and no features (an incremental run's): one
   * statement, so one round trip and its commit instead of five. It writes only into a clean slate;
   * 'leftovers' when an earlier attempt left rows of the run behind (`complete` then clears them).
   */
  private async completeAtOnce(runId: string, result: AnalysisResult & { coverageLines: CoverageLineRecord[] }, metricSrid: number): Promise<boolean | 'leftovers'> {
    const params = lineParams(result.coverageLines);
    const summary = typeof result.summary === 'function' ? result.summary() : result.summary;
    const reuse = (result as ReusingResult).reuse ?? null;
    const [row] = await this.db.query(
      `WITH clean AS (
         SELECT NOT EXISTS (SELECT FROM analysis_feature WHERE run_id = $1) AND NOT EXISTS (SELECT FROM coverage_line WHERE run_id = $1)
                AND NOT EXISTS (SELECT FROM coverage_reuse WHERE run_id = $1) AS clean
       ), run AS (
         UPDATE analysis_run SET status = 'succeeded', progress = 1, summary = $3::jsonb, error = NULL, finished_at = now()
          WHERE id = $1 AND status = 'running' AND (SELECT clean FROM clean) RETURNING id
       ), lines AS (${INSERT_LINES(6, 'EXISTS (SELECT FROM run)')}),
       reuse AS (${INSERT_REUSE('$4', '$5', '$4::uuid IS NOT NULL AND EXISTS (SELECT FROM run)')})
       SELECT (SELECT count(*)::int FROM run) AS marked, (SELECT clean FROM clean) AS clean`,
      [runId, metricSrid, JSON.stringify(summary), reuse?.fromRunId ?? null, reuse?.exceptTargetIds ?? [], ...params],
    );
    return row.marked > 0 ? true : row.clean ? false : 'leftovers';
  }

  /**
   * Replaces the features of one part of a fanned-out run (a retried part writes them again), and
   * its coverage lines: those of `lines.targetIds`, the targets the part is given; then adds the
   * part's share to the run's progress, in the same transaction (one commit per part). Not written
   * once the run is no longer running: a part finishing after a cancel adds nothing.
   * The run's row is held with a key-share lock while the part writes: it cannot be deleted
   * meanwhile, while other parts still add their progress to it (`dropPartials` waits for the
   * writers before it cleans up). The progress update comes last, so it holds the row only until
   * the commit.
   */
  async writePartial(
    runId: string,
    part: number,
    features: PartialFeature[],
    metricSrid: number,
    progress: { share: number; ceiling: number },
    lines?: { records: CoverageLines; targetIds: readonly number[] },
  ): Promise<PartWritten> {
    return this.db.transaction(async (tx) => {
      const [{ running }] = await tx.query(
        `WITH run AS (SELECT FROM analysis_run WHERE id = $1 AND status = 'running' FOR KEY SHARE),
         partials AS (DELETE FROM analysis_partial WHERE run_id = $1 AND part = $2 AND EXISTS (SELECT FROM run)),
         lines AS (DELETE FROM coverage_line WHERE ctid = ANY (${LINES_OF_TARGETS}) AND EXISTS (SELECT FROM run))
         SELECT count(*)::int AS running FROM run`,
        [runId, part, lines?.targetIds ?? []],
      );
      if (running === 0) return { written: false };
      if (lines && lines.records.length > 0) await insertCoverageLines(tx, runId, part, lines.records, metricSrid);
      for (let i = 0; i < features.length; i += FEATURES_PER_STATEMENT) {
        await this.insertFeatures(tx, runId, features.slice(i, i + FEATURES_PER_STATEMENT), metricSrid, part);
      }
      const [rows] = await tx.query(
        `UPDATE analysis_run SET progress = least($3::real, progress + $2::real) WHERE id = $1 AND status = 'running' RETURNING progress`,
        [runId, progress.share, progress.ceiling],
      );
      return { written: true, progress: (rows as { progress: number }[])[0]?.progress ?? null };
    });
  }

  /**
   * The fanned-out counterpart of `complete`: moves the parts' features to analysis_feature in
   * the single-job order, stores the summary and marks the run succeeded, all in one transaction.
   */
  async completeFromPartials(runId: string, summary: Record<string, unknown>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [, count] = await tx.query(
        `UPDATE analysis_run SET status = 'succeeded', progress = 1, summary = $2::jsonb, error = NULL, finished_at = now()
         WHERE id = $1 AND status = 'running'`,
        [runId, JSON.stringify(summary)],
      );
      if (count > 0) {
        await tx.query(`DELETE FROM analysis_feature WHERE run_id = $1`, [runId]);
        await tx.query(
          `INSERT INTO analysis_feature (run_id, kind, properties, geom)
           SELECT run_id, kind, properties, geom FROM analysis_partial WHERE run_id = $1 ORDER BY section, sort_key, seq`,
          [runId],
        );
      }
      await tx.query(`DELETE FROM analysis_partial WHERE run_id = $1`, [runId]);
      return count > 0;
    });
  }

  /**
   * Drops what the parts of a run that did not succeed wrote. The run's row is locked first: parts
   * still writing (they hold it with a key-share lock) commit before their lines are dropped, and
   * any part after them finds the run no longer running.
   */
  async dropPartials(runId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows: { status: RunStatus }[] = await tx.query(`SELECT status FROM analysis_run WHERE id = $1 FOR UPDATE`, [runId]);
      await tx.query(`DELETE FROM analysis_partial WHERE run_id = $1`, [runId]);
      if (rows[0]?.status !== 'succeeded') await deleteCoverageLines(tx, runId);
    });
  }

  /** Into analysis_feature when `part` is null, else into analysis_partial with each feature's order. */
  private async insertFeatures(tx: EntityManager, runId: string, features: PartialFeature[] | ResultFeature[], metricSrid: number, part: number | null): Promise<void> {
    const into = part === null ? INTO_FEATURES : INTO_PARTIALS;
    const orderOf = (f: ResultFeature) => (f as PartialFeature).order ?? [0, 0, 0];
    const orderParams = (list: ResultFeature[]) =>
      part === null ? [] : [part, list.map((f) => orderOf(f)[0]), list.map((f) => orderOf(f)[1]), list.map((f) => orderOf(f)[2])];
    const byTable = new Map<string, ResultFeature[]>();
    const direct: ResultFeature[] = [];
    for (const f of features as ResultFeature[]) {
      if (!f.geometryOf) direct.push(f);
      else if (byTable.has(f.geometryOf.table)) byTable.get(f.geometryOf.table)!.push(f);
      else byTable.set(f.geometryOf.table, [f]);
    }
    if (direct.length > 0) {
      // Geometries travel as WKB (metric ones transformed here), properties as one JSON array.
      await tx.query(
        `INSERT INTO ${into.table} (run_id, kind, properties, geom${into.columns})
         SELECT $1, u.k, CASE WHEN u.b THEN u.v || jsonb_build_object('block', ${BLOCK_AT_MIDDLE('g.geom')}) ELSE u.v END, g.geom${into.values(7)}
           FROM ROWS FROM (unnest($2::text[]), unnest($3::bytea[]), unnest($4::int[]), unnest($5::boolean[]), jsonb_array_elements($6::jsonb))
                WITH ORDINALITY AS u(k, w, s, b, v, n)
           CROSS JOIN LATERAL (SELECT CASE WHEN u.w IS NULL THEN NULL WHEN u.s = 4326 THEN ST_GeomFromWKB(u.w, 4326)
                                           ELSE ST_Transform(ST_GeomFromWKB(u.w, u.s), 4326) END AS geom) g
          ORDER BY u.n`,
        [
          runId,
          direct.map((f) => f.kind),
          direct.map((f) => geometryWkb(f)),
          direct.map((f) => (f.metricGeometry ? metricSrid : 4326)),
          direct.map((f) => f.withBlockName === true),
          JSON.stringify(direct.map((f) => f.properties)),
          ...orderParams(direct),
        ],
      );
    }
    for (const [table, list] of byTable) {
      await tx.query(
        `INSERT INTO ${into.table} (run_id, kind, properties, geom${into.columns})
         SELECT $1, u.k, CASE WHEN u.b THEN u.p::jsonb || jsonb_build_object('block', ${BLOCK_AT_MIDDLE('t.geom')}) ELSE u.p::jsonb END, t.geom${into.values(6)}
           FROM unnest($2::bigint[], $3::text[], $4::text[], $5::boolean[]) WITH ORDINALITY AS u(id, k, p, b, n)
           JOIN ${quoteIdent(table)} t ON t.id = u.id
          ORDER BY u.n`,
        [
          runId,
          list.map((f) => f.geometryOf!.id),
          list.map((f) => f.kind),
          list.map((f) => JSON.stringify(f.properties)),
          list.map((f) => f.withBlockName === true),
          ...orderParams(list),
        ],
      );
    }
  }
}

function geometryWkb(f: ResultFeature): Buffer | null {
  const g = f.metricGeometry ?? f.geometry;
  return g ? toWkb(g as WritableGeometry) : null;
}

/** The live block (町丁目) containing the middle of a line, or a point on a polygon/point. */
function BLOCK_AT_MIDDLE(geom: string): string {
  return `(SELECT k.name FROM layer_blocks k WHERE k.deleted_at IS NULL AND ST_Intersects(k.geom,
      CASE WHEN GeometryType(${geom}) = 'LINESTRING' THEN ST_LineInterpolatePoint(${geom}, 0.5) ELSE ST_PointOnSurface(${geom}) END) LIMIT 1)`;
}
