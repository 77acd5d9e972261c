import { HttpStatus, Injectable } from '@nestjs/common';
import { visibleProperties, type LayerDefinition, type Sensitivity } from '@mimamori/db';
import type { Principal } from '../auth/auth.types';
import { AppError } from '../common/app-error';
import type { StoredRow } from './feature-sql';
import { validateFeaturePatch, validateNewFeature, type ValidFeature } from './feature-validator';
import { FeatureWriteRepository } from './feature-write.repository';
import type { Feature, FeatureCollection } from './geojson-types';
import { LayerAccessService } from './layer-access.service';
import { asClientError, featureNotFound, invalidGeometry, validOrThrow, versionConflict } from './layer-write-errors';
import { LayersRepository, type LayerStats } from './layers.repository';
import { parseFeatureId, type ListQuery } from './request-params';

export interface PropertySummary {
  name: string;
  type: string;
  required: boolean;
  min: number | null;
  max: number | null;
  exclusiveMin: boolean;
  maxLength: number | null;
  values: readonly string[] | null;
  description: string;
}

export interface LayerSummary {
  id: string;
  title: { ja: string; en: string };
  geometryType: string;
  accepts: readonly string[];
  sensitivity: Sensitivity;
  count: number;
  extent: [number, number, number, number] | null;
  version: number;
  properties: PropertySummary[];
}

export interface VersionedFeature {
  feature: Feature;
  version: number;
}

@Injectable()
export class LayersService {
  constructor(
    private readonly access: LayerAccessService,
    private readonly repo: LayersRepository,
    private readonly writes: FeatureWriteRepository,
  ) {}

  async catalogue(principal: Principal): Promise<LayerSummary[]> {
    const readable = this.access.readableLayers(principal);
    const stats = await this.repo.stats(readable.map((a) => a.layer));
    return readable.map(({ layer, clearance }) => summarise(layer, clearance, stats.get(layer.id)));
  }

  async list(layerId: string, query: ListQuery, principal: Principal): Promise<FeatureCollection> {
    const { layer, clearance } = this.access.readable(layerId, principal);
    const { features, matched } = await this.repo.listFeatures(layer, clearance, query);
    return { type: 'FeatureCollection', features, numberMatched: matched, numberReturned: features.length };
  }

  async get(layerId: string, rawId: string, principal: Principal): Promise<VersionedFeature> {
    const { layer, clearance } = this.access.readable(layerId, principal);
    const id = parseFeatureId(rawId);
    const row = id === null ? null : await this.repo.findFeature(layer, id, clearance);
    if (!row) throw featureNotFound(layer.id, rawId);
    return { feature: row.feature, version: row.version };
  }

  async create(layerId: string, body: unknown, principal: Principal): Promise<VersionedFeature> {
    const { layer, clearance } = this.access.writable(layerId, principal);
    const organisationId = this.access.owningOrganisation(principal);
    const valid = validOrThrow(validateNewFeature({ layer, clearance }, body));
    await this.assertValidGeometry(valid);
    const row = await this.write(() =>
      this.writes.transaction(async (em) => {
        const created = await this.writes.insertOne(em, layer, valid, organisationId, clearance);
        await this.writes.audit(em, {
          userId: principal.userId,
          organisationId,
          action: 'create',
          layer: layer.id,
          featureId: created.id,
          before: null,
          after: created.full,
        });
        return created;
      }),
    );
    return { feature: row.feature, version: row.version };
  }

  async update(layerId: string, rawId: string, expectedVersion: number, body: unknown, principal: Principal): Promise<VersionedFeature> {
    const { layer, clearance } = this.access.writable(layerId, principal);
    const stored = await this.loadForChange(layer, rawId, expectedVersion, principal);
    const valid = validOrThrow(validateFeaturePatch({ layer, clearance }, stored.full, body));
    if (body !== null && typeof body === 'object' && 'geometry' in body) await this.assertValidGeometry(valid);
    const row = await this.write(() =>
      this.writes.transaction(async (em) => {
        const changed = await this.writes.update(em, layer, stored.id, expectedVersion, valid, clearance);
        if (!changed) throw versionConflict(stored.id, expectedVersion, null);
        await this.writes.audit(em, {
          userId: principal.userId,
          organisationId: principal.organisationId,
          action: 'update',
          layer: layer.id,
          featureId: stored.id,
          before: stored.full,
          after: changed.full,
        });
        return changed;
      }),
    );
    return { feature: row.feature, version: row.version };
  }

  async remove(layerId: string, rawId: string, expectedVersion: number, principal: Principal): Promise<void> {
    const { layer } = this.access.writable(layerId, principal);
    const stored = await this.loadForChange(layer, rawId, expectedVersion, principal);
    await this.writes.transaction(async (em) => {
      const deleted = await this.writes.softDelete(em, layer, stored.id, expectedVersion);
      if (!deleted) throw versionConflict(stored.id, expectedVersion, null);
      await this.writes.audit(em, {
        userId: principal.userId,
        organisationId: principal.organisationId,
        action: 'delete',
        layer: layer.id,
        featureId: stored.id,
        before: stored.full,
        after: null,
      });
    });
  }

  /** Brings a soft-deleted feature back (admins only, checked by the controller). */
  async restore(layerId: string, rawId: string, principal: Principal): Promise<VersionedFeature> {
    const { layer, clearance } = this.access.writable(layerId, principal);
    const id = parseFeatureId(rawId);
    const row = await this.writes.transaction(async (em) => {
      const restored = id === null ? null : await this.writes.restore(em, layer, id, clearance);
      if (!restored) throw await this.notRestorable(layer, id, rawId);
      await this.writes.audit(em, {
        userId: principal.userId,
        organisationId: principal.organisationId,
        action: 'restore',
        layer: layer.id,
        featureId: restored.id,
        before: null,
        after: restored.full,
      });
      return restored;
    });
    return { feature: row.feature, version: row.version };
  }

  private async notRestorable(layer: LayerDefinition, id: string | null, rawId: string): Promise<Error> {
    const live = id === null ? null : await this.repo.findFeature(layer, id, 'police');
    return live ? featureNotDeleted(layer.id, live.id) : featureNotFound(layer.id, rawId);
  }

  /** The live feature at the version the client read, if the principal may change it. */
  private async loadForChange(layer: LayerDefinition, rawId: string, expectedVersion: number, principal: Principal): Promise<StoredRow> {
    const id = parseFeatureId(rawId);
    const stored = id === null ? null : await this.repo.findFeature(layer, id, 'police');
    if (!stored) throw featureNotFound(layer.id, rawId);
    this.access.assertMayModify(principal, stored.organisationId, `feature ${stored.id} of ${layer.id}`);
    if (stored.version !== expectedVersion) throw versionConflict(stored.id, expectedVersion, stored.version);
    return stored;
  }

  private async assertValidGeometry(feature: ValidFeature): Promise<void> {
    const reasons = await this.repo.invalidGeometries([JSON.stringify(feature.geometry)]);
    const reason = reasons.get(0);
    if (reason !== undefined) throw invalidGeometry(reason);
  }

  private async write<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw asClientError(err);
    }
  }
}

function featureNotDeleted(layerId: string, id: string): AppError {
  return new AppError(HttpStatus.CONFLICT, 'FEATURE_NOT_DELETED', `feature ${id} of ${layerId} is not deleted; there is nothing to restore`, { field: 'id' });
}

function summarise(layer: LayerDefinition, clearance: Sensitivity, stats: LayerStats | undefined): LayerSummary {
  return {
    id: layer.id,
    title: { ja: layer.title.ja, en: layer.title.en },
    geometryType: layer.geometry,
    accepts: layer.accepts,
    sensitivity: layer.sensitivity,
    count: stats?.count ?? 0,
    extent: stats?.extent ?? null,
    version: stats?.version ?? 1,
    properties: visibleProperties(layer, clearance).map((p) => ({
      name: p.name,
      type: p.type,
      required: p.required ?? false,
      min: p.min ?? null,
      max: p.max ?? null,
      exclusiveMin: p.exclusiveMin ?? false,
      maxLength: p.maxLength ?? null,
      values: p.values ?? null,
      description: p.description,
    })),
  };
}
