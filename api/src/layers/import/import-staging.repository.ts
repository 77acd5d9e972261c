import { Injectable } from '@nestjs/common';
import { featureJson, quoteIdent, tableOf, type LayerDefinition } from '@mimamori/db';
import type { PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import { CAST } from '../feature-sql';

const STAGING = 'pg_temp.import_staging';
const BAD = 'pg_temp.import_bad';

/** A COPY into the staging table in progress: `write` waits while PostgreSQL is behind. */
export interface StagingCopy {
  write(text: string): Promise<void>;
  end(): Promise<number>;
  /** Cancels an unfinished COPY (CopyFail), so that the connection can roll back. */
  abort(): Promise<void>;
}

export interface GeometryProblems {
  count: number;
  /** `place` is where the row is in the file, when the reader says ("way 123 (line 456)"). */
  first: { row: number; place: string | null; reason: string }[];
}

/**
 * The bulk path of an import, all on the connection of the caller's transaction: a temporary
 * staging table filled by COPY, the geometry check of every staged row in SQL, and one
 * INSERT … SELECT (or upsert on the external id) into the layer table. The staging tables are
 * dropped at commit or rollback.
 */
@Injectable()
export class ImportStagingRepository {
  /** Creates the staging table and starts the COPY into it; columns as `stagedColumns`. */
  async open(em: EntityManager, layer: LayerDefinition): Promise<StagingCopy> {
    const properties = layer.properties.map((p) => `${quoteIdent(p.name)} ${CAST[p.type]}`);
    await em.query(
      `CREATE TEMP TABLE import_staging (rn int NOT NULL, external_id text, extra jsonb NOT NULL, ${properties.join(', ')},
         place text, geojson text NOT NULL, measures float8[]) ON COMMIT DROP`,
    );
    const client = await connectionOf(em);
    const stream = client.query(copyFrom(`COPY ${STAGING} (${stagedColumns(layer).join(', ')}) FROM STDIN`));
    return copyWriter(stream);
  }

  /**
   * Rows whose geometry PostGIS cannot read or finds invalid (self-intersections…), kept in a
   * second temporary table; returns how many and the first `limit` by row.
   */
  async geometryProblems(em: EntityManager, limit: number): Promise<GeometryProblems> {
    await em.query(`CREATE TEMP TABLE import_bad (rn int PRIMARY KEY, reason text NOT NULL) ON COMMIT DROP`);
    await em.query('SAVEPOINT import_geometry_check');
    try {
      await em.query(
        `INSERT INTO ${BAD} SELECT s.rn, ST_IsValidReason(x.g) FROM ${STAGING} s
           CROSS JOIN LATERAL (SELECT ST_GeomFromGeoJSON(s.geojson) AS g) x WHERE NOT ST_IsValid(x.g)`,
      );
      await em.query('RELEASE SAVEPOINT import_geometry_check');
    } catch {
      // One geometry PostGIS cannot even read fails the statement: judge each row on its own.
      await em.query('ROLLBACK TO SAVEPOINT import_geometry_check');
      await em.query(
        `CREATE OR REPLACE FUNCTION pg_temp.import_geometry_problem(json text) RETURNS text LANGUAGE plpgsql AS $$
         DECLARE g geometry;
         BEGIN
           g := ST_GeomFromGeoJSON(json);
           RETURN CASE WHEN ST_IsValid(g) THEN NULL ELSE ST_IsValidReason(g) END;
         EXCEPTION WHEN others THEN RETURN SQLERRM;
         END $$`,
      );
      await em.query(
        `INSERT INTO ${BAD} SELECT s.rn, p.reason FROM ${STAGING} s
           CROSS JOIN LATERAL (SELECT pg_temp.import_geometry_problem(s.geojson) AS reason) p WHERE p.reason IS NOT NULL`,
      );
    }
    const [{ count }]: { count: number }[] = await em.query(`SELECT count(*)::int AS count FROM ${BAD}`);
    const first: GeometryProblems['first'] =
      count === 0 ? [] : await em.query(`SELECT b.rn AS row, s.place, b.reason FROM ${BAD} b JOIN ${STAGING} s USING (rn) ORDER BY b.rn LIMIT $1`, [limit]);
    return { count, first };
  }

  /** The staged rows with a sound geometry, in file order, as new features; returns how many. */
  async insertStaged(em: EntityManager, layer: LayerDefinition, organisationId: string): Promise<number> {
    const [{ count }]: { count: number }[] = await em.query(
      `WITH ins AS (
         INSERT INTO ${tableOf(layer)} (${writtenColumns(layer).join(', ')})
         SELECT ${stagedValues(layer, '$1::uuid').join(', ')} FROM ${STAGING} s
          WHERE NOT EXISTS (SELECT 1 FROM ${BAD} b WHERE b.rn = s.rn) ORDER BY s.rn
         RETURNING 1)
       SELECT count(*)::int AS count FROM ins`,
      [organisationId],
    );
    return count;
  }

  /**
   * Like `insertStaged`, but a row whose external id the organisation already has replaces that
   * feature (version + 1, revived if deleted) with an `update` audit row holding before and after.
   */
  async upsertStaged(em: EntityManager, layer: LayerDefinition, organisationId: string, userId: string | null): Promise<{ inserted: number; updated: number }> {
    const written = writtenColumns(layer).filter((c) => c !== 'organisation_id');
    const [result]: { inserted: number; updated: number }[] = await em.query(
      `WITH before AS (
         SELECT t.id, ${featureJson(layer, 't', 'police')} AS feature FROM ${tableOf(layer)} t
          WHERE t.organisation_id = $1::uuid AND t.external_id IN (SELECT external_id FROM ${STAGING})
       ), up AS (
         INSERT INTO ${tableOf(layer)} AS t (external_id, ${writtenColumns(layer).join(', ')})
         SELECT s.external_id, ${stagedValues(layer, '$1::uuid').join(', ')} FROM ${STAGING} s
          WHERE NOT EXISTS (SELECT 1 FROM ${BAD} b WHERE b.rn = s.rn) ORDER BY s.rn
         ON CONFLICT (organisation_id, external_id) WHERE external_id IS NOT NULL
         DO UPDATE SET ${written.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, version = t.version + 1, updated_at = now(), deleted_at = NULL, sample = false
         RETURNING t.id, (t.xmax = 0) AS inserted, ${featureJson(layer, 't', 'police')} AS after
       ), audit AS (
         INSERT INTO audit_log (user_id, organisation_id, action, layer, feature_id, before, after, details)
         SELECT $2::uuid, $1::uuid, 'update', $3::text, up.id, b.feature, up.after, '{"via": "import"}'::jsonb
           FROM up JOIN before b ON b.id = up.id WHERE NOT up.inserted
         RETURNING 1
       )
       SELECT (count(*) FILTER (WHERE up.inserted))::int AS inserted, (count(*) FILTER (WHERE NOT up.inserted))::int AS updated,
              (SELECT count(*) FROM audit)::int AS audited
         FROM up`,
      [organisationId, userId, layer.id],
    );
    return { inserted: result.inserted, updated: result.updated };
  }
}

/** The staging columns in the order a COPY line gives them. */
export function stagedColumns(layer: LayerDefinition): string[] {
  return ['rn', 'external_id', 'extra', ...layer.properties.map((p) => quoteIdent(p.name)), 'place', 'geojson', 'measures'];
}

function writtenColumns(layer: LayerDefinition): string[] {
  return ['organisation_id', 'extra', ...layer.properties.map((p) => quoteIdent(p.name)), 'geom'];
}

function stagedValues(layer: LayerDefinition, organisation: string): string[] {
  return [organisation, 's.extra', ...layer.properties.map((p) => `s.${quoteIdent(p.name)}`), stagedGeometry(layer)];
}

/** The staged GeoJSON as the table stores it: 2D, Multi for Multi layers, per-vertex M for tracks. */
function stagedGeometry(layer: LayerDefinition): string {
  const flat = 'ST_Force2D(ST_GeomFromGeoJSON(s.geojson))';
  switch (layer.geometry) {
    case 'MultiPolygon':
    case 'MultiLineString':
      return `ST_Multi(${flat})`;
    case 'LineStringM':
      return `(SELECT ST_SetSRID(ST_MakeLine(ST_MakePointM(ST_X(dp.geom), ST_Y(dp.geom), m.m) ORDER BY dp.path[1]), 4326)
                 FROM ST_DumpPoints(${flat}) dp JOIN unnest(s.measures) WITH ORDINALITY AS m(m, i) ON m.i = dp.path[1])`;
    case 'Point':
    case 'LineString':
      return flat;
  }
}

/** The pg client under a transaction's EntityManager (COPY is not part of TypeORM's API). */
async function connectionOf(em: EntityManager): Promise<PoolClient> {
  if (!em.queryRunner) throw new Error('a COPY needs the EntityManager of a transaction');
  return (await em.queryRunner.connect()) as PoolClient;
}

function copyWriter(stream: CopyStreamQuery): StagingCopy {
  let failure: Error | null = null;
  let ended = false;
  stream.on('error', (err: Error) => (failure ??= err));
  const check = () => {
    if (failure) throw failure;
  };
  return {
    async write(text) {
      check();
      if (stream.write(text)) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off('drain', done);
          stream.off('error', done);
          resolve();
        };
        stream.on('drain', done);
        stream.on('error', done);
      });
      check();
    },
    async end() {
      check();
      ended = true;
      await new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => resolve());
      });
      check();
      return stream.rowCount;
    },
    async abort() {
      if (ended || stream.destroyed) return;
      ended = true;
      await new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        stream.destroy(new Error('the import was abandoned'));
      });
    },
  };
}
