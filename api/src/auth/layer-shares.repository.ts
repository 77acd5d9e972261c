import { Injectable } from '@nestjs/common';
import { RequestDb } from '../core/request-db';

export interface LayerShare {
  layer: string;
  fromOrganisationId: string;
  toOrganisationId: string;
  createdAt: string;
}

/** The layer_share table: which organisation lets which other one read its rows of a layer. */
@Injectable()
export class LayerSharesRepository {
  constructor(private readonly db: RequestDb) {}

  /** Layer id → the organisations sharing it with `organisationId`. */
  async incoming(organisationId: string): Promise<Record<string, string[]>> {
    const rows: { layer: string; orgs: string[] }[] = await this.db.query(
      `SELECT layer, array_agg(from_org::text ORDER BY from_org) AS orgs FROM layer_share WHERE to_org = $1 GROUP BY layer`,
      [organisationId],
    );
    return Object.fromEntries(rows.map((r) => [r.layer, r.orgs]));
  }

  list(layer: string): Promise<LayerShare[]> {
    return this.db.query(
      `SELECT layer, from_org AS "fromOrganisationId", to_org AS "toOrganisationId", to_json(created_at) #>> '{}' AS "createdAt"
         FROM layer_share WHERE layer = $1 ORDER BY created_at, from_org, to_org`,
      [layer],
    );
  }

  async missingOrganisations(ids: readonly string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT u.id FROM unnest($1::uuid[]) AS u(id) WHERE NOT EXISTS (SELECT 1 FROM organisation o WHERE o.id = u.id)`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  /** Idempotent: sharing twice keeps the first row. */
  async add(layer: string, from: string, to: string, userId: string | null): Promise<void> {
    await this.db.query(
      `INSERT INTO layer_share (layer, from_org, to_org, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [layer, from, to, userId],
    );
  }

  async remove(layer: string, from: string, to: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH gone AS (DELETE FROM layer_share WHERE layer = $1 AND from_org = $2 AND to_org = $3 RETURNING 1) SELECT * FROM gone`,
      [layer, from, to],
    );
    return rows.length === 1;
  }
}
