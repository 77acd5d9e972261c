import { MigrationInterface, QueryRunner } from 'typeorm';
import { COVERAGE_ID_BASE } from './1764700000000-coverage-lines';

/**
 * Coverage lines' properties and spots as text instead of json. A city-wide run writes megabytes
 * of them, and the json type parses every byte on the way in: a COPY of 14,850 lines took 105–135
 * ms into json columns and 55–95 ms into text. The worker writes them from one encoder that is
 * tested against JSON.stringify, and they are parsed when read, one page or tile at a time.
 */
const coverageFeatures = (properties: string, spots: string) => String.raw`
CREATE OR REPLACE FUNCTION coverage_features(p_run uuid, p_bbox geometry)
RETURNS TABLE (id bigint, kind text, properties jsonb, geom geometry)
LANGUAGE sql STABLE AS $$
  WITH shown AS (
    SELECT l.id, l.srid, ${properties} AS properties, ${spots} AS spots, l.geom FROM coverage_lines(p_run) l WHERE p_bbox IS NULL OR l.geom && p_bbox
  )
  SELECT ${COVERAGE_ID_BASE} + s.id * 4096, 'line', s.properties, s.geom FROM shown s
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
$$;`;

export class CoverageTextResults1764900000000 implements MigrationInterface {
  name = 'CoverageTextResults1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE coverage_line ALTER COLUMN properties TYPE text, ALTER COLUMN spots DROP DEFAULT, ALTER COLUMN spots TYPE text;
      ALTER TABLE coverage_line ALTER COLUMN spots SET DEFAULT '[]';
      ${coverageFeatures('l.properties::jsonb', 'l.spots::json')}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE coverage_line ALTER COLUMN properties TYPE json USING properties::json, ALTER COLUMN spots DROP DEFAULT,
        ALTER COLUMN spots TYPE json USING spots::json;
      ALTER TABLE coverage_line ALTER COLUMN spots SET DEFAULT '[]'::json;
      ${coverageFeatures('l.properties::jsonb', 'l.spots')}`);
  }
}
