import { MigrationInterface, QueryRunner } from 'typeorm';

const UP = String.raw`
-- Column mappings saved per organisation, layer and source: the next file with the same
-- columns (e.g. this month's camera register from the same system) imports without one.
CREATE TABLE import_mapping (
  organisation_id uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  layer text NOT NULL,
  -- sha256 of the sorted, normalised column names of the source
  columns_key text NOT NULL CHECK (columns_key ~ '^[0-9a-f]{64}$'),
  columns text[] NOT NULL,
  mapping jsonb NOT NULL CHECK (jsonb_typeof(mapping) = 'object'),
  updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, layer, columns_key)
);
`;

export class ImportMappings1764100000000 implements MigrationInterface {
  name = 'ImportMappings1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS import_mapping;');
  }
}
