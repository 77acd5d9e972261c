import { MigrationInterface, QueryRunner } from 'typeorm';

const UP = String.raw`
-- The countermeasure register of school route audits (通学路点検 対策一覧): one row per finding
-- someone has taken on, tracked from open to done.
CREATE TABLE countermeasure (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisation(id),
  -- the audit the finding came from; the snapshots below outlive the run
  run_id uuid REFERENCES analysis_run(id) ON DELETE SET NULL,
  finding jsonb NOT NULL CHECK (jsonb_typeof(finding) = 'object'),
  -- the route's figures when the item was created: seenPct, litPct, longestDarkUnwatchedM, maxRefugeGapM
  before jsonb NOT NULL CHECK (jsonb_typeof(before) = 'object'),
  route_id bigint NOT NULL CHECK (route_id > 0),
  rule text NOT NULL,
  owner text NOT NULL CHECK (owner IN ('school', 'road-manager', 'police', 'city')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'planned', 'done')),
  note text CHECK (char_length(note) <= 2000),
  due_on date,
  created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  location geometry(Geometry, 4326) CONSTRAINT countermeasure_location_valid CHECK (location IS NULL OR ST_IsValid(location))
);
CREATE INDEX countermeasure_route_idx ON countermeasure (route_id, status);
CREATE INDEX countermeasure_location_gist ON countermeasure USING gist (location);

-- Audits fingerprint their inputs by layer_state versions, so a change to the register makes
-- the next audit a new run (with current before/after figures) instead of a reused one.
INSERT INTO layer_state (layer) VALUES ('countermeasures');
CREATE TRIGGER countermeasure_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON countermeasure
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version('countermeasures');
`;

export class Countermeasures1764300000000 implements MigrationInterface {
  name = 'Countermeasures1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS countermeasure; DELETE FROM layer_state WHERE layer = 'countermeasures';`);
  }
}
