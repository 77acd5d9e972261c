import { Injectable } from '@nestjs/common';
import { getLayer, liveRows, tableOf } from '@mimamori/db';
import { DataSource } from 'typeorm';
import type { SitingTarget } from '../../contracts';

/** Rows as loaded, projected to the metric zone (geometry as WKB: no JSON text on either side). */
export interface MetricRow {
  id: number;
  wkb: Buffer;
}
export interface PointRow {
  id: number;
  x: number;
  y: number;
}
export interface ExistingCameraRow extends PointRow {
  bearingDeg: number;
  hfovDeg: number;
  rangeM: number;
  resolutionPx: number | null;
}
export interface CrimeBlockRow extends MetricRow {
  crimesPerKm2: number;
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
const BLOCKS = tableOf(getLayer('blocks'));
const LINE_TABLES = { roads: tableOf(getLayer('roads')), 'school-routes': tableOf(getLayer('school-routes')) } as const;

const envelopeFilter = (alias: string) => `${alias}.geom && ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, $5::int), 4326)`;
const envelopeParams = (env: Envelope, srid: number) => [env.xmin, env.ymin, env.xmax, env.ymax, srid];

/** A numeric crime count from a jsonb value, or null (text or nested values never fail a run). */
const crimeNumber = (expr: string) => `CASE WHEN jsonb_typeof(${expr}) = 'number' THEN (${expr})::text::float8 END`;

@Injectable()
export class SitingRepository {
  constructor(private readonly db: DataSource) {}

  /** Live target lines (all, or the given ids), in the metric zone. */
  async lines(layer: SitingTarget, ids: number[] | undefined, srid: number): Promise<MetricRow[]> {
    return this.db.query(
      `SELECT t.id::float8 AS id, ST_AsBinary(ST_Transform(t.geom, $1::int)) AS wkb
         FROM ${LINE_TABLES[layer]} t
        WHERE ${liveRows('t')} AND ($2::bigint[] IS NULL OR t.id = ANY($2::bigint[]))
        ORDER BY t.id`,
      [srid, ids ?? null],
    );
  }

  async missingIds(layer: SitingTarget, ids: number[]): Promise<number[]> {
    const rows: { id: number }[] = await this.db.query(
      `SELECT i::float8 AS id FROM unnest($1::bigint[]) i
        WHERE NOT EXISTS (SELECT 1 FROM ${LINE_TABLES[layer]} t WHERE t.id = i AND ${liveRows('t')})`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  /** Live roads or school routes crossing the envelope, in the metric zone. */
  async linesIn(layer: SitingTarget, env: Envelope, srid: number): Promise<MetricRow[]> {
    return this.db.query(
      `SELECT t.id::float8 AS id, ST_AsBinary(ST_Transform(t.geom, $5::int)) AS wkb
         FROM ${LINE_TABLES[layer]} t WHERE ${liveRows('t')} AND ${envelopeFilter('t')} ORDER BY t.id`,
      envelopeParams(env, srid),
    );
  }

  async cameras(env: Envelope, srid: number, statuses: string[]): Promise<ExistingCameraRow[]> {
    return this.db.query(
      `SELECT c.id::float8 AS id, ST_X(p) AS x, ST_Y(p) AS y, c.bearing_deg AS "bearingDeg", c.hfov_deg AS "hfovDeg",
              c.range_m AS "rangeM", c.resolution_px AS "resolutionPx"
         FROM ${CAMERAS} c CROSS JOIN LATERAL (SELECT ST_Transform(c.geom, $5::int) AS p) m
        WHERE ${liveRows('c')} AND c.status = ANY($6::text[]) AND ${envelopeFilter('c')}
        ORDER BY c.id`,
      [...envelopeParams(env, srid), statuses],
    );
  }

  /** Every live streetlight pole in the envelope, whatever its lamp's status: the pole is there. */
  async poles(env: Envelope, srid: number): Promise<PointRow[]> {
    return this.db.query(
      `SELECT l.id::float8 AS id, ST_X(p) AS x, ST_Y(p) AS y
         FROM ${LIGHTS} l CROSS JOIN LATERAL (SELECT ST_Transform(l.geom, $5::int) AS p) m
        WHERE ${liveRows('l')} AND ${envelopeFilter('l')}
        ORDER BY l.id`,
      envelopeParams(env, srid),
    );
  }

  async buildings(env: Envelope, srid: number): Promise<MetricRow[]> {
    return this.db.query(
      `SELECT b.id::float8 AS id, ST_AsBinary(ST_Transform(b.geom, $5::int)) AS wkb
         FROM ${BUILDINGS} b WHERE ${liveRows('b')} AND ${envelopeFilter('b')}`,
      envelopeParams(env, srid),
    );
  }

  /**
   * Blocks in the envelope with recorded crime per km²: the latest year's total (or the sum of
   * its types) over the area of all parts sharing the block's code, since a 町丁 split into
   * several polygons carries its counts on one part only.
   */
  async crimeBlocks(env: Envelope, srid: number): Promise<CrimeBlockRow[]> {
    return this.db.query(
      `WITH near AS (SELECT DISTINCT b.code FROM ${BLOCKS} b WHERE ${liveRows('b')} AND ${envelopeFilter('b')}),
       latest AS (
         SELECT b.code, ST_Area(ST_Transform(b.geom, $5::int)) AS area,
                (SELECT coalesce(${crimeNumber(`y.value -> 'total'`)}, (SELECT sum(${crimeNumber('e.value')}) FROM jsonb_each(y.value) e))
                   FROM jsonb_each(CASE WHEN jsonb_typeof(b.crimes) = 'object' THEN b.crimes ELSE '{}'::jsonb END) y
                  WHERE jsonb_typeof(y.value) = 'object' ORDER BY y.key DESC LIMIT 1) AS crimes
           FROM ${BLOCKS} b JOIN near USING (code) WHERE ${liveRows('b')}
       ),
       density AS (SELECT code, coalesce(sum(crimes), 0) / nullif(sum(area) / 1e6, 0) AS per_km2 FROM latest GROUP BY code)
       SELECT b.id::float8 AS id, ST_AsBinary(ST_Transform(b.geom, $5::int)) AS wkb, coalesce(d.per_km2, 0) AS "crimesPerKm2"
         FROM ${BLOCKS} b JOIN density d USING (code)
        WHERE ${liveRows('b')} AND ${envelopeFilter('b')} AND d.per_km2 > 0
        ORDER BY b.id`,
      envelopeParams(env, srid),
    );
  }

  /** Lon/lat points in the metric zone, in order. */
  async project(points: { lon: number; lat: number }[], srid: number): Promise<{ x: number; y: number }[]> {
    if (points.length === 0) return [];
    return this.db.query(
      `SELECT ST_X(p) AS x, ST_Y(p) AS y
         FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(lon, lat, i)
         CROSS JOIN LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326), $3::int) AS p) m
        ORDER BY u.i`,
      [points.map((p) => p.lon), points.map((p) => p.lat), srid],
    );
  }

  /** Metric GeoJSON geometries back to EPSG:4326 GeoJSON, in order. */
  async toWgs84(metric: string[], srid: number): Promise<object[]> {
    if (metric.length === 0) return [];
    const rows: { geometry: object }[] = await this.db.query(
      `SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(u.gj), $2::int), 4326), 7)::jsonb AS geometry
         FROM unnest($1::text[]) WITH ORDINALITY AS u(gj, i) ORDER BY u.i`,
      [metric, srid],
    );
    return rows.map((r) => r.geometry);
  }
}
