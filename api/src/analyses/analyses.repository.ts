import { Injectable } from '@nestjs/common';
import { liveRows, quoteIdent, tableOf, type LayerDefinition } from '@mimamori/db';
import type { ResultRow } from './analysis-csv';
import type { RunRow } from './analysis-run.dto';
import { RequestDb } from '../core/request-db';

export interface NewRun {
  type: string;
  params: unknown;
  fingerprint: string;
  inputVersions: Record<string, number>;
  organisationId: string | null;
  createdBy: string | null;
}

const RUN_COLUMNS = `id, type, status, progress, summary, error, params, attempts,
  organisation_id AS "organisationId", created_by AS "createdBy",
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

/** Every statement of the analyses API on analysis_run, its results (view analysis_result) and layer_state. */
@Injectable()
export class AnalysesRepository {
  constructor(private readonly db: RequestDb) {}

  async layerVersions(layers: readonly string[]): Promise<Record<string, number>> {
    const rows: { layer: string; version: string }[] = await this.db.query(
      `SELECT layer, version FROM layer_state WHERE layer = ANY($1::text[]) ORDER BY layer`,
      [layers],
    );
    return Object.fromEntries(rows.map((r) => [r.layer, Number(r.version)]));
  }

  /** The ids among `ids` that are not live features of `layer` (a registry layer). */
  async missingFeatures(layer: LayerDefinition, ids: number[]): Promise<number[]> {
    const rows: { id: number }[] = await this.db.query(
      `SELECT i::float8 AS id FROM unnest($1::bigint[]) i
        WHERE NOT EXISTS (SELECT 1 FROM ${tableOf(layer)} t WHERE t.id = i AND ${liveRows('t')}) ORDER BY i`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  /** The values among `values` that no live feature of `layer` has in `property` (a registry property). */
  async missingValues(layer: LayerDefinition, property: string, values: string[]): Promise<string[]> {
    const spec = layer.properties.find((p) => p.name === property);
    if (!spec) return values;
    const rows: { v: string }[] = await this.db.query(
      `SELECT v FROM unnest($1::text[]) v
        WHERE NOT EXISTS (SELECT 1 FROM ${tableOf(layer)} t WHERE t.${quoteIdent(spec.name)}::text = v AND ${liveRows('t')}) ORDER BY v`,
      [values],
    );
    return rows.map((r) => r.v);
  }

  /**
   * An identical queued, running or succeeded run, else a new queued one. The advisory lock
   * makes two simultaneous identical requests end with one run.
   */
  async createOrReuse(run: NewRun): Promise<{ row: RunRow; reused: boolean }> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [run.fingerprint]);
      const existing: RunRow[] = await tx.query(
        `SELECT ${RUN_COLUMNS} FROM analysis_run
         WHERE fingerprint = $1 AND status IN ('queued', 'running', 'succeeded')
         ORDER BY created_at DESC LIMIT 1`,
        [run.fingerprint],
      );
      if (existing[0]) return { row: existing[0], reused: true };
      const created: RunRow[] = await tx.query(
        `INSERT INTO analysis_run (type, params, fingerprint, input_versions, organisation_id, created_by)
         VALUES ($1, $2::jsonb, $3, $4::jsonb, $5, $6) RETURNING ${RUN_COLUMNS}`,
        [run.type, JSON.stringify(run.params), run.fingerprint, JSON.stringify(run.inputVersions), run.organisationId, run.createdBy],
      );
      return { row: created[0], reused: false };
    });
  }

  async find(id: string): Promise<RunRow | null> {
    const rows: RunRow[] = await this.db.query(`SELECT ${RUN_COLUMNS} FROM analysis_run WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async recent(limit: number, types: readonly string[]): Promise<RunRow[]> {
    return this.db.query(`SELECT ${RUN_COLUMNS} FROM analysis_run WHERE type = ANY($2::text[]) ORDER BY created_at DESC, id LIMIT $1`, [limit, types]);
  }

  /** The run's result features as a GeoJSON FeatureCollection text (kind merged into properties). */
  async featureCollection(runId: string, kind?: string): Promise<string> {
    const rows: { fc: string }[] = await this.db.query(
      `SELECT jsonb_build_object(
         'type', 'FeatureCollection',
         'features', coalesce(jsonb_agg(jsonb_build_object(
           'type', 'Feature',
           'id', f.id,
           'geometry', ST_AsGeoJSON(f.geom, 7)::jsonb,
           'properties', f.properties || jsonb_build_object('kind', f.kind)) ORDER BY f.id), '[]'::jsonb)
       )::text AS fc
       FROM analysis_result f WHERE f.run_id = $1 AND ($2::text IS NULL OR f.kind = $2)`,
      [runId, kind ?? null],
    );
    return rows[0].fc;
  }

  /** The run's result features without geometry, in order (for tables). */
  async resultRows(runId: string, kind?: string): Promise<ResultRow[]> {
    return this.db.query(
      `SELECT f.id::float8 AS id, f.kind, f.properties FROM analysis_result f
        WHERE f.run_id = $1 AND ($2::text IS NULL OR f.kind = $2) ORDER BY f.id`,
      [runId, kind ?? null],
    );
  }

  /** Cancels a run that has not finished; null when it had (nothing changes then). */
  async cancel(id: string): Promise<RunRow | null> {
    const [rows] = await this.db.query(
      `UPDATE analysis_run SET status = 'cancelled', finished_at = now()
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${RUN_COLUMNS}`,
      [id],
    );
    return (rows as RunRow[])[0] ?? null;
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE analysis_run SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
      [id, error],
    );
  }
}
