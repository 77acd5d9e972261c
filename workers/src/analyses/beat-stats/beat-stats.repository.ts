import { Injectable } from '@nestjs/common';
import { getLayer, liveRows, tableOf } from '@mimamori/db';
import { DataSource } from 'typeorm';

/** Facilities where a child or a passer-by can ask for help. */
export const REFUGE_KINDS = ['refuge', 'koban', 'convenience'] as const;

export interface BeatStatsRow {
  id: number;
  code: string;
  name: string | null;
  post: string | null;
  geometry: object;
  areaM2: number;
  households: number;
  population: number;
  cameras: number;
  streetlights: number;
  refuges: number;
  roadLengthM: number;
}

const BEATS = tableOf(getLayer('beats'));
const BLOCKS = tableOf(getLayer('blocks'));
const CAMERAS = tableOf(getLayer('cameras'));
const STREETLIGHTS = tableOf(getLayer('streetlights'));
const FACILITIES = tableOf(getLayer('facilities'));
const ROADS = tableOf(getLayer('roads'));

/*
 * Households and population are spread over a block's area: a beat gets the share of the
 * block that lies inside it. Areas and lengths are measured in the metric zone ($2).
 */
const STATS_SQL = `
WITH b AS (
  SELECT t.id, t.code, t.name, t.post, t.geom, ST_Transform(t.geom, $2::int) AS m
  FROM ${BEATS} t WHERE t.id = $1 AND ${liveRows('t')}
), shares AS (
  SELECT k.households, k.population, ST_Area(ST_Intersection(km.m, b.m)) / nullif(ST_Area(km.m), 0) AS share
  FROM b
  JOIN ${BLOCKS} k ON ${liveRows('k')} AND ST_Intersects(k.geom, b.geom)
  CROSS JOIN LATERAL (SELECT ST_Transform(k.geom, $2::int) AS m) km
)
SELECT b.id::float8 AS id, b.code, b.name, b.post,
  ST_AsGeoJSON(b.geom, 7)::jsonb AS geometry,
  ST_Area(b.m) AS "areaM2",
  (SELECT coalesce(sum(coalesce(s.households, 0) * s.share), 0) FROM shares s)::float8 AS households,
  (SELECT coalesce(sum(coalesce(s.population, 0) * s.share), 0) FROM shares s)::float8 AS population,
  (SELECT count(*) FROM ${CAMERAS} c WHERE ${liveRows('c')} AND c.status = 'active' AND ST_Intersects(c.geom, b.geom))::int AS cameras,
  (SELECT count(*) FROM ${STREETLIGHTS} l WHERE ${liveRows('l')} AND l.status = 'active' AND ST_Intersects(l.geom, b.geom))::int AS streetlights,
  (SELECT count(*) FROM ${FACILITIES} f WHERE ${liveRows('f')} AND f.kind = ANY($3) AND ST_Intersects(f.geom, b.geom))::int AS refuges,
  (SELECT coalesce(sum(ST_Length(ST_Intersection(ST_Transform(r.geom, $2::int), b.m))), 0)
     FROM ${ROADS} r WHERE ${liveRows('r')} AND ST_Intersects(r.geom, b.geom))::float8 AS "roadLengthM"
FROM b`;

@Injectable()
export class BeatStatsRepository {
  constructor(private readonly db: DataSource) {}

  /** Ids of live beats, all of them or those of `ids` that exist, ascending. */
  async liveBeatIds(ids?: readonly number[]): Promise<number[]> {
    const rows: { id: number }[] = ids
      ? await this.db.query(`SELECT t.id::float8 AS id FROM ${BEATS} t WHERE ${liveRows('t')} AND t.id = ANY($1::bigint[]) ORDER BY t.id`, [ids])
      : await this.db.query(`SELECT t.id::float8 AS id FROM ${BEATS} t WHERE ${liveRows('t')} ORDER BY t.id`);
    return rows.map((r) => r.id);
  }

  /** Statistics of one live beat, or null when it has been deleted meanwhile. */
  async statsOf(beatId: number, metricSrid: number): Promise<BeatStatsRow | null> {
    const rows: BeatStatsRow[] = await this.db.query(STATS_SQL, [beatId, metricSrid, REFUGE_KINDS]);
    return rows[0] ?? null;
  }
}
