import { MigrationInterface, QueryRunner } from 'typeorm';

const UP = String.raw`
-- The transactions a run could not see when it started reading its inputs (pg_current_snapshot:
-- from its xmax on, plus those in progress; 32-bit ids). A later run finds the rows written since by
-- their xmin, even rows changed by plain SQL that left updated_at alone (incremental coverage).
CREATE TABLE analysis_run_snapshot (
  run_id uuid PRIMARY KEY REFERENCES analysis_run(id) ON DELETE CASCADE,
  invisible_from text NOT NULL,
  in_progress text[] NOT NULL
);
`;

export class AnalysisRunSnapshot1764400000001 implements MigrationInterface {
  name = 'AnalysisRunSnapshot1764400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS analysis_run_snapshot;');
  }
}
