import { Injectable } from '@nestjs/common';
import { liveRows, tableOf, type LayerDefinition, type LayerId, type Sensitivity } from '@mimamori/db';
import type { EntityManager } from 'typeorm';
import {
  assignments,
  insertColumns,
  Params,
  rowColumns,
  toStoredRow,
  valuesTuple,
  type StoredRow,
} from './feature-sql';
import type { ValidFeature } from './feature-validator';
import type { Feature } from './geojson-types';
import { RequestDb } from '../core/request-db';

export interface AuditEntry {
  userId: string | null;
  organisationId: string | null;
  action: 'create' | 'update' | 'delete' | 'restore' | 'import';
  layer: LayerId;
  featureId: string | null;
  before: Feature | null;
  after: Feature | null;
  details?: Record<string, unknown>;
}

/** Every write of the layers API; each runs inside the caller's transaction with its audit row. */
@Injectable()
export class FeatureWriteRepository {
  constructor(private readonly db: RequestDb) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insertOne(em: EntityManager, layer: LayerDefinition, feature: ValidFeature, organisationId: string, clearance: Sensitivity): Promise<StoredRow> {
    const params = new Params();
    const rows = await em.query(
      `INSERT INTO ${tableOf(layer)} AS t (${insertColumns(layer)}) VALUES ${valuesTuple(layer, params, feature, organisationId)}
       RETURNING ${rowColumns(layer, 't', clearance)}`,
      params.values,
    );
    return toStoredRow(layer, rows[0]);
  }

  /** The guarded write: only the version the client read is updated, so no change is lost. */
  async update(
    em: EntityManager,
    layer: LayerDefinition,
    id: string,
    expectedVersion: number,
    feature: ValidFeature,
    clearance: Sensitivity,
  ): Promise<StoredRow | null> {
    const params = new Params();
    const idParam = params.add(id, 'bigint');
    const versionParam = params.add(expectedVersion, 'int4');
    const rows = await em.query(
      `WITH changed AS (
         UPDATE ${tableOf(layer)} AS t SET ${assignments(layer, params, feature)}, version = t.version + 1, updated_at = now()
          WHERE t.id = ${idParam} AND t.version = ${versionParam} AND ${liveRows('t')}
         RETURNING ${rowColumns(layer, 't', clearance)})
       SELECT * FROM changed`,
      params.values,
    );
    return rows.length === 0 ? null : toStoredRow(layer, rows[0]);
  }

  async softDelete(em: EntityManager, layer: LayerDefinition, id: string, expectedVersion: number): Promise<boolean> {
    const rows = await em.query(
      `WITH gone AS (
         UPDATE ${tableOf(layer)} AS t SET deleted_at = now(), updated_at = now(), version = t.version + 1
          WHERE t.id = $1 AND t.version = $2 AND ${liveRows('t')} RETURNING t.id)
       SELECT id FROM gone`,
      [id, expectedVersion],
    );
    return rows.length === 1;
  }

  /** Un-deletes a soft-deleted row, bumping its version; null when it is not deleted. */
  async restore(em: EntityManager, layer: LayerDefinition, id: string, clearance: Sensitivity): Promise<StoredRow | null> {
    const rows = await em.query(
      `WITH back AS (
         UPDATE ${tableOf(layer)} AS t SET deleted_at = NULL, updated_at = now(), version = t.version + 1
          WHERE t.id = $1 AND t.deleted_at IS NOT NULL
         RETURNING ${rowColumns(layer, 't', clearance)})
       SELECT * FROM back`,
      [id],
    );
    return rows.length === 0 ? null : toStoredRow(layer, rows[0]);
  }

  async audit(em: EntityManager, entry: AuditEntry): Promise<void> {
    await em.query(
      `INSERT INTO audit_log (user_id, organisation_id, action, layer, feature_id, before, after, details)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb)`,
      [
        entry.userId,
        entry.organisationId,
        entry.action,
        entry.layer,
        entry.featureId,
        entry.before === null ? null : JSON.stringify(entry.before),
        entry.after === null ? null : JSON.stringify(entry.after),
        entry.details === undefined ? null : JSON.stringify(entry.details),
      ],
    );
  }
}
