import { Injectable } from '@nestjs/common';
import { getLayer, liveRows, tableOf } from '@mimamori/db';
import { DataSource } from 'typeorm';
import type { CoverageTarget } from '../../contracts';
import { NO_LINES, type LineTotals } from './coverage-features';

/** A camera or light position (old or new) that changed since a previous run, in the metric zone. */
export interface ChangedInput {
  x: number;
  y: number;
  /** How far from it a line can be affected: its range or radius (before or after the edit). */
  reachM: number;
}

export interface PreviousRun {
  id: string;
  startedAt: Date;
  xmax: string;
  xip: string[];
  /** The targets' extent in the metric zone, as the run's summary recorded it (undefined for older runs). */
  extentM?: { xmin: number; ymin: number; xmax: number; ymax: number } | null;
  /** The buildings the run counted (the buildings layer is the same for a run that reuses it). */
  buildings?: number | null;
  /** The layer versions its snapshot saw (null for runs recorded before they were kept). */
  layerVersions: Record<string, string> | null;
  /** Its lines' totals as its summary recorded them (undefined for older runs: those are not reused). */
  lineTotals?: LineTotals | null;
}

const CAMERAS = tableOf(getLayer('cameras'));
const LIGHTS = tableOf(getLayer('streetlights'));

/** The statements behind incremental coverage: which earlier run to reuse and which lines to recompute. */
@Injectable()
export class CoverageReuseRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * The latest succeeded run with the same params whose input versions differ at most in cameras
   * and streetlights (their edits are found below; any other input changed means no reuse).
   */
  async previousRun(runId: string): Promise<PreviousRun | null> {
    const rows = await this.db.query(
      `SELECT p.id, p.started_at AS "startedAt", s.invisible_from AS xmax, s.in_progress AS xip, p.summary->'extentM' AS "extentM",
              p.summary->'lineTotals' AS "lineTotals", s.layer_versions AS "layerVersions",
              (p.summary->>'buildings')::int AS buildings
         FROM analysis_run cur
         JOIN analysis_run p ON p.type = cur.type AND p.params = cur.params AND p.id <> cur.id AND p.status = 'succeeded'
                            AND (p.input_versions - 'cameras' - 'streetlights') = (cur.input_versions - 'cameras' - 'streetlights')
         JOIN analysis_run_snapshot s ON s.run_id = p.id
        WHERE cur.id = $1 AND p.started_at IS NOT NULL
        ORDER BY p.finished_at DESC LIMIT 1`,
      [runId],
    );
    return rows[0] ?? null;
  }

  /** Records what this run cannot see as it starts reading, and the layer versions it sees (see analysis_run_snapshot). */
  async recordSnapshot(runId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO analysis_run_snapshot (run_id, invisible_from, in_progress, layer_versions)
       SELECT $1, (pg_snapshot_xmax(s.s)::text::numeric % 4294967296)::bigint::text,
              ARRAY(SELECT (x::text::numeric % 4294967296)::bigint::text FROM pg_snapshot_xip(s.s) x),
              (SELECT jsonb_object_agg(v.layer, v.version::text) FROM layer_state v WHERE v.layer IN ('cameras', 'streetlights'))
         FROM (SELECT pg_current_snapshot() AS s) s
       ON CONFLICT (run_id) DO UPDATE
         SET invisible_from = EXCLUDED.invisible_from, in_progress = EXCLUDED.in_progress, layer_versions = EXCLUDED.layer_versions`,
      [runId],
    );
  }

  /**
   * Cameras and lights written since the previous run started reading (by transaction id, so
   * plain SQL edits count too): their position now (deleted ones included) and before each edit
   * (audit log), each with the larger of its ranges. Null when a changed row's earlier position
   * is unknown (updated without an audit entry): then nothing can be reused. A layer whose version
   * (read in the same statement) is still the one the previous snapshot saw has no such rows and
   * is not scanned.
   */
  async changedInputs(previous: PreviousRun, srid: number, fallbackReach: { cameraM: number; lightM: number }): Promise<ChangedInput[] | null> {
    const newer = (alias: string) => `(age(${alias}.xmin) <= age($1::text::xid) OR ${alias}.xmin::text = ANY($2::text[]))`;
    const moved = (layer: string) =>
      `(SELECT v.version::text FROM layer_state v WHERE v.layer = '${layer}') IS DISTINCT FROM ($7::jsonb->>'${layer}')`;
    const rows: (ChangedInput & { unexplained: boolean })[] = await this.db.query(
      `WITH changed AS (
         SELECT 'cameras' AS layer, c.id, c.geom, c.range_m::float8 AS reach, c.created_at FROM ${CAMERAS} c WHERE ${moved('cameras')} AND ${newer('c')}
         UNION ALL
         SELECT 'streetlights', l.id, l.geom, l.radius_m::float8, l.created_at FROM ${LIGHTS} l WHERE ${moved('streetlights')} AND ${newer('l')}
       ), audited AS (
         SELECT a.layer, a.feature_id, ST_SetSRID(ST_GeomFromGeoJSON(a.before->'geometry'), 4326) AS geom,
                coalesce((a.before->'properties'->>CASE a.layer WHEN 'cameras' THEN 'range_m' ELSE 'radius_m' END)::float8,
                         CASE a.layer WHEN 'cameras' THEN $5::float8 ELSE $6::float8 END) AS reach
           FROM audit_log a
          WHERE ((a.layer = 'cameras' AND ${moved('cameras')}) OR (a.layer = 'streetlights' AND ${moved('streetlights')}))
            AND ${newer('a')} AND jsonb_typeof(a.before->'geometry') = 'object'
       ), positions AS (
         SELECT c.geom, c.reach, c.created_at < $3 AND NOT EXISTS (SELECT 1 FROM audited a WHERE a.layer = c.layer AND a.feature_id = c.id) AS unexplained
           FROM changed c
         UNION ALL
         SELECT a.geom, a.reach, false FROM audited a
       )
       SELECT ST_X(m.p) AS x, ST_Y(m.p) AS y, p.reach + 1 AS "reachM", p.unexplained
         FROM positions p CROSS JOIN LATERAL (SELECT ST_Transform(ST_PointOnSurface(p.geom), $4::int) AS p) m
        WHERE p.geom IS NOT NULL`,
      [previous.xmax, previous.xip, previous.startedAt, srid, fallbackReach.cameraM, fallbackReach.lightM, previous.layerVersions],
    );
    if (rows.some((r) => r.unexplained)) return null;
    return rows.map(({ x, y, reachM }) => ({ x, y, reachM }));
  }

  /** Ids of the target lines within reach of any changed input (all of them, clipped or not). */
  async affectedTargets(layer: CoverageTarget, changed: ChangedInput[], srid: number): Promise<number[]> {
    if (changed.length === 0) return [];
    const rows: { id: number }[] = await this.db.query(
      `SELECT DISTINCT t.id::float8 AS id
         FROM unnest($2::float8[], $3::float8[], $4::float8[]) AS c(x, y, r)
         CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(c.x, c.y), $1::int) AS p) m
         JOIN ${tableOf(getLayer(layer))} t ON t.geom && ST_Transform(ST_Expand(m.p, c.r), 4326)
        WHERE ${liveRows('t')} AND ST_DWithin(ST_Transform(t.geom, $1::int), m.p, c.r)
        ORDER BY 1`,
      [srid, changed.map((c) => c.x), changed.map((c) => c.y), changed.map((c) => c.reachM)],
    );
    return rows.map((r) => r.id);
  }

  /** Totals of a run's lines (its own and those it kept itself, as stored) among these targets. */
  async lineTotals(runId: string, targetIds: number[]): Promise<LineTotals> {
    if (targetIds.length === 0) return { ...NO_LINES };
    const [row] = await this.db.query(
      `SELECT count(*)::int AS lines, coalesce(sum(round(length_m * 100)), 0)::float8 AS "lengthCm", coalesce(sum(round(seen_m * 100)), 0)::float8 AS "seenCm",
              coalesce(sum(round(lit_m * 100)), 0)::float8 AS "litCm", coalesce(sum(round(seen_or_lit_m * 100)), 0)::float8 AS "seenOrLitCm",
              coalesce(sum(blind_spots), 0)::int AS "blindSpots", coalesce(sum(dark_spots), 0)::int AS "darkSpots"
         FROM coverage_lines($1) WHERE target_id = ANY ($2::bigint[])`,
      [runId, targetIds],
    );
    return row;
  }
}
