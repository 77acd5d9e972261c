import { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the API serves requests as (SET LOCAL ROLE inside each request's transactions). */
export const SERVING_ROLE = 'mimamori_app';

/** Layer tables and whether their rows are police information (registry sensitivity `police`). */
const LAYER_TABLES: readonly { table: string; layer: string; police: boolean }[] = [
  { table: 'layer_cameras', layer: 'cameras', police: false },
  { table: 'layer_streetlights', layer: 'streetlights', police: false },
  { table: 'layer_school_routes', layer: 'school-routes', police: false },
  { table: 'layer_patrol_tracks', layer: 'patrol-tracks', police: true },
  { table: 'layer_beats', layer: 'beats', police: false },
  { table: 'layer_buildings', layer: 'buildings', police: false },
  { table: 'layer_roads', layer: 'roads', police: false },
  { table: 'layer_facilities', layer: 'facilities', police: false },
  { table: 'layer_blocks', layer: 'blocks', police: false },
  { table: 'layer_areas', layer: 'areas', police: false },
];

const ROLE = String.raw`
-- Roles are cluster-wide and many databases (test clones, a second instance) share a cluster:
-- create the serving role once, tolerating a concurrent migration doing the same.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${SERVING_ROLE}') THEN
    CREATE ROLE ${SERVING_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOINHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$
BEGIN
  GRANT ${SERVING_ROLE} TO CURRENT_USER;
EXCEPTION WHEN unique_violation THEN NULL;
END $$;
-- Every owner on the cluster may switch to the shared serving role and name any organisation and
-- role in its settings: so only this database's owner (or roles granted CONNECT) may connect here.
DO $$
BEGIN
  EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', current_database());
END $$;

-- The identity of the request, set per transaction by the API (set_config(…, true)).
CREATE FUNCTION mimamori_org() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT NULLIF(current_setting('mimamori.org_id', true), '')::uuid $$;
CREATE FUNCTION mimamori_role() RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT NULLIF(current_setting('mimamori.role', true), '') $$;

GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${SERVING_ROLE};
GRANT INSERT, UPDATE, DELETE ON
  layer_state, layer_share, import_mapping, countermeasure, analysis_run,
  ${LAYER_TABLES.map((t) => t.table).join(', ')}
  TO ${SERVING_ROLE};
-- The audit trail is append-only for the API (the trigger of the trust migration refuses
-- UPDATE/DELETE/TRUNCATE for everyone; this keeps the serving role from even trying).
GRANT INSERT ON audit_log TO ${SERVING_ROLE};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${SERVING_ROLE};
-- Tables of later migrations are readable and writable by the API unless they revoke it.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${SERVING_ROLE};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${SERVING_ROLE};
`;

/**
 * Row-level security mirroring the API's own filters (LayerAccessService): every signed-in or
 * anonymous reader sees public and internal layers; police information only with police
 * clearance (police, admin) or through a share to the reader's organisation. Writers add rows
 * to their own organisation and change their own organisation's rows; admins change any.
 * The owner (workers, migrations, demo loader) keeps full access.
 */
function layerPolicies(t: { table: string; layer: string; police: boolean }): string {
  const writers = t.police ? `('police', 'admin')` : `('planner', 'police', 'admin')`;
  const read = t.police
    ? `mimamori_role() IN ('police', 'admin') OR EXISTS (SELECT 1 FROM layer_share s
         WHERE s.layer = '${t.layer}' AND s.from_org = ${t.table}.organisation_id AND s.to_org = mimamori_org())`
    : 'true';
  const mine = `mimamori_role() IN ${writers} AND (organisation_id = mimamori_org() OR mimamori_role() = 'admin')`;
  return `
ALTER TABLE ${t.table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${t.table} FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON ${t.table} TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY app_read ON ${t.table} FOR SELECT TO ${SERVING_ROLE} USING (${read});
CREATE POLICY app_insert ON ${t.table} FOR INSERT TO ${SERVING_ROLE}
  WITH CHECK (mimamori_role() IN ${writers} AND organisation_id = mimamori_org());
CREATE POLICY app_update ON ${t.table} FOR UPDATE TO ${SERVING_ROLE} USING (${mine}) WITH CHECK (${mine});
CREATE POLICY app_delete ON ${t.table} FOR DELETE TO ${SERVING_ROLE} USING (${mine});`;
}

export class ServingRole1764600000000 implements MigrationInterface {
  name = 'ServingRole1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(ROLE + LAYER_TABLES.map(layerPolicies).join('\n'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const tables = LAYER_TABLES.map(
      (t) => `DROP POLICY IF EXISTS owner_all ON ${t.table}; DROP POLICY IF EXISTS app_read ON ${t.table};
              DROP POLICY IF EXISTS app_insert ON ${t.table}; DROP POLICY IF EXISTS app_update ON ${t.table};
              DROP POLICY IF EXISTS app_delete ON ${t.table};
              ALTER TABLE ${t.table} NO FORCE ROW LEVEL SECURITY; ALTER TABLE ${t.table} DISABLE ROW LEVEL SECURITY;`,
    );
    await queryRunner.query(`${tables.join('\n')}
      ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${SERVING_ROLE};
      ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${SERVING_ROLE};
      REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${SERVING_ROLE};
      REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${SERVING_ROLE};
      DROP FUNCTION IF EXISTS mimamori_org(); DROP FUNCTION IF EXISTS mimamori_role();
      DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO PUBLIC', current_database()); END $$;`);
  }
}
