import { Injectable } from '@nestjs/common';
import { getLayer, liveRows, tableOf, type LayerId } from '@mimamori/db';
import type { CoverageArea, CoverageTarget } from '../../contracts';
import { DataSource } from 'typeorm';

/** Rows as loaded, already projected to the metric zone (GeoJSON text with millimetre precision). */
export interface TargetRow {
  id: number;
  name: string | null;
  /** WKB in the metric zone (clipped to the area when one is given). */
  wkb: Buffer;
  /** The same line as EWKB in EPSG:4326: the geometry its results are stored with. */
  ewkb: Buffer;
}
export interface CameraRow {
  id: number;
  x: number;
  y: number;
  bearingDeg: number;
  hfovDeg: number;
  rangeM: number;
  resolutionPx: number | null;
  nightCapable: boolean | null;
}
export interface LightRow {
  id: number;
  x: number;
  y: number;
  radiusM: number;
}
export interface BuildingRow {
  id: number;
  wkb: Buffer;
}
export interface LayerState {
  layer: LayerId;
  version: string;
  /** The planner's row estimate (pg_class.reltuples; -1 before the table was first analysed). */
  rows: number;
}
export interface TargetBox {
  id: number;
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}
export interface Envelope {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

const CAMERAS = tableOf(getLayer('cameras'));
const LIGHTS = tableOf(getLayer('streetlights'));
const BUILDINGS = tableOf(getLayer('buildings'));
const ROADS = tableOf(getLayer('roads'));

/** The area as a 4326 geometry expression with its parameters appended after `offset`. */
function areaSql(area: CoverageArea, offset: number): { sql: string; params: unknown[] } {
  if ('bbox' in area) {
    return { sql: `ST_MakeEnvelope($${offset + 1}, $${offset + 2}, $${offset + 3}, $${offset + 4}, 4326)`, params: area.bbox };
  }
  const table = tableOf(getLayer(area.layer as LayerId));
  return { sql: `(SELECT a.geom FROM ${table} a WHERE a.id = $${offset + 1} AND ${liveRows('a')})`, params: [area.id] };
}

/** Live target lines as a subquery `x(id, name, g)`; $1 is the metric SRID, $2 the ids (or null). */
function targetSource(layer: CoverageTarget, ids: number[] | undefined, area: CoverageArea | undefined, srid: number): { sql: string; params: unknown[] } {
  const table = tableOf(getLayer(layer));
  const params: unknown[] = [srid, ids ?? null];
  let geom = 't.geom';
  let join = '';
  if (area) {
    const a = areaSql(area, params.length);
    params.push(...a.params);
    join = `JOIN LATERAL (SELECT ${a.sql} AS g) area ON ST_Intersects(t.geom, area.g)`;
    geom = `ST_CollectionExtract(ST_Intersection(t.geom, area.g), 2)`;
  }
  const nameColumn = layer === 'school-routes' ? `coalesce(t.name, t.school)` : 't.name';
  return {
    sql: `(SELECT t.id::float8 AS id, ${nameColumn} AS name, ${geom} AS g
             FROM ${table} t ${join}
            WHERE ${liveRows('t')} AND ${ids ? 't.id = ANY($2::bigint[])' : '$2::bigint[] IS NULL'}) x
          WHERE NOT ST_IsEmpty(x.g)`,
    params,
  };
}

/**
 * Rows within the metric envelope $2…$5 ($1 the SRID): found by the spatial index, then kept when
 * their projected bounding box meets the envelope (exactly, as a worker that keeps the layer tests it).
 */
const envelopeFilter = (alias: string) =>
  `${alias}.geom && ST_Transform(ST_MakeEnvelope($2, $3, $4, $5, $1::int), 4326)
   AND (SELECT ST_XMin(m) <= $4 AND ST_XMax(m) >= $2 AND ST_YMin(m) <= $5 AND ST_YMax(m) >= $3 FROM ST_Transform(${alias}.geom, $1::int) m)`;

/** Inputs around some lines: within the envelope, with one of the statuses (points only). */
export interface Around {
  env: Envelope;
  statuses?: string[];
}

/** The live rows of a layer ($1 the SRID), or those around some lines: a WHERE clause and its parameters. */
function scope(alias: string, srid: number, around: Around | undefined): { where: string; params: unknown[] } {
  if (!around) return { where: liveRows(alias), params: [srid] };
  const { env, statuses } = around;
  const status = statuses ? ` AND ${alias}.status = ANY($6::text[])` : '';
  return { where: `${liveRows(alias)}${status} AND ${envelopeFilter(alias)}`, params: [srid, env.xmin, env.ymin, env.xmax, env.ymax, ...(statuses ? [statuses] : [])] };
}

@Injectable()
export class CoverageRepository {
  constructor(private readonly db: DataSource) {}

  async areaExists(area: CoverageArea): Promise<boolean> {
    if ('bbox' in area) return true;
    const { sql, params } = areaSql(area, 0);
    const [row] = await this.db.query(`SELECT ${sql} IS NOT NULL AS ok`, params);
    return row.ok;
  }

  /** Target lines (clipped to the area when one is given), in 4326 and in the metric zone. */
  async targets(layer: CoverageTarget, ids: number[] | undefined, area: CoverageArea | undefined, srid: number): Promise<TargetRow[]> {
    const source = targetSource(layer, ids, area, srid);
    return this.db.query(`SELECT x.id, x.name, ST_AsBinary(ST_Transform(x.g, $1::int)) AS wkb, ST_AsEWKB(x.g) AS ewkb FROM ${source.sql} ORDER BY x.id`, source.params);
  }

  /** The metric bounding box of every target line (what splitting a run by tile needs). */
  async targetBoxes(layer: CoverageTarget, ids: number[] | undefined, area: CoverageArea | undefined, srid: number): Promise<TargetBox[]> {
    const source = targetSource(layer, ids, area, srid);
    return this.db.query(
      `SELECT b.id, ST_XMin(b.m) AS xmin, ST_YMin(b.m) AS ymin, ST_XMax(b.m) AS xmax, ST_YMax(b.m) AS ymax
         FROM (SELECT x.id, ST_Transform(x.g, $1::int) AS m FROM ${source.sql}) b ORDER BY b.id`,
      source.params,
    );
  }

  async targetCount(layer: CoverageTarget, ids: number[] | undefined, area: CoverageArea | undefined, srid: number): Promise<number> {
    const source = targetSource(layer, ids, area, srid);
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM ${source.sql} AND $1::int IS NOT NULL`, source.params);
    return row.n;
  }

  /** The largest range of live cameras, or radius of live lights (0 when there is none). */
  async maxReach(layer: 'cameras' | 'streetlights'): Promise<number> {
    const [row] = await this.db.query(
      layer === 'cameras'
        ? `SELECT coalesce(max(c.range_m), 0)::float8 AS m FROM ${CAMERAS} c WHERE ${liveRows('c')}`
        : `SELECT coalesce(max(l.radius_m), 0)::float8 AS m FROM ${LIGHTS} l WHERE ${liveRows('l')}`,
    );
    return row.m;
  }

  /** How many cameras, lights and buildings the single-job run would load for these envelopes. */
  async sceneCounts(cameraEnv: Envelope | null, lightEnv: Envelope | null, srid: number, statuses: string[], occlusion: boolean) {
    const count = async (table: string, alias: string, around: Around | null) => {
      if (!around) return 0;
      const { where, params } = scope(alias, srid, around);
      return Number((await this.db.query(`SELECT count(*) AS n FROM ${table} ${alias} WHERE ${where}`, params))[0].n);
    };
    const [cameras, streetlights, buildings] = await Promise.all([
      count(CAMERAS, 'c', cameraEnv && { env: cameraEnv, statuses }),
      count(LIGHTS, 'l', lightEnv && { env: lightEnv, statuses }),
      count(BUILDINGS, 'b', occlusion && cameraEnv ? { env: cameraEnv } : null),
    ]);
    return { cameras, streetlights, buildings };
  }

  async missingIds(layer: CoverageTarget, ids: number[]): Promise<number[]> {
    const rows: { id: number }[] = await this.db.query(
      `SELECT i::float8 AS id FROM unnest($1::bigint[]) i
        WHERE NOT EXISTS (SELECT 1 FROM ${tableOf(getLayer(layer))} t WHERE t.id = i AND ${liveRows('t')})`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  /** Live cameras (all of them, or those around some lines), projected, with their status. */
  async cameras(srid: number, around?: Around): Promise<(CameraRow & { status: string })[]> {
    const { where, params } = scope('c', srid, around);
    return this.db.query(
      `SELECT c.id::float8 AS id, ST_X(p) AS x, ST_Y(p) AS y, c.bearing_deg AS "bearingDeg", c.hfov_deg AS "hfovDeg",
              c.range_m AS "rangeM", c.resolution_px AS "resolutionPx", c.night_capable AS "nightCapable", c.status
         FROM ${CAMERAS} c CROSS JOIN LATERAL (SELECT ST_Transform(c.geom, $1::int) AS p) m
        WHERE ${where} ORDER BY c.id`,
      params,
    );
  }

  async lights(srid: number, around?: Around): Promise<(LightRow & { status: string })[]> {
    const { where, params } = scope('l', srid, around);
    return this.db.query(
      `SELECT l.id::float8 AS id, ST_X(p) AS x, ST_Y(p) AS y, l.radius_m AS "radiusM", l.status
         FROM ${LIGHTS} l CROSS JOIN LATERAL (SELECT ST_Transform(l.geom, $1::int) AS p) m
        WHERE ${where} ORDER BY l.id`,
      params,
    );
  }

  async buildings(srid: number, around?: Around): Promise<BuildingRow[]> {
    const { where, params } = scope('b', srid, around);
    return this.db.query(`SELECT b.id::float8 AS id, ST_AsBinary(ST_Transform(b.geom, $1::int)) AS wkb FROM ${BUILDINGS} b WHERE ${where} ORDER BY b.id`, params);
  }

  /** Versions (bumped by every write) and estimated sizes of layers, read before their rows. */
  async layerStates(layers: LayerId[]): Promise<LayerState[]> {
    return this.db.query(
      `SELECT s.layer, s.version::text AS version, coalesce(c.reltuples, -1)::float8 AS rows
         FROM unnest($1::text[], $2::text[]) AS l(layer, tbl)
         JOIN layer_state s ON s.layer = l.layer
         LEFT JOIN pg_class c ON c.oid = to_regclass(l.tbl)`,
      [layers, layers.map((l) => getLayer(l).table)],
    );
  }

  /**
   * Road space in the area (roads buffered by `halfWidthM`) that no camera sees: the area's
   * blind-spot polygons, each with its area in m².
   */
  async blindAreas(area: CoverageArea, visibility: string[], srid: number, halfWidthM: number): Promise<{ geometry: object; areaM2: number }[]> {
    const a = areaSql(area, 3);
    return this.db.query(
      `WITH area AS (SELECT ST_Transform(${a.sql}, $1::int) AS m),
       space AS (
         SELECT ST_Intersection(ST_Union(ST_Buffer(ST_Transform(r.geom, $1::int), $2, 'endcap=flat join=round')), (SELECT m FROM area)) AS m
           FROM ${ROADS} r WHERE ${liveRows('r')} AND ST_Intersects(r.geom, ST_Transform((SELECT m FROM area), 4326))
       ),
       seen AS (SELECT ST_Union(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(v), $1::int))) AS m FROM unnest($3::text[]) v),
       blind AS (
         SELECT (ST_Dump(CASE WHEN (SELECT m FROM seen) IS NULL THEN s.m ELSE ST_Difference(s.m, (SELECT m FROM seen)) END)).geom AS m
           FROM space s WHERE s.m IS NOT NULL
       )
       SELECT ST_AsGeoJSON(ST_Transform(b.m, 4326), 7)::jsonb AS geometry, ST_Area(b.m) AS "areaM2"
         FROM blind b WHERE GeometryType(b.m) = 'POLYGON' AND ST_Area(b.m) >= 1
        ORDER BY ST_Area(b.m) DESC`,
      [srid, halfWidthM, visibility, ...a.params],
    );
  }
}
