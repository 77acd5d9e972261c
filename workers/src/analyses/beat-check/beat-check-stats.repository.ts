import { Injectable } from '@nestjs/common';
import { getLayer, liveRows, tableOf } from '@mimamori/db';
import { DataSource } from 'typeorm';
import { ANALYSIS_INPUT_LAYERS } from '../../contracts';
import { REFUGE_KINDS } from '../beat-stats/beat-stats.repository';

export interface BeatRecordRow {
  id: number;
  code: string;
  name: string | null;
  post: string | null;
  station: string | null;
  households: number | null;
  priorityHouseholds: number | null;
  businesses: number | null;
  geometry: object;
  areaM2: number;
  cameras: number;
  streetlights: number;
  refuges: number;
}

export interface BlockShareRow {
  id: number;
  households: number;
  population: number;
  /** Recorded crime per year, area-weighted. */
  crimes: Record<string, number>;
}

export interface RoadClassRow {
  id: number;
  class: string;
  lengthM: number;
}

export interface SchoolRouteRow {
  id: number;
  lengthM: number;
  blindM: number;
  darkM: number;
}

const BEATS = tableOf(getLayer('beats'));
const BLOCKS = tableOf(getLayer('blocks'));
const CAMERAS = tableOf(getLayer('cameras'));
const STREETLIGHTS = tableOf(getLayer('streetlights'));
const FACILITIES = tableOf(getLayer('facilities'));
const ROADS = tableOf(getLayer('roads'));
const ROUTES = tableOf(getLayer('school-routes'));

const SCOPE = `b AS (SELECT t.*, ST_Transform(t.geom, $1::int) AS m FROM ${BEATS} t WHERE t.id = ANY($2::bigint[]) AND ${liveRows('t')})`;

/** A year's recorded crime: its `total`, else the sum of its numbers (or the number itself). */
const YEAR_TOTAL = `CASE jsonb_typeof(y.value)
    WHEN 'number' THEN (y.value #>> '{}')::float8
    WHEN 'object' THEN coalesce(
      CASE WHEN jsonb_typeof(y.value->'total') = 'number' THEN (y.value->>'total')::float8 END,
      (SELECT sum((v.value #>> '{}')::float8) FROM jsonb_each(y.value) v WHERE jsonb_typeof(v.value) = 'number'))
  END`;

/** Per-beat statistics, all measured in the metric zone ($1) over the beats of $2. */
@Injectable()
export class BeatCheckStatsRepository {
  constructor(private readonly db: DataSource) {}

  /** The beat's own record, its area, and the active cameras, lights and refuges inside it. */
  async records(ids: readonly number[], srid: number): Promise<BeatRecordRow[]> {
    return this.db.query(
      `WITH ${SCOPE}
       SELECT b.id::float8 AS id, b.code, b.name, b.post, b.station, b.households,
              b.priority_households AS "priorityHouseholds", b.businesses,
              ST_AsGeoJSON(b.geom, 7)::jsonb AS geometry, ST_Area(b.m) AS "areaM2",
              (SELECT count(*) FROM ${CAMERAS} c WHERE ${liveRows('c')} AND c.status = 'active' AND ST_Intersects(c.geom, b.geom))::int AS cameras,
              (SELECT count(*) FROM ${STREETLIGHTS} l WHERE ${liveRows('l')} AND l.status = 'active' AND ST_Intersects(l.geom, b.geom))::int AS streetlights,
              (SELECT count(*) FROM ${FACILITIES} f WHERE ${liveRows('f')} AND f.kind = ANY($3::text[]) AND ST_Intersects(f.geom, b.geom))::int AS refuges
         FROM b ORDER BY b.id`,
      [srid, ids, REFUGE_KINDS],
    );
  }

  /** Households, population and crime spread over each block's area: a beat gets the share of the block inside it. */
  async blockShares(ids: readonly number[], srid: number): Promise<BlockShareRow[]> {
    return this.db.query(
      `WITH ${SCOPE},
       shares AS (
         SELECT b.id, k.households, k.population, k.crimes,
                ST_Area(ST_Intersection(km.m, b.m)) / nullif(ST_Area(km.m), 0) AS share
           FROM b JOIN ${BLOCKS} k ON ${liveRows('k')} AND ST_Intersects(k.geom, b.geom)
          CROSS JOIN LATERAL (SELECT ST_Transform(k.geom, $1::int) AS m) km
       ),
       years AS (
         SELECT s.id, y.key AS year, sum(coalesce(s.share, 0) * coalesce(${YEAR_TOTAL}, 0)) AS total
           FROM shares s CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(s.crimes) = 'object' THEN s.crimes ELSE '{}'::jsonb END) y
          GROUP BY s.id, y.key
       ),
       crimes AS (SELECT id, jsonb_object_agg(year, total) AS crimes FROM years GROUP BY id)
       SELECT b.id::float8 AS id,
              coalesce((SELECT sum(coalesce(s.households, 0) * coalesce(s.share, 0)) FROM shares s WHERE s.id = b.id), 0)::float8 AS households,
              coalesce((SELECT sum(coalesce(s.population, 0) * coalesce(s.share, 0)) FROM shares s WHERE s.id = b.id), 0)::float8 AS population,
              coalesce((SELECT c.crimes FROM crimes c WHERE c.id = b.id), '{}'::jsonb) AS crimes
         FROM b ORDER BY b.id`,
      [srid, ids],
    );
  }

  async roadLengths(ids: readonly number[], srid: number): Promise<RoadClassRow[]> {
    return this.db.query(
      `WITH ${SCOPE}
       SELECT b.id::float8 AS id, r.class, sum(ST_Length(ST_Intersection(ST_Transform(r.geom, $1::int), b.m)))::float8 AS "lengthM"
         FROM b JOIN ${ROADS} r ON ${liveRows('r')} AND ST_Intersects(r.geom, b.geom)
        GROUP BY b.id, r.class ORDER BY b.id, r.class`,
      [srid, ids],
    );
  }

  /**
   * The latest succeeded `coverage` run over all school routes, by cameras and lights, without
   * planned ones, whose input layers have not changed since: null when there is none.
   */
  async currentSchoolRouteCoverage(): Promise<{ id: string; finishedAt: string } | null> {
    const rows: { id: string; finishedAt: string }[] = await this.db.query(
      `SELECT r.id, r.finished_at AS "finishedAt" FROM analysis_run r
        WHERE r.type = 'coverage' AND r.status = 'succeeded'
          AND r.params->>'targets' = 'school-routes' AND r.params->'ids' IS NULL AND r.params->'area' IS NULL
          AND r.params->'sources' @> '["cameras", "streetlights"]'::jsonb
          AND coalesce((r.params->>'includePlanned')::boolean, false) = false
          AND NOT EXISTS (
            SELECT 1 FROM unnest($1::text[]) AS l(layer) LEFT JOIN layer_state s ON s.layer = l.layer
             WHERE (r.input_versions->>l.layer) IS DISTINCT FROM s.version::text)
        ORDER BY r.finished_at DESC LIMIT 1`,
      [ANALYSIS_INPUT_LAYERS.coverage],
    );
    return rows[0] ?? null;
  }

  /** School-route length in each beat, and the blind-spot and dark-spot length the run found there. */
  async schoolRoutes(ids: readonly number[], srid: number, runId: string): Promise<SchoolRouteRow[]> {
    return this.db.query(
      `WITH ${SCOPE},
       spots AS (
         SELECT b.id, f.kind, sum(ST_Length(ST_Intersection(ST_Transform(f.geom, $1::int), b.m))) AS m
           FROM b JOIN analysis_result f ON f.run_id = $3 AND f.kind IN ('blind-spot', 'dark-spot') AND ST_Intersects(f.geom, b.geom)
          GROUP BY b.id, f.kind
       )
       SELECT b.id::float8 AS id,
              coalesce((SELECT sum(ST_Length(ST_Intersection(ST_Transform(s.geom, $1::int), b.m)))
                          FROM ${ROUTES} s WHERE ${liveRows('s')} AND ST_Intersects(s.geom, b.geom)), 0)::float8 AS "lengthM",
              coalesce((SELECT m FROM spots WHERE spots.id = b.id AND kind = 'blind-spot'), 0)::float8 AS "blindM",
              coalesce((SELECT m FROM spots WHERE spots.id = b.id AND kind = 'dark-spot'), 0)::float8 AS "darkM"
         FROM b ORDER BY b.id`,
      [srid, ids, runId],
    );
  }
}
