import { MigrationInterface, QueryRunner } from 'typeorm';

const UP = String.raw`
-- Result features of one part of a fanned-out run (coverage split by tile), written by the
-- part's worker; the run's finishing job moves them to analysis_feature in one transaction.
-- (section, sort_key, seq) is the order the single-job run would have written them in.
CREATE TABLE analysis_partial (
  run_id uuid NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  part integer NOT NULL,
  section smallint NOT NULL,
  sort_key double precision NOT NULL,
  seq integer NOT NULL,
  kind text NOT NULL,
  properties jsonb NOT NULL DEFAULT '{}'::jsonb,
  geom geometry(Geometry, 4326)
);
CREATE INDEX analysis_partial_run_idx ON analysis_partial (run_id, part);
`;

export class AnalysisPartial1764400000000 implements MigrationInterface {
  name = 'AnalysisPartial1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS analysis_partial;');
  }
}
