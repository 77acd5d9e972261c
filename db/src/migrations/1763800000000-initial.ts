import { MigrationInterface, QueryRunner } from 'typeorm';

const UP = String.raw`
-- Initial schema: PostGIS, organisations and users, the ten layer tables of the contract,
-- analysis runs with their result features, and the audit log.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE organisation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('city', 'police', 'school', 'other')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
  display_name text,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'planner', 'police', 'viewer')),
  organisation_id uuid NOT NULL REFERENCES organisation(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per layer; every write to a layer table bumps its version (tile caches and
-- analysis fingerprints key on it).
CREATE TABLE layer_state (
  layer text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION bump_layer_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE layer_state SET version = version + 1, updated_at = now() WHERE layer = TG_ARGV[0];
  RETURN NULL;
END $$;

CREATE TABLE layer_cameras (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisation(id),
  version integer NOT NULL DEFAULT 1,
  external_id text,
  sample boolean NOT NULL DEFAULT false,
  extra jsonb NOT NULL DEFAULT '{}'::jsonb,
  "name" text,
  "bearing_deg" double precision NOT NULL CHECK (bearing_deg >= 0 AND bearing_deg <= 360),
  "hfov_deg" double precision NOT NULL CHECK (hfov_deg > 0 AND hfov_deg <= 360),
  "range_m" double precision NOT NULL CHECK (range_m > 0),
  "resolution_px" integer CHECK (resolution_px > 0),
  "mount_height_m" double precision CHECK (mount_height_m >= 0),
  "night_capable" boolean,
  "status" text NOT NULL DEFAULT 'active' CHECK (status IN ('active','planned','out_of_service')),
  "owner" text,
  "installed_on" date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  geom geometry(Point, 4326) NOT NULL CONSTRAINT cameras_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  geom_3857 geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED
);
CREATE INDEX cameras_geom_gist ON layer_cameras USING gist (geom);
CREATE INDEX cameras_geom_3857_gist ON layer_cameras USING gist (geom_3857);
CREATE INDEX cameras_organisation_idx ON layer_cameras (organisation_id);
CREATE UNIQUE INDEX cameras_external_id_uq ON layer_cameras (organisation_id, external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER cameras_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON layer_cameras FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version('cameras');
INSERT INTO layer_state (layer) VALUES ('cameras');
CREATE TABLE layer_streetlights (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisation(id),
  version integer NOT NULL DEFAULT 1,
  external_id text,
  sample boolean NOT NULL DEFAULT false,
  extra jsonb NOT NULL DEFAULT '{}'::jsonb,
  "lamp_type" text NOT NULL DEFAULT 'unknown' CHECK (lamp_type IN ('led','fluorescent','mercury','sodium','metal_halide','unknown')),
  "watts" double precision CHECK (watts >= 0),
  "lumens" double precision CHECK (lumens >= 0),
  "mount_height_m" double precision CHECK (mount_height_m >= 0),
  "radius_m" double precision NOT NULL CHECK (radius_m > 0),
  "status" text NOT NULL DEFAULT 'active' CHECK (status IN ('active','planned','out_of_service')),
  "owner" text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  geom geometry(Point, 4326) NOT NULL CONSTRAINT streetlights_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  geom_3857 geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED
);
CREATE INDEX streetlights_geom_gist ON layer_streetlights USING gist (geom);
CREATE INDEX streetlights_geom_3857_gist ON layer_streetlights USING gist (geom_3857);
CREATE INDEX streetlights_organisation_idx ON layer_streetlights (organisation_id);
CREATE UNIQUE INDEX streetlights_external_id_uq ON layer_streetlights (organisation_id, external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER streetlights_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON layer_streetlights FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version('streetlights');
INSERT INTO layer_state (layer) VALUES ('streetlights');
CREATE TABLE layer_school_routes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisation(id),
  version integer NOT NULL DEFAULT 1,
  external_id text,
  sample boolean NOT NULL DEFAULT false,
  extra jsonb NOT NULL DEFAULT '{}'::jsonb,
  "school" text NOT NULL,
  "name" text,
  "grades" text,
  "period" text CHECK (period IN ('morning','afternoon','both')),
  "pupils" integer CHECK (pupils >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  geom geometry(MultiLineString, 4326) NOT NULL CONSTRAINT school_routes_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  geom_3857 geometry(MultiLineString, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED
);
CREATE INDEX school_routes_geom_gist ON layer_school_routes USING gist (geom);
CREATE INDEX school_routes_geom_3857_gist ON layer_school_routes USING gist (geom_3857);
CREATE INDEX school_routes_organisation_idx ON layer_school_routes (organisation_id);
CREATE UNIQUE INDEX school_routes_external_id_uq ON layer_school_routes (organisation_id, external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER school_routes_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON layer_school_routes FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version('school-routes');
INSERT INTO layer_state (layer) VALUES ('school-routes');
CREATE TABLE layer_patrol_tracks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisation(id),
  version integer NOT NULL DEFAULT 1,
  external_id text,
  sample boolean NOT NULL DEFAULT false,
  extra jsonb NOT NULL DEFAULT '{}'::jsonb,
  "unit" text NOT NULL,
  "kind" text NOT NULL CHECK (kind IN ('police','volunteer','foot')),
  "started_at" timestamptz,
  "ended_at" timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  geom geometry(LineStringM, 4326) NOT NULL CONSTRAINT patrol_tracks_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  geom_3857 geometry(LineStringM, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED
);
CREATE INDEX patrol_tracks_geom_gist ON layer_patrol_tracks USING gist (geom);
CREATE INDEX patrol_tracks_geom_3857_gist ON layer_patrol_tracks USING gist (geom_3857);
CREATE INDEX patrol_tracks_organisation_idx ON layer_patrol_tracks (organisation_id);
CREATE UNIQUE INDEX patrol_tracks_external_id_uq ON layer_patrol_tracks (organisation_id, external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER patrol_tracks_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON layer_patrol_tracks FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version('patrol-tracks');
INSERT INTO layer_state (layer) VALUES ('patrol-tracks');
CREATE TABLE layer_beats (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisation(id),
  version integer NOT NULL DEFAULT 1,
  external_id text,
  sample boolean NOT NULL DEFAULT false,
  extra jsonb NOT NULL DEFAULT '{}'::jsonb,
  "code" text NOT NULL,
  "name" text,
  "post" text,
  "station" text,
  "households" integer CHECK (households >= 0),
  "priority_households" integer CHECK (priority_households >= 0),
  "businesses" integer CHECK (businesses >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  geom geometry(MultiPolygon, 4326) NOT NULL CONSTRAINT beats_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  geom_3857 geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED
);
CREATE INDEX beats_geom_gist ON layer_beats USING gist (geom);
CREATE INDEX beats_geom_3857_gist ON layer_beats USING gist (geom_3857);
CREATE INDEX beats_organisation_idx ON layer_beats (organisation_id);
CREATE UNIQUE INDEX beats_external_id_uq ON layer_beats (organisation_id, external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER beats_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON layer_beats FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version('beats');
INSERT INTO layer_state (layer) VALUES ('beats');
CREATE TABLE layer_buildings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisation(id),
  version integer NOT NULL DEFAULT 1,
  external_id text,
  sample boolean NOT NULL DEFAULT false,
  extra jsonb NOT NULL DEFAULT '{}'::jsonb,
  "name" text,
  "height_m" double precision CHECK (height_m >= 0),
  "levels" integer CHECK (levels >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  geom geometry(MultiPolygon, 4326) NOT NULL CONSTRAINT buildings_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  geom_3857 geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED
);
CREATE INDEX buildings_geom_gist ON layer_buildings USING gist (geom);
CREATE INDEX buildings_geom_3857_gist ON layer_buildings USING gist (geom_3857);
CREATE INDEX buildings_organisation_idx ON layer_buildings (organisation_id);
CREATE UNIQUE INDEX buildings_external_id_uq ON layer_buildings (organisation_id, external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER buildings_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON layer_buildings FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version('buildings');
INSERT INTO layer_state (layer) VALUES ('buildings');
CREATE TABLE layer_roads (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisation(id),
  version integer NOT NULL DEFAULT 1,
  external_id text,
  sample boolean NOT NULL DEFAULT false,
  extra jsonb NOT NULL DEFAULT '{}'::jsonb,
  "class" text NOT NULL,
  "name" text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  geom geometry(LineString, 4326) NOT NULL CONSTRAINT roads_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  geom_3857 geometry(LineString, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED
);
CREATE INDEX roads_geom_gist ON layer_roads USING gist (geom);
CREATE INDEX roads_geom_3857_gist ON layer_roads USING gist (geom_3857);
CREATE INDEX roads_organisation_idx ON layer_roads (organisation_id);
CREATE UNIQUE INDEX roads_external_id_uq ON layer_roads (organisation_id, external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER roads_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON layer_roads FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version('roads');
INSERT INTO layer_state (layer) VALUES ('roads');
CREATE TABLE layer_facilities (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisation(id),
  version integer NOT NULL DEFAULT 1,
  external_id text,
  sample boolean NOT NULL DEFAULT false,
  extra jsonb NOT NULL DEFAULT '{}'::jsonb,
  "kind" text NOT NULL CHECK (kind IN ('school','koban','refuge','shelter','station','convenience')),
  "name" text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  geom geometry(Point, 4326) NOT NULL CONSTRAINT facilities_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  geom_3857 geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED
);
CREATE INDEX facilities_geom_gist ON layer_facilities USING gist (geom);
CREATE INDEX facilities_geom_3857_gist ON layer_facilities USING gist (geom_3857);
CREATE INDEX facilities_organisation_idx ON layer_facilities (organisation_id);
CREATE UNIQUE INDEX facilities_external_id_uq ON layer_facilities (organisation_id, external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER facilities_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON layer_facilities FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version('facilities');
INSERT INTO layer_state (layer) VALUES ('facilities');
CREATE TABLE layer_blocks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisation(id),
  version integer NOT NULL DEFAULT 1,
  external_id text,
  sample boolean NOT NULL DEFAULT false,
  extra jsonb NOT NULL DEFAULT '{}'::jsonb,
  "code" text NOT NULL,
  "name" text NOT NULL,
  "population" integer CHECK (population >= 0),
  "households" integer CHECK (households >= 0),
  "crimes" jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  geom geometry(MultiPolygon, 4326) NOT NULL CONSTRAINT blocks_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  geom_3857 geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED
);
CREATE INDEX blocks_geom_gist ON layer_blocks USING gist (geom);
CREATE INDEX blocks_geom_3857_gist ON layer_blocks USING gist (geom_3857);
CREATE INDEX blocks_organisation_idx ON layer_blocks (organisation_id);
CREATE UNIQUE INDEX blocks_external_id_uq ON layer_blocks (organisation_id, external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER blocks_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON layer_blocks FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version('blocks');
INSERT INTO layer_state (layer) VALUES ('blocks');
CREATE TABLE layer_areas (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisation(id),
  version integer NOT NULL DEFAULT 1,
  external_id text,
  sample boolean NOT NULL DEFAULT false,
  extra jsonb NOT NULL DEFAULT '{}'::jsonb,
  "kind" text NOT NULL CHECK (kind IN ('police-station','city','ward','other')),
  "name" text NOT NULL,
  "code" text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  geom geometry(MultiPolygon, 4326) NOT NULL CONSTRAINT areas_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  geom_3857 geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED
);
CREATE INDEX areas_geom_gist ON layer_areas USING gist (geom);
CREATE INDEX areas_geom_3857_gist ON layer_areas USING gist (geom_3857);
CREATE INDEX areas_organisation_idx ON layer_areas (organisation_id);
CREATE UNIQUE INDEX areas_external_id_uq ON layer_areas (organisation_id, external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER areas_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON layer_areas FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version('areas');
INSERT INTO layer_state (layer) VALUES ('areas');

CREATE TABLE analysis_run (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type text NOT NULL,
  params jsonb NOT NULL,
  fingerprint text NOT NULL,
  input_versions jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  progress real NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  summary jsonb,
  error text,
  attempts integer NOT NULL DEFAULT 0,
  organisation_id uuid REFERENCES organisation(id),
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX analysis_run_fingerprint_idx ON analysis_run (fingerprint, status);
CREATE INDEX analysis_run_status_idx ON analysis_run (status);

CREATE TABLE analysis_feature (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id uuid NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  kind text NOT NULL,
  properties jsonb NOT NULL DEFAULT '{}'::jsonb,
  geom geometry(Geometry, 4326),
  geom_3857 geometry(Geometry, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED
);
CREATE INDEX analysis_feature_run_idx ON analysis_feature (run_id, kind);
CREATE INDEX analysis_feature_geom_3857_gist ON analysis_feature USING gist (geom_3857);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id uuid REFERENCES app_user(id),
  organisation_id uuid REFERENCES organisation(id),
  action text NOT NULL,
  layer text,
  feature_id bigint,
  before jsonb,
  after jsonb,
  details jsonb
);
CREATE INDEX audit_log_feature_idx ON audit_log (layer, feature_id);
`;

const TABLES = [
  'audit_log', 'analysis_feature', 'analysis_run',
  'layer_areas', 'layer_blocks', 'layer_facilities', 'layer_roads', 'layer_buildings',
  'layer_beats', 'layer_patrol_tracks', 'layer_school_routes', 'layer_streetlights', 'layer_cameras',
  'layer_state', 'app_user', 'organisation',
];

export class Initial1763800000000 implements MigrationInterface {
  name = 'Initial1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(TABLES.map((t) => `DROP TABLE IF EXISTS ${t} CASCADE;`).join('\n'));
    await queryRunner.query('DROP FUNCTION IF EXISTS bump_layer_version();');
  }
}
