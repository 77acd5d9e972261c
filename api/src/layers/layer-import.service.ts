import { Injectable } from '@nestjs/common';
import type { LayerDefinition, Sensitivity } from '@mimamori/db';
import { AppError, type ErrorCode } from '../common/app-error';
import type { Principal } from '../auth/auth.types';
import { validateNewFeature, type ValidFeature } from './feature-validator';
import { decodeUtf8, readGeoJsonFeatures, resolveImportFormat, type SourceFeature } from './geojson-reader';
import { LayerAccessService } from './layer-access.service';
import { asClientError } from './layer-write-errors';
import { paramsPerRow } from './feature-sql';
import { FeatureWriteRepository } from './feature-write.repository';
import { LayersRepository } from './layers.repository';
import type { ImportMode } from './request-params';

/** The part of a multer file the import reads. */
export interface UploadedFileLike {
  originalname: string;
  buffer: Buffer;
}

export interface RejectedRow {
  row: number;
  reason: string;
  code: ErrorCode;
  field: string;
}

export interface ImportResult {
  imported: number;
  rejected: RejectedRow[];
}

interface AcceptedRow {
  row: number;
  feature: ValidFeature;
}

/** Geometries checked by PostGIS per statement. */
const VALIDITY_CHUNK = 5000;
/** PostgreSQL binds at most 65 535 parameters per statement. */
const MAX_PARAMS = 60000;
const MAX_BATCH_ROWS = 1000;

@Injectable()
export class LayerImportService {
  constructor(
    private readonly access: LayerAccessService,
    private readonly repo: LayersRepository,
    private readonly writes: FeatureWriteRepository,
  ) {}

  async import(
    layerId: string,
    file: UploadedFileLike | undefined,
    options: { format?: string; mode: ImportMode },
    principal: Principal,
  ): Promise<ImportResult> {
    const { layer, clearance } = this.access.readable(layerId, principal);
    const organisationId = this.access.owningOrganisation(principal);
    if (!file) throw AppError.badRequest('BAD_REQUEST', 'send the file as the multipart/form-data field "file"', { field: 'file' });
    const text = decodeUtf8(file.buffer);
    const format = resolveImportFormat(options.format, file.originalname, text);
    const sources = readGeoJsonFeatures(text, format);
    const { accepted, rejected } = await this.check(layer, clearance, sources);
    if (options.mode === 'strict' && rejected.length > 0) {
      const first = rejected[0];
      throw AppError.badRequest(
        'IMPORT_REJECTED',
        `${rejected.length} of ${sources.length} features are invalid, so nothing was imported (mode=strict; ` +
          `mode=skip-invalid imports the valid ones). Row ${first.row}: ${first.reason}`,
        { rejected },
      );
    }
    const imported = await this.write(layer, accepted, organisationId, principal, {
      file: file.originalname,
      format,
      mode: options.mode,
      rejected: rejected.length,
    });
    return { imported, rejected };
  }

  private async check(
    layer: LayerDefinition,
    clearance: Sensitivity,
    sources: SourceFeature[],
  ): Promise<{ accepted: AcceptedRow[]; rejected: RejectedRow[] }> {
    const rejected: RejectedRow[] = [];
    const candidates: AcceptedRow[] = [];
    for (const source of sources) {
      const result = validateNewFeature({ layer, clearance }, source.feature);
      if (result.ok) candidates.push({ row: source.row, feature: result.feature });
      else rejected.push({ row: source.row, reason: result.rejection.message, code: result.rejection.code, field: result.rejection.field });
    }
    const accepted: AcceptedRow[] = [];
    for (let start = 0; start < candidates.length; start += VALIDITY_CHUNK) {
      const chunk = candidates.slice(start, start + VALIDITY_CHUNK);
      const invalid = await this.repo.invalidGeometries(chunk.map((c) => JSON.stringify(c.feature.geometry)));
      chunk.forEach((candidate, i) => {
        const reason = invalid.get(i);
        if (reason === undefined) accepted.push(candidate);
        else rejected.push({ row: candidate.row, reason: `the geometry is not valid: ${reason}`, code: 'INVALID_GEOMETRY', field: 'geometry' });
      });
    }
    rejected.sort((a, b) => a.row - b.row);
    return { accepted, rejected };
  }

  /** All accepted rows in one transaction, one multi-row INSERT per batch, one audit row. */
  private async write(
    layer: LayerDefinition,
    accepted: AcceptedRow[],
    organisationId: string,
    principal: Principal,
    details: Record<string, unknown>,
  ): Promise<number> {
    const batchRows = Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMS / paramsPerRow(layer)));
    try {
      return await this.writes.transaction(async (em) => {
        let imported = 0;
        for (let start = 0; start < accepted.length; start += batchRows) {
          const batch = accepted.slice(start, start + batchRows).map((a) => a.feature);
          imported += await this.writes.insertMany(em, layer, batch, organisationId);
        }
        await this.writes.audit(em, {
          userId: principal.userId,
          organisationId,
          action: 'import',
          layer: layer.id,
          featureId: null,
          before: null,
          after: null,
          details: { ...details, imported },
        });
        return imported;
      });
    } catch (err) {
      throw asClientError(err);
    }
  }
}
