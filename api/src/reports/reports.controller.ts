import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@mimamori/db';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators';
import { REPORT_FORMATS, ReportsService } from './reports.service';

/** Printable reports of analysis runs; like the results they come from, for signed-in users only. */
@ApiTags('analyses')
@ApiBearerAuth()
@Roles(...ROLES)
@Controller('analyses')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':id/report')
  @ApiOperation({
    summary: 'Printable school route audit report (通学路点検 報告書), A4',
    description:
      'For a succeeded route-audit run: per school a map of the routes and findings, the per-route figures, the ranked findings and the ' +
      'countermeasures with their before/after figures. HTML is self-contained (print it from the browser); PDF is rendered by headless Chromium.',
  })
  @ApiQuery({ name: 'format', required: false, enum: REPORT_FORMATS, description: 'html (default) or pdf' })
  @ApiQuery({ name: 'school', required: false, description: 'Only this school (the `school` of its routes); all schools of the run by default' })
  @ApiProduces('text/html', 'application/pdf')
  @ApiResponse({ status: 200, description: 'The report' })
  @ApiResponse({ status: 400, description: 'UNSUPPORTED_FORMAT, WRONG_ANALYSIS_TYPE or INVALID_QUERY' })
  @ApiResponse({ status: 404, description: 'RUN_NOT_FOUND or SCHOOL_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'RUN_NOT_FINISHED' })
  @ApiResponse({ status: 503, description: 'PDF_UNAVAILABLE: Chromium could not start' })
  async report(
    @Param('id') id: string,
    @Query('format') format: string | undefined,
    @Query('school') school: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string | StreamableFile> {
    const file = await this.reports.report(id, format, school);
    const disposition = `inline; filename="${file.filename}"`;
    if (Buffer.isBuffer(file.body)) return new StreamableFile(file.body, { type: file.contentType, disposition, length: file.body.length });
    res.type(file.contentType);
    res.setHeader('Content-Disposition', disposition);
    return file.body;
  }
}
