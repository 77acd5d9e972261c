import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Result feature ids of coverage lines (line row id × 4096) and their spots (+ 1…4095), above 2^52
 * so that they never meet analysis_feature ids in one run's results, and below 2^53 (exact in JSON).
 */
export const COVERAGE_ID_BASE = 2 ** 52;
export const MAX_SPOTS_PER_LINE = 4095;

const UP = String.raw`
-- Coverage results, one row per target line: its numbers and intervals (properties), its blind and
-- dark spots as positions along the line, and the line's geometry. A spot's LineString is cut from
-- the line when read (coverage_features), so a city-wide run writes one row per line instead of
-- one per line and per spot; the block (町丁目) of a spot is looked up then too.
CREATE TABLE coverage_line (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id uuid NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  -- The part of a fanned-out run that wrote the row (a retried part replaces its rows); null otherwise.
  part int,
  target_id bigint NOT NULL,
  -- The metric zone the spot positions are measured in.
  srid int NOT NULL,
  -- json, not jsonb: stored as written (parsing a city's intervals into jsonb cost more than the
  -- rest of the write); read as jsonb.
  properties json NOT NULL,
  -- The line's totals as in its properties (rounded to the centimetre), summed by an incremental run.
  length_m float8 NOT NULL,
  seen_m float8 NOT NULL,
  lit_m float8 NOT NULL,
  seen_or_lit_m float8 NOT NULL,
  blind_spots int NOT NULL,
  dark_spots int NOT NULL,
  -- Per spot: [0 blind | 1 dark, line part (1-based), from, to (metres along the part), lengthM, fromM, toM].
  spots json NOT NULL DEFAULT '[]'::json,
  geom geometry(Geometry, 4326) NOT NULL,
  UNIQUE (run_id, target_id)
);

-- An incremental run keeps the lines of an earlier run except those it recomputed: it refers to
-- them instead of copying them. A run referred to cannot be deleted alone (checked at commit, so
-- deleting both together works).
CREATE TABLE coverage_reuse (
  run_id uuid NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  from_run_id uuid NOT NULL REFERENCES analysis_run(id) DEFERRABLE INITIALLY DEFERRED,
  except_target_ids bigint[] NOT NULL,
  PRIMARY KEY (run_id, from_run_id)
);

-- The lines of a coverage run: its own and those it reuses.
CREATE FUNCTION coverage_lines(p_run uuid) RETURNS SETOF coverage_line LANGUAGE sql STABLE AS $$
  SELECT l.* FROM coverage_line l WHERE l.run_id = p_run
  UNION ALL
  SELECT l.* FROM coverage_reuse u JOIN coverage_line l ON l.run_id = u.from_run_id AND l.target_id <> ALL (u.except_target_ids)
   WHERE u.run_id = p_run
$$;

-- The lines of a coverage run with their spots, within a bbox (EPSG:4326) or all.
CREATE FUNCTION coverage_features(p_run uuid, p_bbox geometry)
RETURNS TABLE (id bigint, kind text, properties jsonb, geom geometry)
LANGUAGE sql STABLE AS $$
  WITH shown AS (
    SELECT l.id, l.srid, l.properties, l.spots, l.geom FROM coverage_lines(p_run) l WHERE p_bbox IS NULL OR l.geom && p_bbox
  )
  SELECT ${COVERAGE_ID_BASE} + s.id * 4096, 'line', s.properties::jsonb, s.geom FROM shown s
  UNION ALL
  SELECT ${COVERAGE_ID_BASE} + s.id * 4096 + n, CASE WHEN (v->>0)::int = 0 THEN 'blind-spot' ELSE 'dark-spot' END,
         jsonb_build_object('targetId', s.properties->'targetId', 'name', s.properties->'name', 'lengthM', v->4, 'fromM', v->5, 'toM', v->6,
                            'block', (SELECT k.name FROM layer_blocks k
                                       WHERE k.deleted_at IS NULL AND ST_Intersects(k.geom, ST_LineInterpolatePoint(cut.g, 0.5))
                                       ORDER BY k.id LIMIT 1)),
         cut.g
    FROM shown s
    CROSS JOIN LATERAL json_array_elements(s.spots) WITH ORDINALITY AS sp(v, n)
    CROSS JOIN LATERAL (SELECT ST_Transform(ST_GeometryN(s.geom, (v->>1)::int), s.srid) AS m) part
    CROSS JOIN LATERAL (SELECT ST_Length(part.m) AS len) pl
    CROSS JOIN LATERAL (
      SELECT ST_Transform(ST_LineSubstring(part.m, least(1, (v->>2)::float8 / pl.len), least(1, (v->>3)::float8 / pl.len)), 4326) AS g
    ) cut
$$;

-- Every result feature of every run: stored ones (analysis_feature) and coverage lines and spots.
-- Filter by run_id: the coverage branch then reads that run only.
CREATE VIEW analysis_result WITH (security_invoker = true) AS
  SELECT f.id, f.run_id, f.kind, f.properties, f.geom FROM analysis_feature f
  UNION ALL
  SELECT c.id, r.id, c.kind, c.properties, c.geom FROM analysis_run r CROSS JOIN LATERAL coverage_features(r.id, NULL) c
   WHERE r.type = 'coverage';

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mimamori_app') THEN
    -- Results are the workers' to write: the API's serving role only reads them.
    REVOKE ALL ON coverage_line, coverage_reuse, analysis_result FROM mimamori_app;
    GRANT SELECT ON coverage_line, coverage_reuse, analysis_result TO mimamori_app;
  END IF;
END
$$;
`;

export class CoverageLines1764700000000 implements MigrationInterface {
  name = 'CoverageLines1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP VIEW IF EXISTS analysis_result;
      DROP FUNCTION IF EXISTS coverage_features(uuid, geometry);
      DROP FUNCTION IF EXISTS coverage_lines(uuid);
      DROP TABLE IF EXISTS coverage_reuse;
      DROP TABLE IF EXISTS coverage_line;`);
  }
}
