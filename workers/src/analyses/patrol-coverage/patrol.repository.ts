import { Inject, Injectable } from '@nestjs/common';
import { getLayer, liveRows, tableOf } from '@mimamori/db';
import { DataSource } from 'typeorm';
import type { PatrolKind } from '../../contracts';
import type { PatrolBeat, PatrolRoad, PatrolTrack } from '../../kernels/patrol';
import type { Vec } from '../../kernels/coverage/coverage.types';
import { lineStringMFromWkb } from './track-wkb';

/** A DataSource, or a QueryRunner when the caller needs its own transaction (the benchmark). */
export interface Queryable {
  query<T>(sql: string, parameters?: unknown[]): Promise<T>;
}

export interface BeatRow extends PatrolBeat {
  code: string;
  name: string | null;
  post: string | null;
  geometry: object;
}

export interface TrackFilter {
  from: string;
  to: string;
  kinds?: readonly PatrolKind[];
}

export interface MetricEnvelope {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

const BEATS = tableOf(getLayer('beats'));
const TRACKS = tableOf(getLayer('patrol-tracks'));
const ROADS = tableOf(getLayer('roads'));

/** Polygon rings of a metric GeoJSON Polygon or MultiPolygon, all parts together. */
export function ringsOf(geojson: string): Vec[][] {
  const g = JSON.parse(geojson) as { type: string; coordinates: Vec[][] | Vec[][][] };
  if (g.type === 'Polygon') return g.coordinates as Vec[][];
  if (g.type === 'MultiPolygon') return (g.coordinates as Vec[][][]).flat();
  return [];
}

/** Every input of patrol analyses, loaded projected to the metric zone. */
@Injectable()
export class PatrolRepository {
  constructor(@Inject(DataSource) private readonly db: Queryable) {}

  async missingBeats(ids: readonly number[]): Promise<number[]> {
    const rows: { id: number }[] = await this.db.query(
      `SELECT i::float8 AS id FROM unnest($1::bigint[]) i
        WHERE NOT EXISTS (SELECT 1 FROM ${BEATS} t WHERE t.id = i AND ${liveRows('t')}) ORDER BY i`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  /** Live beats (all, or those of `ids`), ascending by id. */
  async beats(ids: readonly number[] | undefined, srid: number): Promise<BeatRow[]> {
    const rows: (Omit<BeatRow, 'rings'> & { metric: string })[] = await this.db.query(
      `SELECT t.id::float8 AS id, t.code, t.name, t.post, ST_AsGeoJSON(t.geom, 7)::jsonb AS geometry,
              ST_AsGeoJSON(ST_Transform(t.geom, $1::int), 3) AS metric
         FROM ${BEATS} t WHERE ${liveRows('t')} AND ($2::bigint[] IS NULL OR t.id = ANY($2::bigint[])) ORDER BY t.id`,
      [srid, ids ?? null],
    );
    return rows.map(({ metric, ...row }) => ({ ...row, rings: ringsOf(metric) }));
  }

  /**
   * Live tracks that may fall in the period (their recorded start/end do not rule it out), of
   * the given kinds, reaching into the envelope; coordinates in metres, M in epoch seconds.
   */
  async tracks(filter: TrackFilter, srid: number, envelope: MetricEnvelope | null): Promise<PatrolTrack[]> {
    const rows: { id: number; unit: string; kind: string; startedAt: number | null; endedAt: number | null; wkb: Buffer }[] = await this.db.query(
      `SELECT t.id::float8 AS id, t.unit, t.kind,
              extract(epoch FROM t.started_at)::float8 AS "startedAt", extract(epoch FROM t.ended_at)::float8 AS "endedAt",
              ST_AsBinary(ST_Transform(t.geom, $1::int)) AS wkb
         FROM ${TRACKS} t
        WHERE ${liveRows('t')}
          AND ($4::text[] IS NULL OR t.kind = ANY($4::text[]))
          AND coalesce(t.started_at, t.ended_at, '-infinity') < $3::timestamptz
          AND coalesce(t.ended_at, t.started_at, 'infinity') >= $2::timestamptz
          AND ($5::float8 IS NULL OR t.geom && ST_Transform(ST_MakeEnvelope($5, $6, $7, $8, $1::int), 4326))
        ORDER BY t.id`,
      [srid, filter.from, filter.to, filter.kinds ?? null, envelope?.xmin ?? null, envelope?.ymin ?? null, envelope?.xmax ?? null, envelope?.ymax ?? null],
    );
    return rows.map((r) => ({ id: r.id, unit: r.unit, kind: r.kind, startedAt: r.startedAt, endedAt: r.endedAt, xyt: lineStringMFromWkb(r.wkb) }));
  }

  /** Live roads reaching into the given beats (or into the envelope when no beat is given), of the given classes. */
  async roads(beatIds: readonly number[] | null, envelope: MetricEnvelope | null, srid: number, classes?: readonly string[]): Promise<(PatrolRoad & { geometry: object; name: string | null; class: string })[]> {
    const rows: { id: number; name: string | null; class: string; geometry: object; metric: string }[] = await this.db.query(
      `SELECT r.id::float8 AS id, r.name, r.class, ST_AsGeoJSON(r.geom, 7)::jsonb AS geometry, ST_AsGeoJSON(ST_Transform(r.geom, $1::int), 3) AS metric
         FROM ${ROADS} r
        WHERE ${liveRows('r')}
          AND ($2::text[] IS NULL OR r.class = ANY($2::text[]))
          AND ($3::bigint[] IS NULL OR EXISTS (SELECT 1 FROM ${BEATS} b WHERE b.id = ANY($3::bigint[]) AND ${liveRows('b')} AND ST_Intersects(r.geom, b.geom)))
          AND ($4::float8 IS NULL OR r.geom && ST_Transform(ST_MakeEnvelope($4, $5, $6, $7, $1::int), 4326))
        ORDER BY r.id`,
      [srid, classes ?? null, beatIds, envelope?.xmin ?? null, envelope?.ymin ?? null, envelope?.xmax ?? null, envelope?.ymax ?? null],
    );
    return rows.map(({ metric, ...r }) => ({ ...r, coords: (JSON.parse(metric) as { coordinates: Vec[] }).coordinates }));
  }
}
