import { Controller, Get, HttpCode, Param, Post, Query, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { LAYER_IDS } from '@mimamori/db';
import { Readable } from 'node:stream';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/auth.types';
import { IMPORT_FORMATS } from './geojson-reader';
import { LayerExportService } from './layer-export.service';
import { LayerImportService, type ImportResult, type UploadedFileLike } from './layer-import.service';
import { checkImportEncoding, EXPORT_FORMATS, IMPORT_MODES, parseExportFormat, parseImportMode } from './request-params';

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
  @ApiOperation({ summary: 'Download a layer: GeoJSON, or CSV (UTF-8 with BOM for Excel) with id, properties, lon/lat and WKT' })
  @ApiQuery({ name: 'format', required: false, enum: EXPORT_FORMATS })
  @ApiProduces('application/geo+json', 'text/csv')
  export(@Param('layer') layer: string, @Query('format') format: string | undefined, @CurrentUser() principal: Principal): StreamableFile {
    const file = this.exports.export(layer, parseExportFormat(format), principal);
    return new StreamableFile(Readable.from(file.chunks), {
      type: file.contentType,
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }

  @Post(':layer/import')
  @Roles('admin', 'planner', 'police')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Import a GeoJSON FeatureCollection or newline-delimited GeoJSON',
    description:
      'strict (default): one invalid feature rejects the whole file (400 IMPORT_REJECTED with every bad row), nothing is written. ' +
      'skip-invalid: the valid features are written in one transaction and the bad rows are reported.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiQuery({ name: 'format', required: false, enum: Object.keys(IMPORT_FORMATS), description: 'default: from the file name or content' })
  @ApiQuery({ name: 'mode', required: false, enum: IMPORT_MODES })
  @ApiQuery({ name: 'encoding', required: false, description: 'GeoJSON is always UTF-8' })
  import(
    @Param('layer') layer: string,
    @UploadedFile() file: UploadedFileLike | undefined,
    @Query('format') format: string | undefined,
    @Query('mode') mode: string | undefined,
    @Query('encoding') encoding: string | undefined,
    @CurrentUser() principal: Principal,
  ): Promise<ImportResult> {
    checkImportEncoding(encoding);
    return this.imports.import(layer, file, { format, mode: parseImportMode(mode) }, principal);
  }
}
