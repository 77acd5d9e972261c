import { Injectable } from '@nestjs/common';
import { getLayer, liveRows, tableOf } from '@mimamori/db';
import { DataSource } from 'typeorm';
import type { BeatCheckParams } from '../../contracts';

export type DefectKind = 'gap' | 'overlap' | 'outside';

export interface DefectRow {
  kind: DefectKind;
  beats: number[];
  areaM2: number;
  /** Under the sliver area, or collapses under an inner buffer of half the sliver width. */
  sliver: boolean;
  block: string | null;
  geometry: object;
}

export interface BeatShapeRow {
  id: number;
  parts: number;
  valid: boolean;
  reason: string | null;
  /** The parts other than the largest (exclaves), in 4326, with their area. */
  minorGeometry: object | null;
  minorAreaM2: number;
}

/**
 * The overlay runs in fixed precision: every input is snapped to a 1 mm grid in the metric zone
 * and GEOS's OverlayNG nodes on that grid, so shared edges of a clean tiling coincide exactly.
 * Pieces thinner than 2 cm (empty under a 1 cm inner buffer) are what is left of floating-point
 * noise (a vertex one source has and the other lacks), never a digitising error: they are dropped.
 */
export const GRID_M = 0.001;
export const NOISE_HALF_WIDTH_M = 0.01;

const BEATS = tableOf(getLayer('beats'));
const AREAS = tableOf(getLayer('areas'));
const BLOCKS = tableOf(getLayer('blocks'));

/** The jurisdiction in metres on the grid ($1 srid, $2 area id, $3 block ids); NULL when none is given. */
const JURISDICTION = `
  SELECT CASE
    WHEN $2::bigint IS NOT NULL THEN
      (SELECT ST_ReducePrecision(ST_Transform(a.geom, $1::int), ${GRID_M}) FROM ${AREAS} a WHERE a.id = $2 AND ${liveRows('a')})
    WHEN $3::bigint[] IS NOT NULL THEN
      (SELECT ST_Union(ST_ReducePrecision(ST_Transform(k.geom, $1::int), ${GRID_M}), ${GRID_M}) FROM ${BLOCKS} k WHERE k.id = ANY($3::bigint[]) AND ${liveRows('k')})
  END AS m`;

/*
 * Faces of the arrangement of all beat and jurisdiction boundaries, each located by an interior
 * point: in which beats, inside the jurisdiction or not. A face in no beat is a gap (inside the
 * jurisdiction, or enclosed by beats when there is none), in two or more an overlap, and a beat's
 * faces outside the jurisdiction its outside part. Faces of one kind and beat set are merged.
 */
const DEFECTS_SQL = `
WITH j AS (${JURISDICTION}),
b AS (
  SELECT t.id, ST_ReducePrecision(ST_MakeValid(ST_Transform(t.geom, $1::int)), ${GRID_M}) AS m
    FROM ${BEATS} t WHERE t.id = ANY($4::bigint[]) AND ${liveRows('t')}
),
edges AS (
  SELECT ST_Union(ST_Boundary(x.m), ${GRID_M}) AS g
    FROM (SELECT m FROM b UNION ALL SELECT m FROM j WHERE m IS NOT NULL) x
),
faces AS (SELECT (ST_Dump(ST_Polygonize(g))).geom AS f FROM edges),
located AS (
  SELECT f.f,
         ARRAY(SELECT b.id::float8 FROM b WHERE ST_Intersects(b.m, p.p) ORDER BY b.id) AS beats,
         (SELECT ST_Intersects(j.m, p.p) FROM j) AS inside
    FROM faces f CROSS JOIN LATERAL (SELECT ST_PointOnSurface(f.f) AS p) p
),
pieces AS (
  SELECT 'gap' AS kind, '{}'::float8[] AS beats, f FROM located WHERE cardinality(beats) = 0 AND inside IS NOT FALSE
  UNION ALL
  SELECT 'overlap', beats, f FROM located WHERE cardinality(beats) >= 2
  UNION ALL
  SELECT 'outside', ARRAY[u.id], f FROM located CROSS JOIN unnest(beats) AS u(id) WHERE inside = false
),
merged AS (
  SELECT kind, beats, (ST_Dump(ST_Union(f, ${GRID_M}))).geom AS g FROM pieces GROUP BY kind, beats
)
SELECT m.kind, m.beats, ST_Area(m.g) AS "areaM2",
       (ST_Area(m.g) < $5 OR ST_IsEmpty(ST_Buffer(m.g, -$6::float8 / 2))) AS sliver,
       (SELECT k.name FROM ${BLOCKS} k WHERE ${liveRows('k')} AND ST_Intersects(k.geom, ST_Transform(ST_PointOnSurface(m.g), 4326)) LIMIT 1) AS block,
       ST_AsGeoJSON(ST_Transform(m.g, 4326), 7)::jsonb AS geometry
  FROM merged m
 WHERE NOT ST_IsEmpty(ST_Buffer(m.g, -${NOISE_HALF_WIDTH_M}))
 ORDER BY m.kind, ST_Area(m.g) DESC`;

export interface JurisdictionRef {
  areaId: number | null;
  blockIds: number[] | null;
}

export function jurisdictionOf(p: BeatCheckParams): JurisdictionRef {
  return { areaId: p.jurisdiction?.id ?? null, blockIds: p.blocks ?? null };
}

/** Tiling defects of beats against a jurisdiction, computed in PostGIS. */
@Injectable()
export class BeatOverlayRepository {
  constructor(private readonly db: DataSource) {}

  async missing(table: 'beats' | 'areas' | 'blocks', ids: readonly number[]): Promise<number[]> {
    const rows: { id: number }[] = await this.db.query(
      `SELECT i::float8 AS id FROM unnest($1::bigint[]) i
        WHERE NOT EXISTS (SELECT 1 FROM ${tableOf(getLayer(table))} t WHERE t.id = i AND ${liveRows('t')}) ORDER BY i`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  /** The beats to check: those asked for, else the live beats reaching into the jurisdiction (all without one). */
  async beatScope(ids: readonly number[] | undefined, jurisdiction: JurisdictionRef, srid: number): Promise<number[]> {
    if (ids) return [...ids];
    const rows: { id: number }[] = await this.db.query(
      `WITH j AS (${JURISDICTION})
       SELECT t.id::float8 AS id FROM ${BEATS} t, j
        WHERE ${liveRows('t')}
          AND (j.m IS NULL OR (t.geom && ST_Transform(j.m, 4326) AND ST_Relate(ST_Transform(t.geom, $1::int), j.m, 'T********')))
        ORDER BY t.id`,
      [srid, jurisdiction.areaId, jurisdiction.blockIds],
    );
    return rows.map((r) => r.id);
  }

  async defects(beatIds: readonly number[], jurisdiction: JurisdictionRef, srid: number, sliverMaxM2: number, sliverMaxWidthM: number): Promise<DefectRow[]> {
    return this.db.query(DEFECTS_SQL, [srid, jurisdiction.areaId, jurisdiction.blockIds, beatIds, sliverMaxM2, sliverMaxWidthM]);
  }

  /** Beats with several parts or an invalid shape in the metric zone. */
  async shapeWarnings(beatIds: readonly number[], srid: number): Promise<BeatShapeRow[]> {
    return this.db.query(
      `WITH b AS (SELECT t.id, ST_Transform(t.geom, $1::int) AS m FROM ${BEATS} t WHERE t.id = ANY($2::bigint[]) AND ${liveRows('t')}),
       parts AS (
         SELECT b.id, d.geom AS g, row_number() OVER (PARTITION BY b.id ORDER BY ST_Area(d.geom) DESC) AS rank
           FROM b CROSS JOIN LATERAL ST_Dump(b.m) d
       )
       SELECT b.id::float8 AS id, ST_NumGeometries(b.m) AS parts, ST_IsValid(b.m) AS valid,
              CASE WHEN ST_IsValid(b.m) THEN NULL ELSE ST_IsValidReason(b.m) END AS reason,
              ST_AsGeoJSON(ST_Transform(ST_Collect(p.g), 4326), 7)::jsonb AS "minorGeometry",
              coalesce(sum(ST_Area(p.g)), 0) AS "minorAreaM2"
         FROM b LEFT JOIN parts p ON p.id = b.id AND p.rank > 1
        WHERE ST_NumGeometries(b.m) > 1 OR NOT ST_IsValid(b.m)
        GROUP BY b.id, b.m ORDER BY b.id`,
      [srid, beatIds],
    );
  }
}
