import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CountermeasureChange, CountermeasureFilter, CountermeasureOwner, CountermeasureStatus } from './countermeasure-rules';
import { RequestDb } from '../core/request-db';

export interface CountermeasureRow {
  id: number;
  organisationId: string;
  runId: string | null;
  routeId: number;
  rule: string;
  finding: Record<string, unknown>;
  before: Record<string, unknown>;
  owner: CountermeasureOwner;
  status: CountermeasureStatus;
  note: string | null;
  dueOn: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  location: object | null;
}

export interface RunInfo {
  id: string;
  type: string;
  status: string;
}

export interface ResultFeatureRow {
  id: number;
  index: number;
  kind: string;
  properties: Record<string, unknown>;
}

export interface NewRow {
  organisationId: string;
  featureId: number;
  before: Record<string, unknown>;
  owner: CountermeasureOwner;
  note: string | null;
  dueOn: string | null;
  createdBy: string | null;
}

const COLUMNS = `c.id::float8 AS id, c.organisation_id AS "organisationId", c.run_id AS "runId", c.route_id::float8 AS "routeId", c.rule,
  c.finding, c.before, c.owner, c.status, c.note, to_char(c.due_on, 'YYYY-MM-DD') AS "dueOn", c.created_by AS "createdBy",
  c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.version, ST_AsGeoJSON(c.location, 7)::jsonb AS location`;

/** Every statement on the countermeasure register (and the run features it snapshots). */
@Injectable()
export class CountermeasuresRepository {
  constructor(private readonly db: RequestDb) {}

  async run(id: string): Promise<RunInfo | null> {
    const rows: RunInfo[] = await this.db.query(`SELECT id, type, status FROM analysis_run WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findingById(runId: string, findingId: string): Promise<ResultFeatureRow | null> {
    const rows: ResultFeatureRow[] = await this.db.query(
      `SELECT f.id::float8 AS id, -1 AS index, f.kind, f.properties FROM analysis_feature f
        WHERE f.run_id = $1 AND f.kind = 'finding' AND f.properties->>'findingId' = $2 ORDER BY f.id LIMIT 1`,
      [runId, findingId],
    );
    return rows[0] ?? null;
  }

  /** The feature at a 0-based position in the order GET /api/analyses/{id}/features lists them. */
  async featureAt(runId: string, index: number): Promise<ResultFeatureRow | null> {
    const rows: ResultFeatureRow[] = await this.db.query(
      `SELECT f.id::float8 AS id, $2::int AS index, f.kind, f.properties FROM analysis_feature f WHERE f.run_id = $1 ORDER BY f.id OFFSET $2 LIMIT 1`,
      [runId, index],
    );
    return rows[0] ?? null;
  }

  /** The run's `route` feature of a route (its figures are the countermeasure's "before"). */
  async routeFigures(runId: string, routeId: number): Promise<Record<string, unknown> | null> {
    const rows: { properties: Record<string, unknown> }[] = await this.db.query(
      `SELECT f.properties FROM analysis_feature f WHERE f.run_id = $1 AND f.kind = 'route' AND (f.properties->>'routeId')::float8 = $2 LIMIT 1`,
      [runId, routeId],
    );
    return rows[0]?.properties ?? null;
  }

  /** Creates the item from a finding feature: its properties and geometry are copied as they are now. */
  async create(row: NewRow, audit: { userId: string | null }): Promise<CountermeasureRow> {
    return this.db.transaction(async (tx) => {
      const created: CountermeasureRow[] = await tx.query(
        `WITH c AS (
           INSERT INTO countermeasure (organisation_id, run_id, finding, before, route_id, rule, location, owner, note, due_on, created_by)
           SELECT $1, f.run_id, f.properties, $2::jsonb, (f.properties->>'routeId')::bigint, f.properties->>'rule', f.geom, $3, $4, $5::date, $6
             FROM analysis_feature f WHERE f.id = $7
           RETURNING *)
         SELECT ${COLUMNS} FROM c`,
        [row.organisationId, JSON.stringify(row.before), row.owner, row.note, row.dueOn, row.createdBy, row.featureId],
      );
      await this.log(tx, 'countermeasure.create', created[0], null, audit.userId);
      return created[0];
    });
  }

  async find(id: number): Promise<CountermeasureRow | null> {
    const rows: CountermeasureRow[] = await this.db.query(`SELECT ${COLUMNS} FROM countermeasure c WHERE c.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async list(filter: CountermeasureFilter): Promise<CountermeasureRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM countermeasure c
        WHERE ($1::bigint IS NULL OR c.route_id = $1) AND ($2::text IS NULL OR c.status = $2) AND ($3::uuid IS NULL OR c.run_id = $3)
        ORDER BY c.route_id, c.id`,
      [filter.routeId ?? null, filter.status ?? null, filter.runId ?? null],
    );
  }

  /** Applies the change if the item is still at `version`; null when it is not (or is gone). */
  async update(id: number, version: number, change: CountermeasureChange, audit: { userId: string | null }): Promise<CountermeasureRow | null> {
    return this.db.transaction(async (tx) => {
      const before: CountermeasureRow[] = await tx.query(`SELECT ${COLUMNS} FROM countermeasure c WHERE c.id = $1 AND c.version = $2 FOR UPDATE`, [id, version]);
      if (!before[0]) return null;
      const rows: CountermeasureRow[] = await tx.query(
        `WITH c AS (
           UPDATE countermeasure SET
             status = CASE WHEN $3 THEN $4 ELSE status END,
             owner = CASE WHEN $5 THEN $6 ELSE owner END,
             note = CASE WHEN $7 THEN $8 ELSE note END,
             due_on = CASE WHEN $9 THEN $10::date ELSE due_on END,
             version = version + 1, updated_at = now()
            WHERE id = $1 AND version = $2
           RETURNING *)
         SELECT ${COLUMNS} FROM c`,
        [
          id,
          version,
          change.status !== undefined,
          change.status ?? null,
          change.owner !== undefined,
          change.owner ?? null,
          change.note !== undefined,
          change.note ?? null,
          change.dueOn !== undefined,
          change.dueOn ?? null,
        ],
      );
      const updated = rows[0];
      await this.log(tx, 'countermeasure.update', updated, before[0], audit.userId);
      return updated;
    });
  }

  private async log(tx: EntityManager, action: string, after: CountermeasureRow, before: CountermeasureRow | null, userId: string | null): Promise<void> {
    const pick = (r: CountermeasureRow | null) => r && { status: r.status, owner: r.owner, note: r.note, dueOn: r.dueOn, version: r.version };
    await tx.query(
      `INSERT INTO audit_log (user_id, organisation_id, action, layer, feature_id, before, after) VALUES ($1, $2, $3, 'countermeasures', $4, $5::jsonb, $6::jsonb)`,
      [userId, after.organisationId, action, after.id, before ? JSON.stringify(pick(before)) : null, JSON.stringify(pick(after))],
    );
  }
}
