import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Faster coverage writes and incremental runs.
 *
 * Coverage lines are written by COPY, tens of thousands per run: checking the foreign key to
 * analysis_run row by row cost a third of the write, and a second unique index another tenth.
 * Writers already hold the run's row (they write in the transaction that marks it succeeded, or
 * with it locked FOR SHARE while it runs), so the check is replaced by deleting a run's lines
 * together with the run, once per statement.
 */
const UP = String.raw`
ALTER TABLE coverage_line DROP CONSTRAINT coverage_line_run_id_fkey;

-- Runs as its owner: whoever may delete runs deletes their lines too (the serving role only reads them).
CREATE FUNCTION delete_runs_coverage_lines() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  DELETE FROM coverage_line l USING deleted_runs d WHERE l.run_id = d.id;
  RETURN NULL;
END $$;

CREATE TRIGGER analysis_run_deletes_coverage_lines AFTER DELETE ON analysis_run
  REFERENCING OLD TABLE AS deleted_runs FOR EACH STATEMENT EXECUTE FUNCTION delete_runs_coverage_lines();

-- One index per line instead of two: the key is (run, target). id stays the sequence-made number
-- that result feature ids are built from; nothing looks a line up by it.
ALTER TABLE coverage_line DROP CONSTRAINT coverage_line_pkey;
ALTER TABLE coverage_line DROP CONSTRAINT coverage_line_run_id_target_id_key;
ALTER TABLE coverage_line ADD PRIMARY KEY (run_id, target_id);

-- The layer versions a run's snapshot saw (read in the same statement): a later run looks for rows
-- written since only in layers whose version moved on (null for snapshots taken before this column).
ALTER TABLE analysis_run_snapshot ADD COLUMN layer_versions jsonb;
`;

export class CoverageRunSpeed1764800000000 implements MigrationInterface {
  name = 'CoverageRunSpeed1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE analysis_run_snapshot DROP COLUMN IF EXISTS layer_versions;
      ALTER TABLE coverage_line DROP CONSTRAINT coverage_line_pkey;
      ALTER TABLE coverage_line ADD PRIMARY KEY (id);
      ALTER TABLE coverage_line ADD CONSTRAINT coverage_line_run_id_target_id_key UNIQUE (run_id, target_id);
      DROP TRIGGER IF EXISTS analysis_run_deletes_coverage_lines ON analysis_run;
      DROP FUNCTION IF EXISTS delete_runs_coverage_lines();
      ALTER TABLE coverage_line ADD CONSTRAINT coverage_line_run_id_fkey FOREIGN KEY (run_id) REFERENCES analysis_run(id) ON DELETE CASCADE;`);
  }
}
