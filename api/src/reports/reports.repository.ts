import { Injectable } from '@nestjs/common';
import { getLayer, liveRows, tableOf } from '@mimamori/db';
import type { MapContext, MetricGeometry, ReportFinding, ReportRoute, Xy } from './report-model';
import type { MapFrame } from './route-map-svg';
import { RequestDb } from '../core/request-db';

export interface ReportRunRow {
  id: string;
  type: string;
  status: string;
  params: Record<string, unknown>;
  summary: Record<string, unknown> | null;
  finishedAt: Date | null;
}

const ROADS = tableOf(getLayer('roads'));
const BUILDINGS = tableOf(getLayer('buildings'));
const FACILITIES = tableOf(getLayer('facilities'));
/** Buildings drawn on one map at most (a dense city centre stays printable). */
const MAX_BUILDINGS = 20000;

const frameSql = (o: number) => `ST_MakeEnvelope($${o}, $${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}::int)`;
const frameParams = (f: MapFrame, srid: number) => [f.xmin, f.ymin, f.xmax, f.ymax, srid];

/** Every statement of the printable reports: run results and the map's surroundings, in metres. */
@Injectable()
export class ReportsRepository {
  constructor(private readonly db: RequestDb) {}

  async run(id: string): Promise<ReportRunRow | null> {
    const rows: ReportRunRow[] = await this.db.query(
      `SELECT id, type, status, params, summary, finished_at AS "finishedAt" FROM analysis_run WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The schools of a run's routes, in name order. */
  async schools(runId: string): Promise<string[]> {
    const rows: { school: string }[] = await this.db.query(
      `SELECT DISTINCT f.properties->>'school' AS school FROM analysis_feature f
        WHERE f.run_id = $1 AND f.kind = 'route' AND f.properties ? 'school' ORDER BY 1`,
      [runId],
    );
    return rows.map((r) => r.school);
  }

  async routes(runId: string, school: string, srid: number): Promise<ReportRoute[]> {
    return this.db.query(
      `SELECT f.properties, ST_AsGeoJSON(ST_Transform(f.geom, $3::int), 1)::jsonb AS geometry
         FROM analysis_feature f
        WHERE f.run_id = $1 AND f.kind = 'route' AND f.properties->>'school' = $2
        ORDER BY f.id`,
      [runId, school, srid],
    );
  }

  /** Findings in rank order, each with a marker point on it. */
  async findings(runId: string, school: string, srid: number): Promise<ReportFinding[]> {
    return this.db.query(
      `SELECT f.properties, ST_AsGeoJSON(ST_Transform(f.geom, $3::int), 1)::jsonb AS geometry,
              (ST_AsGeoJSON(ST_Transform(CASE WHEN GeometryType(f.geom) = 'LINESTRING' THEN ST_LineInterpolatePoint(f.geom, 0.5)
                                              ELSE ST_PointOnSurface(f.geom) END, $3::int), 1)::jsonb)->'coordinates' AS marker
         FROM analysis_feature f
        WHERE f.run_id = $1 AND f.kind = 'finding' AND f.properties->>'school' = $2
        ORDER BY (f.properties->>'rank')::int, f.id`,
      [runId, school, srid],
    );
  }

  /** Roads, buildings, refuges and the school inside the map frame, clipped to it. */
  async context(frame: MapFrame, srid: number, refugeKinds: string[], school: string): Promise<MapContext> {
    const params = frameParams(frame, srid);
    const box = frameSql(1);
    const inFrame = (alias: string) => `${alias}.geom && ST_Transform(${box}, 4326)`;
    const clipped = (alias: string) => `ST_AsGeoJSON(ST_ClipByBox2D(ST_Transform(${alias}.geom, $5::int), ${box}), 1)::jsonb`;
    const [roads, buildings, refuges, schools] = await Promise.all([
      this.db.query(`SELECT r.class AS cls, ${clipped('r')} AS geometry FROM ${ROADS} r WHERE ${liveRows('r')} AND ${inFrame('r')}`, params),
      this.db.query(
        `SELECT ${clipped('b')} AS geometry FROM ${BUILDINGS} b WHERE ${liveRows('b')} AND ${inFrame('b')} ORDER BY b.id LIMIT ${MAX_BUILDINGS}`,
        params,
      ),
      this.db.query(
        `SELECT f.kind, f.name, ARRAY[ST_X(m.p), ST_Y(m.p)] AS at FROM ${FACILITIES} f CROSS JOIN LATERAL (SELECT ST_Transform(f.geom, $5::int) AS p) m
          WHERE ${liveRows('f')} AND ${inFrame('f')} AND f.kind = ANY($6::text[]) ORDER BY f.id`,
        [...params, refugeKinds],
      ),
      this.db.query(
        `SELECT f.name, ARRAY[ST_X(m.p), ST_Y(m.p)] AS at FROM ${FACILITIES} f CROSS JOIN LATERAL (SELECT ST_Transform(f.geom, $5::int) AS p) m
          WHERE ${liveRows('f')} AND ${inFrame('f')} AND f.kind = 'school' AND f.name = $6`,
        [...params, school],
      ),
    ]);
    return {
      roads: (roads as { cls: string; geometry: MetricGeometry }[]).filter((r) => r.geometry),
      buildings: (buildings as { geometry: MetricGeometry }[]).map((b) => b.geometry).filter(Boolean),
      refuges: refuges as { kind: string; name: string; at: Xy }[],
      schools: schools as { name: string; at: Xy }[],
    };
  }
}
