import { Injectable } from '@nestjs/common';
import type { LayerDefinition, MimamoriConfig, Sensitivity } from '@mimamori/db';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../common/app-error';
import { InjectConfig } from '../core/core.module';
import type { Principal } from '../auth/auth.types';
import { FeatureWriteRepository } from './feature-write.repository';
import { parseImportOptions, type ImportOptions, type ImportQuery } from './import/import-options';
import { runPipeline, type PipelineChecks, type PipelineResult } from './import/import-pipeline';
import { columnsKey, type ImportPreview, type ImportResult } from './import/import-result';
import { ImportWriter, PreviewCollector } from './import/import-sinks';
import { openSource } from './import/import-source';
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
}

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
    @InjectConfig() private readonly config: MimamoriConfig,
  ) {}

  async import(layerId: string, file: UploadedFileLike | undefined, query: ImportQuery, principal: Principal): Promise<ImportResult> {
    return this.withSource(layerId, file, query, principal, 'import', async (p) => {
      const keyed = p.options.key !== null;
      try {
        return await this.writes.transaction(async (em) => {
          const writer = new ImportWriter(em, this.writes, {
            layer: p.layer,
            organisationId: p.organisationId,
            userId: principal.userId,
            strict: p.options.mode === 'strict',
            keyed,
          });
          const result = await runPipeline(p.reader, p.mapper, p.checks, writer);
          if (p.options.mode === 'strict' && result.rejectedCount > 0) throw rejectedFile(result);
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
              file: file!.originalname,
              format: p.reader.info.format,
              encoding: p.reader.info.encoding,
              mode: p.options.mode,
              key: p.options.key,
              mapping: Object.fromEntries(p.mapper.used),
              imported: writer.imported,
              updated: writer.updated,
              rejected: result.rejectedCount,
              skipped,
            },
          });
          return { imported: writer.imported, updated: writer.updated, skipped, rejected: result.rejected };
        });
      } catch (err) {
        throw asClientError(err);
      }
    });
  }

  async preview(layerId: string, file: UploadedFileLike | undefined, query: ImportQuery, principal: Principal): Promise<ImportPreview> {
    return this.withSource(layerId, file, query, principal, 'preview', async (p) => {
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
    });
  }

  /** Everything an import and a preview share, with the temporary files cleaned up after. */
  private async withSource<T>(
    layerId: string,
    file: UploadedFileLike | undefined,
    query: ImportQuery,
    principal: Principal,
    purpose: 'import' | 'preview',
    work: (prepared: Prepared) => Promise<T>,
  ): Promise<T> {
    const { layer, clearance } = this.access.writable(layerId, principal);
    const organisationId = this.access.owningOrganisation(principal);
    const options = parseImportOptions(layer, query);
    if (!file) throw AppError.badRequest('BAD_REQUEST', 'send the file as the multipart/form-data field "file"', { field: 'file' });
    const workDir = await mkdtemp(join(tmpdir(), 'mimamori-import-'));
    try {
      const reader = await openSource({
        path: file.path,
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
        invalidGeometries: (geometries) => this.layers.invalidGeometries(geometries),
      };
      return await work({ layer, clearance, organisationId, options, reader, mapper, mappingSource: source, checks });
    } finally {
      await rm(workDir, { recursive: true, force: true });
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

/**
 * When the columns are known up front (CSV, Shapefile, GeoPackage), a mapping or key naming a
 * missing one is a 400, and so is a CSV import without coordinate columns; a preview of such a
 * CSV answers with a note instead, so that the columns can be mapped.
 */
function checkColumns(layer: LayerDefinition, options: ImportOptions, mapper: RecordMapper, reader: SourceReader, purpose: 'import' | 'preview'): void {
  const columns = reader.info.columns;
  if (columns.length === 0) return;
  const list = columns.join(', ');
  const missing = (field: string, message: string) => AppError.badRequest('INVALID_QUERY', message, { field, columns });
  for (const [target, column] of Object.entries(options.mapping ?? {})) {
    if (!columns.includes(column)) throw missing('mapping', `mapping.${target} names the column "${column}", which the file does not have; its columns: ${list}`);
  }
  if (options.key !== null && !columns.includes(options.key)) {
    throw missing('key', `key names the column "${options.key}", which the file does not have; its columns: ${list}`);
  }
  if (reader.info.format !== 'csv') return;
  const found = mapper.resolve(columns);
  if (found.has('wkt') || (found.has('lat') && found.has('lon')) || (found.has('x') && found.has('y'))) return;
  const need = layer.geometry === 'Point' ? 'lat/lon (緯度/経度), x/y with zone=, or wkt' : 'a wkt column';
  const message = `the CSV has no coordinate columns (columns: ${list}); name them ${need}, or send mapping={"lat":"…","lon":"…"}`;
  if (purpose === 'import') throw missing('mapping', message);
  reader.info.notes.push(message);
}

function rejectedFile(result: PipelineResult): AppError {
  const first = result.rejected[0];
  return AppError.badRequest(
    'IMPORT_REJECTED',
    `${result.rejectedCount} of ${result.read} features are invalid, so nothing was imported (mode=strict; ` +
      `mode=skip-invalid imports the valid ones). Row ${first.row}: ${first.reason}`,
    { rejected: result.rejected, rejectedCount: result.rejectedCount },
  );
}

function sum(counts: Map<string, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}
