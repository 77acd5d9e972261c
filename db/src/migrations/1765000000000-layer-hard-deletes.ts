import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The version at which rows of a layer were last removed for good (a plain SQL DELETE or
 * TRUNCATE: the application deletes softly). Those rows leave no trace to find by transaction id,
 * so whoever keeps a layer, or results computed from it, and wants to bring them up to date from
 * the rows changed since version v may do so only while `deleted_version` <= v (incremental
 * coverage, a worker's kept cameras and lights). Existing rows start at their current version:
 * what happened before is not known.
 */
export class LayerHardDeletes1765000000000 implements MigrationInterface {
  name = 'LayerHardDeletes1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE layer_state ADD COLUMN deleted_version bigint NOT NULL DEFAULT 0;
      UPDATE layer_state SET deleted_version = version;
      CREATE OR REPLACE FUNCTION bump_layer_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE layer_state
           SET version = version + 1, updated_at = now(),
               deleted_version = CASE WHEN TG_OP IN ('DELETE', 'TRUNCATE') THEN version + 1 ELSE deleted_version END
         WHERE layer = TG_ARGV[0];
        RETURN NULL;
      END $$;`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION bump_layer_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE layer_state SET version = version + 1, updated_at = now() WHERE layer = TG_ARGV[0];
        RETURN NULL;
      END $$;
      ALTER TABLE layer_state DROP COLUMN deleted_version;`);
  }
}
