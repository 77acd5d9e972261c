import { Injectable } from '@nestjs/common';
import { RequestDb } from '../core/request-db';

export interface AuditFilter {
  layer?: string;
  featureId?: string;
  /** Only entries with a smaller id (keyset paging, newest first). */
  beforeId?: string;
  limit: number;
}

export interface AuditRecord {
  id: string;
  at: string;
  action: string;
  layer: string | null;
  featureId: string | null;
  username: string | null;
  organisationId: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
}

/** Reads of the append-only audit log (rows are written beside each change, in its transaction). */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: RequestDb) {}

  find(filter: AuditFilter): Promise<AuditRecord[]> {
    return this.db.query(
      `SELECT a.id::text AS id, to_json(a.at) #>> '{}' AS at, a.action, a.layer, a.feature_id::text AS "featureId",
              u.username, a.organisation_id AS "organisationId", a.before, a.after, a.details
         FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id
        WHERE ($1::text IS NULL OR a.layer = $1) AND ($2::bigint IS NULL OR a.feature_id = $2)
          AND ($3::bigint IS NULL OR a.id < $3)
        ORDER BY a.id DESC
        LIMIT $4`,
      [filter.layer ?? null, filter.featureId ?? null, filter.beforeId ?? null, filter.limit],
    );
  }
}
