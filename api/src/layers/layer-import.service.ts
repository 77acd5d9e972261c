import { Injectable } from '@nestjs/common';
import type { LayerDefinition, MimamoriConfig, Sensitivity } from '@mimamori/db';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../common/app-error';
import { InjectConfig } from '../core/core.module';
import type { Principal } from '../auth/auth.types';
import { FeatureWriteRepository } from './feature-write.repository';
import { checkColumns, mergeRejections, rejectedFile } from './import/import-checks';
import { ImportJobsService, type ImportJobView, type ImportProgress } from './import/import-jobs.service';
import { parseAsync, parseImportOptions, type ImportOptions, type ImportQuery } from './import/import-options';
import { MAX_REPORTED, runPipeline, type PipelineChecks } from './import/import-pipeline';
import { columnsKey, type ImportPreview, type ImportResult } from './import/import-result';
import { PreviewCollector, StagedImportWriter } from './import/import-sinks';
import { openSource } from './import/import-source';
import { ImportStagingRepository } from './import/import-staging.repository';
import type { SourceReader } from './import/import-types';
import { ImportRepository } from './import/import.repository';
import { RecordMapper } from './import/mapping/record-mapper';
import type { UploadedFileLike } from './import/upload.interceptor';
import { LayerAccessService } from './layer-access.service';
import { asClientError } from './layer-write-errors';
import { LayersRepository } from './layers.repository';

/** An archive may expand to this many times the upload limit. */
const ARCHIVE_EXPANSION = 10;
const MAX_ARCHIVE_ENTRIES = 1000;

interface Prepared {
  layer: LayerDefinition;
  clearance: Sensitivity;
  organisationId: string;
  options: ImportOptions;
  reader: SourceReader;
  mapper: RecordMapper;
  mappingSource: ImportPreview['mappingSource'];
  checks: PipelineChecks;
  fileName: string;
  bytesTotal: number;
  cleanup(): Promise<void>;
}

type Report = (progress: Partial<ImportProgress>) => void;

export type ImportAnswer = { status: 200; body: ImportResult } | { status: 202; body: ImportJobView };

/**
 * Imports (and previews) files into a layer: any supported format is read as records, mapped
 * to the layer's properties, checked like single features, and written in one transaction —
 * all or nothing in strict mode, the valid rows in skip-invalid mode.
 */
@Injectable()
export class LayerImportService {
  constructor(
    private readonly access: LayerAccessService,
    private readonly layers: LayersRepository,
    private readonly writes: FeatureWriteRepository,
    private readonly imports: ImportRepository,
    private readonly staging: ImportStagingRepository,
    private readonly jobs: ImportJobsService,
    @InjectConfig() private readonly config: MimamoriConfig,
  ) {}

  private readonly slots = new Slots(CONCURRENT_IMPORTS);

  /**
   * Imports now (200 with the result), or with `async=true` checks the request, answers 202 with
   * the import's id and runs it in the background (progress at GET /api/imports/{id}).
   */
  async import(layerId: string, file: UploadedFileLike | undefined, query: ImportQuery, principal: Principal): Promise<ImportAnswer> {
    const background = parseAsync(query);
    const p = await this.prepare(layerId, file, query, principal, 'import', background);
    if (!background) {
      try {
        return { status: 200, body: await this.runImport(p, principal, () => undefined) };
      } finally {
        await p.cleanup();
      }
    }
    const job = this.jobs.start({ layer: p.layer.id, organisationId: p.organisationId, bytesTotal: p.bytesTotal }, (report) =>
      this.runImport(p, principal, report).finally(() => p.cleanup()),
    );
    return { status: 202, body: job };
  }

  /**
   * Reads, checks and COPYs every record into a staging table, checks the staged geometries in
   * SQL and moves the sound rows into the layer in one statement, all in one transaction.
   */
  private async runImport(p: Prepared, principal: Principal, report: Report): Promise<ImportResult> {
    // An import holds a pooled connection for its whole transaction and borrows another for some
    // checks: a few at a time, so that concurrent imports cannot take the whole pool (the rest wait).
    await this.slots.acquire();
    try {
      return await this.importNow(p, principal, report);
    } finally {
      this.slots.release();
    }
  }

  private async importNow(p: Prepared, principal: Principal, report: Report): Promise<ImportResult> {
    const strict = p.options.mode === 'strict';
    try {
      return await this.writes.transaction(async (em) => {
        const writer = await StagedImportWriter.open(em, this.staging, p.layer);
        const { result, staged } = await this.stage(p, principal, writer, strict, report).catch(async (err: unknown) => {
          await writer.abort();
          throw err;
        });
        const rejected = mergeRejections(result.rejected, staged.geometryRejected, MAX_REPORTED);
        const rejectedCount = result.rejectedCount + staged.geometryRejectedCount;
        if (strict && rejectedCount > 0) throw rejectedFile(result.read, rejected, rejectedCount);
        if (p.options.mapping && p.reader.info.columns.length > 0) {
          await this.imports.saveMapping(em, {
            organisationId: p.organisationId,
            layer: p.layer.id,
            columnsKey: columnsKey(p.reader.info.columns),
            columns: p.reader.info.columns,
            mapping: p.options.mapping,
            userId: principal.userId,
          });
        }
        const skipped = sum(result.skipped);
        await this.writes.audit(em, {
          userId: principal.userId,
          organisationId: p.organisationId,
          action: 'import',
          layer: p.layer.id,
          featureId: null,
          before: null,
          after: null,
          details: {
            file: p.fileName,
            format: p.reader.info.format,
            encoding: p.reader.info.encoding,
            mode: p.options.mode,
            key: p.options.key,
            mapping: Object.fromEntries(p.mapper.used),
            imported: staged.imported,
            updated: staged.updated,
            rejected: rejectedCount,
            skipped,
          },
        });
        return { imported: staged.imported, updated: staged.updated, skipped, rejected };
      });
    } catch (err) {
      throw asClientError(err);
    }
  }

  /** Reads the file into the staging table, then checks and writes the staged rows. */
  private async stage(p: Prepared, principal: Principal, writer: StagedImportWriter, strict: boolean, report: Report) {
    const result = await runPipeline(p.reader, p.mapper, p.checks, writer, (c) =>
      report({ rowsRead: c.read, rowsStaged: c.accepted, rowsRejected: c.rejected, bytesRead: p.reader.bytesRead?.() ?? null }),
    );
    report({ phase: 'checking', bytesRead: p.reader.bytesRead ? p.bytesTotal : null });
    const target = { organisationId: p.organisationId, userId: principal.userId, keyed: p.options.key !== null, reportLimit: MAX_REPORTED };
    const staged = await writer.finish(target, (geometryProblems) => {
      if (strict && result.rejectedCount + geometryProblems > 0) return true;
      report({ phase: 'writing', rowsRejected: result.rejectedCount + geometryProblems });
      return false;
    });
    return { result, staged };
  }

  async preview(layerId: string, file: UploadedFileLike | undefined, query: ImportQuery, principal: Principal): Promise<ImportPreview> {
    const p = await this.prepare(layerId, file, query, principal, 'preview', false);
    try {
      const collector = new PreviewCollector(p.options.limit);
      const result = await runPipeline(p.reader, p.mapper, p.checks, collector);
      const rows = collector.firstRows();
      const { info } = p.reader;
      return {
        format: info.format,
        encoding: info.encoding,
        crs: info.crs,
        columns: info.columns.length > 0 ? info.columns : [...new Set(rows.flatMap((r) => Object.keys(r.columns)))],
        mapping: Object.fromEntries(p.mapper.used),
        mappingSource: p.mappingSource,
        key: p.options.key,
        rows,
        total: result.read,
        valid: result.accepted,
        skipped: sum(result.skipped),
        skippedReasons: Object.fromEntries(result.skipped),
        rejected: result.rejected,
        rejectedCount: result.rejectedCount,
        notes: info.notes,
      };
    } finally {
      await p.cleanup();
    }
  }

  /**
   * Everything an import and a preview share; the caller runs `cleanup` (temporary files) when
   * done. A background import first moves the upload into its own directory, since the upload
   * is deleted once the request is answered.
   */
  private async prepare(
    layerId: string,
    file: UploadedFileLike | undefined,
    query: ImportQuery,
    principal: Principal,
    purpose: 'import' | 'preview',
    keepUpload: boolean,
  ): Promise<Prepared> {
    const { layer, clearance } = this.access.writable(layerId, principal);
    const organisationId = this.access.owningOrganisation(principal);
    const options = parseImportOptions(layer, query);
    if (!file) throw AppError.badRequest('BAD_REQUEST', 'send the file as the multipart/form-data field "file"', { field: 'file' });
    const workDir = await mkdtemp(join(tmpdir(), 'mimamori-import-'));
    const cleanup = () => rm(workDir, { recursive: true, force: true });
    try {
      const path = keepUpload ? join(workDir, 'upload') : file.path;
      if (keepUpload) await rename(file.path, path);
      const reader = await openSource({
        path,
        fileName: file.originalname,
        format: options.format,
        encoding: options.encoding,
        sourceLayer: options.sourceLayer,
        zone: options.zone,
        layer,
        workDir,
        limits: { maxEntries: MAX_ARCHIVE_ENTRIES, maxTotalBytes: ARCHIVE_EXPANSION * this.config.maxUploadBytes },
        knownSrid: (srid) => this.imports.knownSrid(srid),
      });
      const { mapping, source } = await this.mappingFor(layer, organisationId, options, reader);
      const mapper = new RecordMapper({
        layer,
        mapping,
        defaults: options.defaults,
        key: options.key,
        zone: options.zone,
        sourceSrid: reader.info.crs.srid,
      });
      checkColumns(layer, options, mapper, reader, purpose);
      const checks: PipelineChecks = {
        layer,
        clearance,
        toWgs84: (items) => this.imports.toWgs84(items),
        // An import checks geometry validity on the staging table, in SQL.
        invalidGeometries: purpose === 'preview' ? (geometries) => this.layers.invalidGeometries(geometries) : undefined,
      };
      const prepared = { layer, clearance, organisationId, options, reader, mapper, mappingSource: source, checks };
      return { ...prepared, fileName: file.originalname, bytesTotal: file.size, cleanup };
    } catch (err) {
      await cleanup();
      throw err;
    }
  }

  private async mappingFor(
    layer: LayerDefinition,
    organisationId: string,
    options: ImportOptions,
    reader: SourceReader,
  ): Promise<{ mapping: Record<string, string> | null; source: ImportPreview['mappingSource'] }> {
    if (options.mapping) return { mapping: options.mapping, source: 'request' };
    if (reader.info.columns.length === 0) return { mapping: null, source: 'detected' };
    const saved = await this.imports.findMapping(organisationId, layer.id, columnsKey(reader.info.columns));
    return saved ? { mapping: saved.mapping, source: 'saved' } : { mapping: null, source: 'detected' };
  }
}

function sum(counts: Map<string, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}

/** Imports running at once in one API process (the database pool holds 10 connections). */
const CONCURRENT_IMPORTS = 3;

/** A counting semaphore: at most `size` holders, the others wait in arrival order. */
class Slots {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async acquire(): Promise<void> {
    if (this.held < this.size) {
      this.held++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held--;
  }
}
