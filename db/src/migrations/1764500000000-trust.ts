import { MigrationInterface, QueryRunner } from 'typeorm';

const UP = String.raw`
-- The audit trail is evidence: once written, a row is never changed or removed, not even by
-- the application's own connection. Only dropping the table (a reviewed migration) can.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);

-- An organisation lets another one read its rows of a layer it could not otherwise see
-- (e.g. the police share patrol tracks with the city).
CREATE TABLE layer_share (
  layer text NOT NULL CHECK (layer IN ('cameras', 'streetlights', 'school-routes', 'patrol-tracks', 'beats',
                                       'buildings', 'roads', 'facilities', 'blocks', 'areas')),
  from_org uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  to_org uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (layer, from_org, to_org),
  CHECK (from_org <> to_org)
);
CREATE INDEX layer_share_to_idx ON layer_share (to_org, layer);
`;

export class Trust1764500000000 implements MigrationInterface {
  name = 'Trust1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE IF EXISTS layer_share;
      DROP INDEX IF EXISTS audit_log_at_idx;
      DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
      DROP TRIGGER IF EXISTS audit_log_no_update_delete ON audit_log;
      DROP FUNCTION IF EXISTS audit_log_append_only();`);
  }
}
