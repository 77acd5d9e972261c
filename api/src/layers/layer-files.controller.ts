import { Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { LAYER_IDS } from '@mimamori/db';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/auth.types';
import { FORMAT_NAMES } from './import/import-formats';
import type { ImportQuery } from './import/import-options';
import type { ImportJobView } from './import/import-jobs.service';
import type { ImportPreview, ImportResult } from './import/import-result';
import { UploadInterceptor, type UploadedFileLike } from './import/upload.interceptor';
import { LayerExportService } from './layer-export.service';
import { LayerImportService } from './layer-import.service';
import { EXPORT_FORMATS, IMPORT_MODES, parseExportFormat } from './request-params';

const IMPORT_QUERIES = [
  { name: 'format', enum: Object.keys(FORMAT_NAMES), description: 'default: from the file content and name' },
  { name: 'encoding', description: 'CSV and Shapefile attributes: utf-8, shift_jis (cp932), euc-jp…; default: detected' },
  { name: 'mode', enum: IMPORT_MODES },
  { name: 'mapping', description: 'JSON: layer property (or lat, lon, x, y, zone, wkt) → source column, e.g. {"lat":"緯度","lon":"経度"}' },
  { name: 'key', description: 'source column holding a stable id: re-importing updates those features instead of adding copies' },
  { name: 'defaults', description: 'JSON: values for properties the file lacks, e.g. {"kind":"koban"}' },
  { name: 'zone', description: 'JGD2011 plane-rectangular zone 1–19 of x/y columns (X = northing) or of a Shapefile without .prj' },
  { name: 'sourceLayer', description: 'the layer of a multi-layer GeoPackage' },
];

function ImportQueries(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const q of IMPORT_QUERIES) ApiQuery({ required: false, ...q })(target, key, descriptor);
  };
}

@ApiTags('layers')
@ApiBearerAuth()
@ApiParam({ name: 'layer', enum: LAYER_IDS })
@Controller('layers')
export class LayerFilesController {
  constructor(
    private readonly exports: LayerExportService,
    private readonly imports: LayerImportService,
  ) {}

  @Get(':layer/export')
  @ApiOperation({
    summary: 'Download a layer as GeoJSON, CSV (UTF-8 with BOM, lon/lat and WKT), GeoPackage or KML',
  })
  @ApiQuery({ name: 'format', required: false, enum: EXPORT_FORMATS })
  @ApiProduces('application/geo+json', 'text/csv', 'application/geopackage+sqlite3', 'application/vnd.google-earth.kml+xml')
  async export(@Param('layer') layer: string, @Query('format') format: string | undefined, @CurrentUser() principal: Principal): Promise<StreamableFile> {
    const file = await this.exports.export(layer, parseExportFormat(format), principal);
    return new StreamableFile(file.stream, {
      type: file.contentType,
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }

  @Post(':layer/import')
  @Roles('admin', 'planner', 'police')
  @HttpCode(200)
  @UseInterceptors(UploadInterceptor)
  @ApiOperation({
    summary: 'Import GeoJSON, NDJSON, CSV, Shapefile (.zip), GeoPackage, KML/KMZ, GPX, OSM XML or CityGML',
    description:
      'strict (default): one invalid row rejects the whole file (400 IMPORT_REJECTED listing every bad row), nothing is written. ' +
      'skip-invalid: the valid rows are written in one transaction and the bad rows are reported. ' +
      'With key=<column>, rows whose key was imported before update those features. ' +
      'With async=true: 202 {id, status, progress} at once, the import runs in the background; follow it at GET /api/imports/{id}. ' +
      'See api/src/layers/import/README.md.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ImportQueries()
  @ApiQuery({ name: 'async', required: false, enum: ['true', 'false'], description: 'true: answer 202 with the import id and import in the background' })
  async import(
    @Param('layer') layer: string,
    @UploadedFile() file: UploadedFileLike | undefined,
    @Query() query: ImportQuery,
    @CurrentUser() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportResult | ImportJobView> {
    const answer = await this.imports.import(layer, file, query, principal);
    res.status(answer.status);
    return answer.body;
  }

  @Post(':layer/import/preview')
  @Roles('admin', 'planner', 'police')
  @HttpCode(200)
  @UseInterceptors(UploadInterceptor)
  @ApiOperation({
    summary: 'Check a file before importing it: detected format, encoding, CRS, columns, the mapping, the first rows and every problem',
    description: 'Takes the same inputs as import; writes nothing.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ImportQueries()
  @ApiQuery({ name: 'limit', required: false, description: 'rows to show (default 20, at most 500)' })
  preview(
    @Param('layer') layer: string,
    @UploadedFile() file: UploadedFileLike | undefined,
    @Query() query: ImportQuery,
    @CurrentUser() principal: Principal,
  ): Promise<ImportPreview> {
    return this.imports.preview(layer, file, query, principal);
  }
}
