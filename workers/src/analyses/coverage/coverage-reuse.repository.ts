import { Injectable } from '@nestjs/common';
import { getLayer, liveRows, preparedQuery, tableOf, type LayerId } from '@mimamori/db';
import { DataSource } from 'typeorm';
import type { CoverageTarget } from '../../contracts';
import { NO_LINES, type LineTotals } from './coverage-features';
import type { CameraRow, LayerState, LightRow } from './coverage.repository';

/** A camera or light position (old or new) that changed since a previous run, in the metric zone. */
export interface ChangedInput {
  x: number;
  y: number;
  /** How far from it a line can be affected: its range or radius (before or after the edit). */
  reachM: number;
}

/** The earlier run a coverage run reuses. */
export interface PreviousRun {
  id: string;
  /** The targets' extent in the metric zone, as the run's summary recorded it. */
  extentM: { xmin: number; ymin: number; xmax: number; ymax: number } | null;
  /** What the run counted: its layers are the same for a run that reuses it, except those that moved. */
  cameras: number | null;
  streetlights: number | null;
  buildings: number | null;
  /** Its lines' totals as its summary recorded them. */
  lineTotals: LineTotals;
  /** The camera and light layer versions its snapshot saw (null for runs recorded before they were kept). */
  layerVersions: Record<string, string> | null;
}

/** What an earlier run's results need to be brought up to date: the run, and the cameras and lights written since. */

export interface Reusable {
  previous: PreviousRun;
  changes: ChangedInputs;
  /** The versions (and sizes) of `layers`, read in the same statement. */
  states: LayerState[];
}

/** A camera or light as a worker keeps it (see CoverageRepository.cameras / lights). */
export type KeptRow = (CameraRow | LightRow) & { status: string };

/** Rows of a point layer written since a previous run: what brings a copy kept at `fromVersion` to `version`. */
export interface LayerChanges {
  /** The version the previous run saw (null when it did not record it). */
  fromVersion: string | null;
  version: string;
  /** Every row written since (deleted ones too). */
  ids: number[];
  /** Those still live, as they are now, projected like a kept layer's rows. */
  rows: KeptRow[];
}

/** The cameras and lights written since an earlier run: where they are and were, and per layer that moved its changes. */
export interface ChangedInputs {
  positions: ChangedInput[];
  layers: Partial<Record<'cameras' | 'streetlights', LayerChanges>>;
}

/** A row of startReading's statement: the earlier run, a changed position, a changed row, or a layer's version now. */
interface ChangedRow {
  kind: 'previous' | 'position' | 'row' | 'version' | 'purged';
  layer: 'cameras' | 'streetlights' | null;
  x: number;
  y: number;
  reachM: number | null;
  unexplained: boolean | null;
  id: number | null;
  bearingDeg: number | null;
  hfovDeg: number | null;
  rangeM: number | null;
  resolutionPx: number | null;
  nightCapable: boolean | null;
  radiusM: number | null;
  status: string | null;
  live: boolean | null;
  version: string | null;
  previous: (PreviousRun & { layerStates: LayerState[] }) | null;
}

const CAMERAS = tableOf(getLayer('cameras'));
const LIGHTS = tableOf(getLayer('streetlights'));

/** The statements behind incremental coverage: which earlier run to reuse and which lines to recompute. */
@Injectable()
export class CoverageReuseRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Records what the run cannot see as it starts reading and the camera and light layer versions
   * it sees (see analysis_run_snapshot), and, when `reuse` is asked for, finds what it can reuse,
   * all in one statement, so in one snapshot:
   *
   * - the latest succeeded run with the same params whose input versions differ at most in cameras
   *   and streetlights, and which recorded its line totals (older runs are not reused);
   * - the cameras and lights written since that run started reading (by transaction id, so plain
   *   SQL edits count too): their position now (deleted ones included) and before each edit (audit
   *   log), each with the larger of its ranges; and, per layer that moved, its version now with those
   *   rows as they are now (what a worker keeping the layer needs to bring it up to date). A layer
   *   whose version is still the one that run saw has no such rows and is not scanned.
   *
   * Null when nothing can be reused: no such run, a changed row's earlier position is unknown
   * (updated without an audit entry), or rows were removed for good (a plain SQL DELETE, see
   * layer_state.deleted_version).
   *
   * Every coverage run starts with this statement: it is prepared once per connection. Its commit
   * does not wait for the disk (synchronous_commit off, for this statement's transaction only): the
   * snapshot row matters only once the run has succeeded, and the commit that marks it succeeded
   * waits for the log up to there, this row included. Should the database crash in between, the
   * run cannot finish on that attempt anyway; at worst a later run finds no snapshot of it and
   * computes in full.
   */
  async startReading(runId: string, reuse: boolean, srid: number, fallbackReach: { cameraM: number; lightM: number }, layers: LayerId[]): Promise<Reusable | null> {
    // Written by a transaction the earlier run could not see: one that started after its snapshot, or was
    // in progress then. Checked on every row of a layer that moved: against the snapshot's horizon as an
    // age, computed once (age() of a constant is not folded: per row it cost 5 times the scan), and
    // against the in-progress list, usually empty, by transaction id, not its text.
    const newer = (alias: string) => `(age(${alias}.xmin) <= prev.horizon OR (cardinality(prev.xip) > 0 AND ${alias}.xmin = ANY (prev.xip::xid[])))`;
    const moved = (layer: string) => `EXISTS (SELECT FROM state s WHERE s.layer = '${layer}' AND s.moved)`;
    const rows = await preparedQuery<ChangedRow>(
      this.db,
      'coverage-start-reading',
      `WITH snapshot AS (
         INSERT INTO analysis_run_snapshot (run_id, invisible_from, in_progress, layer_versions)
         SELECT $1, (pg_snapshot_xmax(s.s)::text::numeric % 4294967296)::bigint::text,
                ARRAY(SELECT (x::text::numeric % 4294967296)::bigint::text FROM pg_snapshot_xip(s.s) x),
                (SELECT jsonb_object_agg(v.layer, v.version::text) FROM layer_state v WHERE v.layer IN ('cameras', 'streetlights'))
           FROM (SELECT pg_current_snapshot() AS s, set_config('synchronous_commit', 'off', true) AS commit) s
          WHERE s.commit IS NOT NULL
         ON CONFLICT (run_id) DO UPDATE
           SET invisible_from = EXCLUDED.invisible_from, in_progress = EXCLUDED.in_progress, layer_versions = EXCLUDED.layer_versions
       ), prev AS (
         SELECT p.id, p.started_at, age(s.invisible_from::xid) AS horizon, s.in_progress AS xip, s.layer_versions AS versions,
                jsonb_build_object('id', p.id, 'extentM', p.summary->'extentM', 'lineTotals', p.summary->'lineTotals', 'cameras', p.summary->'cameras',
                                   'streetlights', p.summary->'streetlights', 'buildings', p.summary->'buildings', 'layerVersions', s.layer_versions,
                                   'layerStates', (SELECT jsonb_agg(jsonb_build_object('layer', v.layer, 'version', v.version::text, 'rows', coalesce(c.reltuples, -1)::float8))
                                                     FROM unnest($6::text[], $7::text[]) AS l(layer, tbl) JOIN layer_state v ON v.layer = l.layer
                                                     LEFT JOIN pg_class c ON c.oid = to_regclass(l.tbl))) AS summary
           FROM analysis_run cur
           JOIN analysis_run p ON p.type = cur.type AND p.params = cur.params AND p.id <> cur.id AND p.status = 'succeeded'
                              AND (p.input_versions - 'cameras' - 'streetlights') = (cur.input_versions - 'cameras' - 'streetlights')
           JOIN analysis_run_snapshot s ON s.run_id = p.id
          WHERE $2::boolean AND cur.id = $1 AND p.started_at IS NOT NULL AND p.summary ? 'lineTotals'
          ORDER BY p.finished_at DESC LIMIT 1
       ), state AS (
         SELECT v.layer, v.version::text AS version, v.version::text IS DISTINCT FROM (prev.versions->>v.layer) AS moved,
                v.deleted_version > coalesce((prev.versions->>v.layer)::bigint, 0) AS purged
           FROM layer_state v, prev WHERE v.layer IN ('cameras', 'streetlights')
       ), changed AS (
         SELECT 'cameras' AS layer, c.id, c.geom, c.range_m AS reach, c.created_at < prev.started_at AS older, c.deleted_at IS NULL AS live,
                c.bearing_deg, c.hfov_deg, c.range_m, c.resolution_px, c.night_capable, NULL::float8 AS radius_m, c.status
           FROM ${CAMERAS} c, prev WHERE ${moved('cameras')} AND ${newer('c')}
         UNION ALL
         SELECT 'streetlights', l.id, l.geom, l.radius_m, l.created_at < prev.started_at, l.deleted_at IS NULL, NULL, NULL, NULL, NULL, NULL, l.radius_m, l.status
           FROM ${LIGHTS} l, prev WHERE ${moved('streetlights')} AND ${newer('l')}
       ), audited AS (
         SELECT a.layer, a.feature_id, ST_SetSRID(ST_GeomFromGeoJSON(a.before->'geometry'), 4326) AS geom,
                coalesce((a.before->'properties'->>CASE a.layer WHEN 'cameras' THEN 'range_m' ELSE 'radius_m' END)::float8,
                         CASE a.layer WHEN 'cameras' THEN $4::float8 ELSE $5::float8 END) AS reach
           FROM audit_log a, prev
          WHERE ((a.layer = 'cameras' AND ${moved('cameras')}) OR (a.layer = 'streetlights' AND ${moved('streetlights')}))
            AND ${newer('a')} AND jsonb_typeof(a.before->'geometry') = 'object'
       ), positions AS (
         SELECT c.geom, c.reach, c.older AND NOT EXISTS (SELECT 1 FROM audited a WHERE a.layer = c.layer AND a.feature_id = c.id) AS unexplained
           FROM changed c
         UNION ALL
         SELECT a.geom, a.reach, false FROM audited a
       )
       SELECT 'previous' AS kind, NULL AS layer, NULL::float8 AS x, NULL::float8 AS y, NULL::float8 AS "reachM", NULL::boolean AS unexplained,
              NULL::float8 AS id, NULL::float8 AS "bearingDeg", NULL::float8 AS "hfovDeg", NULL::float8 AS "rangeM", NULL::int AS "resolutionPx",
              NULL::boolean AS "nightCapable", NULL::float8 AS "radiusM", NULL::text AS status, NULL::boolean AS live, NULL::text AS version, prev.summary AS previous
         FROM prev
       UNION ALL
       SELECT 'position', NULL, ST_X(m.p), ST_Y(m.p), p.reach + 1, p.unexplained, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
         FROM positions p CROSS JOIN LATERAL (SELECT ST_Transform(ST_PointOnSurface(p.geom), $3::int) AS p) m
        WHERE p.geom IS NOT NULL
       UNION ALL
       SELECT 'row', c.layer, ST_X(m.p), ST_Y(m.p), NULL, NULL, c.id::float8, c.bearing_deg, c.hfov_deg, c.range_m, c.resolution_px, c.night_capable,
              c.radius_m, c.status, c.live, NULL, NULL
         FROM changed c CROSS JOIN LATERAL (SELECT ST_Transform(c.geom, $3::int) AS p) m
       UNION ALL
       SELECT CASE WHEN s.purged THEN 'purged' ELSE 'version' END, s.layer, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, s.version, NULL
         FROM state s WHERE s.moved`,
      [runId, reuse, srid, fallbackReach.cameraM, fallbackReach.lightM, layers, layers.map((l) => getLayer(l).table)],
    );
    const found = rows.find((r) => r.kind === 'previous');
    if (!found || rows.some((r) => r.kind === 'purged' || r.unexplained)) return null;
    const { layerStates: states, ...previous } = found.previous!;
    const changes: ChangedInputs = { positions: [], layers: {} };
    for (const r of rows) {
      if (r.kind === 'position') changes.positions.push({ x: r.x, y: r.y, reachM: r.reachM! });
      else if (r.kind === 'version') changes.layers[r.layer!] = { fromVersion: previous.layerVersions?.[r.layer!] ?? null, version: r.version!, ids: [], rows: [] };
    }
    for (const r of rows) {
      if (r.kind !== 'row') continue;
      const layer = changes.layers[r.layer!]!;
      layer.ids.push(r.id!);
      if (!r.live) continue;
      if (r.layer === 'cameras') {
        const { id, x, y, bearingDeg, hfovDeg, rangeM, resolutionPx, nightCapable, status } = r;
        layer.rows.push({ id, x, y, bearingDeg, hfovDeg, rangeM, resolutionPx, nightCapable, status } as KeptRow);
      } else {
        const { id, x, y, radiusM, status } = r;
        layer.rows.push({ id, x, y, radiusM, status } as KeptRow);
      }
    }
    return { previous, changes, states };
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

  /**
   * Totals of a run's lines (its own and those it kept itself, as stored) among these targets: the
   * rows of coverage_lines(run), looked up by primary key one target at a time (the fence keeps the
   * planner from scanning the run's lines instead when its statistics are stale).
   */
  async lineTotals(runId: string, targetIds: number[]): Promise<LineTotals> {
    if (targetIds.length === 0) return { ...NO_LINES };
    const [row] = await preparedQuery<LineTotals>(
      this.db,
      'coverage-line-totals',
      `SELECT count(*)::int AS lines, coalesce(sum(round(length_m * 100)), 0)::float8 AS "lengthCm", coalesce(sum(round(seen_m * 100)), 0)::float8 AS "seenCm",
              coalesce(sum(round(lit_m * 100)), 0)::float8 AS "litCm", coalesce(sum(round(seen_or_lit_m * 100)), 0)::float8 AS "seenOrLitCm",
              coalesce(sum(blind_spots), 0)::int AS "blindSpots", coalesce(sum(dark_spots), 0)::int AS "darkSpots"
         FROM unnest($2::bigint[]) AS t(id)
         CROSS JOIN LATERAL (
           SELECT l.length_m, l.seen_m, l.lit_m, l.seen_or_lit_m, l.blind_spots, l.dark_spots
             FROM coverage_line l WHERE l.run_id = $1 AND l.target_id = t.id
           UNION ALL
           SELECT l.length_m, l.seen_m, l.lit_m, l.seen_or_lit_m, l.blind_spots, l.dark_spots
             FROM coverage_reuse u JOIN coverage_line l ON l.run_id = u.from_run_id AND l.target_id = t.id
            WHERE u.run_id = $1 AND t.id <> ALL (u.except_target_ids)
           OFFSET 0) l`,
      [runId, [...new Set(targetIds)]],
    );
    return row;
  }
}
