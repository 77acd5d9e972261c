import { HttpStatus, Injectable } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import { AppError } from '../common/app-error';
import { InjectConfig } from '../core/core.module';
import { PdfRenderer } from './pdf-renderer.service';
import { reportHtml } from './report-html';
import type { ReportModel, SchoolSection } from './report-model';
import { ReportsRepository, type ReportRunRow } from './reports.repository';
import { mapFrame, routeMapSvg } from './route-map-svg';

export const REPORT_FORMATS = ['html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
const DEFAULT_REFUGE_KINDS = ['convenience', 'koban', 'refuge'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReportFile {
  body: string | Buffer;
  contentType: string;
  filename: string;
}

/** The printable report of a route-audit run, per school, as HTML or PDF. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly pdf: PdfRenderer,
    @InjectConfig() private readonly config: MimamoriConfig,
  ) {}

  async report(id: string, rawFormat: string | undefined, school: string | undefined): Promise<ReportFile> {
    const format = parseFormat(rawFormat);
    if (school !== undefined && (school.trim() === '' || school.length > 200)) {
      throw AppError.badRequest('INVALID_QUERY', 'school must be a school name (1 to 200 characters)', { field: 'school' });
    }
    const run = await this.succeededAudit(id);
    const html = reportHtml(await this.model(run, school?.trim()));
    const name = `route-audit-${run.id}`;
    if (format === 'html') return { body: html, contentType: 'text/html; charset=utf-8', filename: `${name}.html` };
    return { body: await this.pdf.render(html), contentType: 'application/pdf', filename: `${name}.pdf` };
  }

  private async succeededAudit(id: string): Promise<ReportRunRow> {
    const run = UUID.test(id) ? await this.repo.run(id) : null;
    if (!run) throw AppError.notFound('RUN_NOT_FOUND', `no analysis run with id "${id}"`);
    if (run.type !== 'route-audit') {
      throw AppError.badRequest('WRONG_ANALYSIS_TYPE', `run ${id} is a ${run.type} run; printable reports exist for route-audit runs`, { type: run.type });
    }
    if (run.status !== 'succeeded') {
      throw new AppError(HttpStatus.CONFLICT, 'RUN_NOT_FINISHED', `run ${id} is ${run.status}: its report exists only once it has succeeded`, { status: run.status });
    }
    return run;
  }

  private async model(run: ReportRunRow, school: string | undefined): Promise<ReportModel> {
    const schools = await this.repo.schools(run.id);
    if (school !== undefined && !schools.includes(school)) {
      throw AppError.notFound('SCHOOL_NOT_FOUND', `run ${run.id} audited no routes of school "${school}"; its schools: ${schools.join(', ') || 'none'}`, {
        field: 'school',
        schools,
      });
    }
    const summary = run.summary ?? {};
    const refugeKinds = Array.isArray(summary.refugeKinds) ? (summary.refugeKinds as string[]) : DEFAULT_REFUGE_KINDS;
    const sections: SchoolSection[] = [];
    for (const name of school !== undefined ? [school] : schools) sections.push(await this.section(run.id, name, refugeKinds));
    return { run: { id: run.id, finishedAt: run.finishedAt, params: run.params, summary }, sections, generatedAt: new Date() };
  }

  private async section(runId: string, school: string, refugeKinds: string[]): Promise<SchoolSection> {
    const srid = this.config.metricSrid;
    const [routes, findings] = await Promise.all([this.repo.routes(runId, school, srid), this.repo.findings(runId, school, srid)]);
    const frame = mapFrame([...routes.map((r) => r.geometry), ...findings.map((f) => f.geometry)]);
    const context = frame ? await this.repo.context(frame, srid, refugeKinds, school) : null;
    const map = frame && context ? routeMapSvg(frame, context, routes, findings) : '';
    return { school, routes, findings, map };
  }
}

function parseFormat(raw: string | undefined): ReportFormat {
  const format = (raw ?? 'html').toLowerCase();
  if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
  throw AppError.badRequest('UNSUPPORTED_FORMAT', `report format "${raw}" is not supported; supported: ${REPORT_FORMATS.join(', ')}`, {
    field: 'format',
    supported: REPORT_FORMATS,
  });
}
