import { Injectable } from '@nestjs/common';
import { getLayer, liveRows, tableOf } from '@mimamori/db';
import { DataSource } from 'typeorm';
import type { RouteAuditParams } from '../../contracts';
import type { Vec } from '../../kernels';
import type { MetricEnvelope } from '../coverage/coverage-geometry';

export interface RouteRow {
  id: number;
  name: string | null;
  school: string;
  period: string | null;
  pupils: number | null;
  /** WKB in the metric zone. */
  wkb: Buffer;
}

export interface RefugeRow {
  id: number;
  name: string;
  kind: string;
  x: number;
  y: number;
}

export interface CrossedBlockRow {
  routeId: number;
  blockId: number;
  code: string;
  name: string;
  crimes: unknown;
  insideM: number;
  /** The route inside the block (or the route's point nearest it), metric WKB. */
  wkb: Buffer;
}

export interface CrossingRow {
  routeId: number;
  crossings: number;
  mainRoadCrossings: number;
}

export interface CountermeasureRow {
  id: number;
  routeId: number;
  status: string;
  owner: string;
  rule: string;
  createdAt: Date;
  before: Record<string, unknown>;
}

const ROUTES = tableOf(getLayer('school-routes'));
const FACILITIES = tableOf(getLayer('facilities'));
const BLOCKS = tableOf(getLayer('blocks'));
const ROADS = tableOf(getLayer('roads'));

/** OSM highway classes without motor traffic: meeting one is not a road crossing. */
export const FOOT_ONLY_CLASSES = ['bridleway', 'corridor', 'cycleway', 'elevator', 'footway', 'path', 'pedestrian', 'platform', 'steps'];
export const MAIN_ROAD_CLASSES = ['primary', 'primary_link', 'secondary', 'secondary_link', 'tertiary', 'tertiary_link', 'trunk', 'trunk_link'];
/** Junctions closer than this (metres) are one crossing. */
const CROSSING_GRID_M = 1;

@Injectable()
export class RouteAuditRepository {
  constructor(private readonly db: DataSource) {}

  /** Live routes matching the params' ids, school and period, projected to the metric zone. */
  async routes(p: Pick<RouteAuditParams, 'ids' | 'school' | 'period'>, srid: number): Promise<RouteRow[]> {
    return this.db.query(
      `SELECT r.id::float8 AS id, r.name, r.school, r.period, r.pupils, ST_AsBinary(ST_Transform(r.geom, $1::int)) AS wkb
         FROM ${ROUTES} r
        WHERE ${liveRows('r')}
          AND ($2::bigint[] IS NULL OR r.id = ANY($2::bigint[]))
          AND ($3::text IS NULL OR r.school = $3)
          AND ($4::text IS NULL OR r.period IS NULL OR r.period IN ($4, 'both'))
        ORDER BY r.school, r.id`,
      [srid, p.ids ?? null, p.school ?? null, p.period ?? null],
    );
  }

  /** Which of the ids are live routes at all (whatever their school or period). */
  async liveRouteIds(ids: number[]): Promise<number[]> {
    const rows: { id: number }[] = await this.db.query(`SELECT r.id::float8 AS id FROM ${ROUTES} r WHERE r.id = ANY($1::bigint[]) AND ${liveRows('r')}`, [ids]);
    return rows.map((r) => r.id);
  }

  async refuges(env: MetricEnvelope, kinds: readonly string[], srid: number): Promise<RefugeRow[]> {
    return this.db.query(
      `SELECT f.id::float8 AS id, f.name, f.kind, ST_X(m.p) AS x, ST_Y(m.p) AS y
         FROM ${FACILITIES} f CROSS JOIN LATERAL (SELECT ST_Transform(f.geom, $5::int) AS p) m
        WHERE ${liveRows('f')} AND f.kind = ANY($6::text[])
          AND f.geom && ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, $5::int), 4326)
        ORDER BY f.id`,
      [env.xmin, env.ymin, env.xmax, env.ymax, srid, kinds],
    );
  }

  /**
   * Blocks (町丁目) each route intersects, with the route inside them and their crime record.
   * A 町丁 split into several polygons keeps its record on one part: every part reads it there.
   */
  async crossedBlocks(routeIds: number[], srid: number): Promise<CrossedBlockRow[]> {
    return this.db.query(
      `SELECT r.id::float8 AS "routeId", b.id::float8 AS "blockId", b.code, b.name, ST_Length(x.g) AS "insideM",
              coalesce(b.crimes, (SELECT k.crimes FROM ${BLOCKS} k WHERE k.code = b.code AND k.crimes IS NOT NULL AND ${liveRows('k')}
                                   ORDER BY k.id LIMIT 1)) AS crimes,
              ST_AsBinary(CASE WHEN ST_IsEmpty(x.g) THEN ST_ClosestPoint(x.rm, x.bm) ELSE x.g END) AS wkb
         FROM ${ROUTES} r
         JOIN ${BLOCKS} b ON ST_Intersects(b.geom, r.geom) AND ${liveRows('b')}
         CROSS JOIN LATERAL (SELECT ST_Transform(r.geom, $2::int) AS rm, ST_Transform(b.geom, $2::int) AS bm) t
         CROSS JOIN LATERAL (SELECT t.rm, t.bm, ST_CollectionExtract(ST_Intersection(t.rm, t.bm), 2) AS g) x
        WHERE r.id = ANY($1::bigint[])
        ORDER BY r.id, b.id`,
      [routeIds, srid],
    );
  }

  /**
   * Road crossings per route, with no crossings layer: the distinct points where a road with
   * motor traffic meets the route without being followed by it (intersections that are points,
   * e.g. side streets at junctions the route passes), merged within a metre.
   */
  async crossings(routeIds: number[], srid: number): Promise<CrossingRow[]> {
    return this.db.query(
      `WITH meets AS (
         SELECT r.id, d.class, (ST_Dump(ST_Intersection(r.geom, d.geom))).geom AS p
           FROM ${ROUTES} r JOIN ${ROADS} d ON ST_Intersects(d.geom, r.geom) AND ${liveRows('d')}
          WHERE r.id = ANY($1::bigint[]) AND d.class <> ALL($3::text[])
       ), points AS (
         SELECT id, class, ST_SnapToGrid(ST_Transform(p, $2::int), $5) AS g FROM meets WHERE GeometryType(p) = 'POINT'
       )
       SELECT id::float8 AS "routeId", count(DISTINCT ST_AsBinary(g))::int AS crossings,
              count(DISTINCT ST_AsBinary(g)) FILTER (WHERE class = ANY($4::text[]))::int AS "mainRoadCrossings"
         FROM points GROUP BY id`,
      [routeIds, srid, FOOT_ONLY_CLASSES, MAIN_ROAD_CLASSES, CROSSING_GRID_M],
    );
  }

  /** The live block (町丁目) name at each metric point, null where there is none. */
  async blockNamesAt(points: Vec[], srid: number): Promise<(string | null)[]> {
    if (points.length === 0) return [];
    const rows: { name: string | null }[] = await this.db.query(
      `SELECT (SELECT k.name FROM ${BLOCKS} k WHERE ${liveRows('k')}
                 AND ST_Intersects(k.geom, ST_Transform(ST_SetSRID(ST_MakePoint(u.x, u.y), $3::int), 4326)) ORDER BY k.id LIMIT 1) AS name
         FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(x, y, n) ORDER BY u.n`,
      [points.map((p) => p[0]), points.map((p) => p[1]), srid],
    );
    return rows.map((r) => r.name);
  }

  async countermeasures(routeIds: number[]): Promise<CountermeasureRow[]> {
    return this.db.query(
      `SELECT c.id::float8 AS id, c.route_id::float8 AS "routeId", c.status, c.owner, c.rule, c.created_at AS "createdAt", c.before
         FROM countermeasure c WHERE c.route_id = ANY($1::bigint[]) ORDER BY c.route_id, c.id`,
      [routeIds],
    );
  }
}
