import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../common/app-error';
import type { Principal } from '../../auth/auth.types';
import type { ImportResult } from './import-result';

export type ImportPhase = 'reading' | 'checking' | 'writing' | 'done';

export interface ImportProgress {
  phase: ImportPhase;
  rowsRead: number;
  /** Rows that passed the checks so far and were staged with COPY. */
  rowsStaged: number;
  rowsRejected: number;
  rowsWritten: number;
  bytesRead: number | null;
  bytesTotal: number;
  /** 0..1: reading is 90 % (by bytes when the reader knows them), checking and writing the rest. */
  fraction: number;
}

export interface ImportJobView {
  id: string;
  layer: string;
  status: 'running' | 'succeeded' | 'failed';
  progress: ImportProgress;
  result: ImportResult | null;
  error: { statusCode: number; code: string; message: string; details?: unknown } | null;
  startedAt: string;
  finishedAt: string | null;
}

interface Job {
  view: ImportJobView;
  organisationId: string;
  finished: number | null;
}

/** Finished imports stay visible this long, and at most this many are kept. */
const KEEP_MS = 60 * 60 * 1000;
const MAX_KEPT = 200;

/**
 * Imports running in the background of this API process (`POST …/import?async=true`), with their
 * progress, result or error, visible to the importing organisation through GET /api/imports/{id}.
 * The upload is on this process's disk, so the import runs here; state is held in memory and is
 * gone after a restart (the import's transaction is then rolled back: nothing half-written).
 */
@Injectable()
export class ImportJobsService {
  private readonly logger = new Logger('Import');
  private readonly jobs = new Map<string, Job>();

  start(
    owner: { layer: string; organisationId: string; bytesTotal: number },
    run: (report: (progress: Partial<ImportProgress>) => void) => Promise<ImportResult>,
  ): ImportJobView {
    this.prune();
    const view: ImportJobView = {
      id: randomUUID(),
      layer: owner.layer,
      status: 'running',
      progress: { phase: 'reading', rowsRead: 0, rowsStaged: 0, rowsRejected: 0, rowsWritten: 0, bytesRead: null, bytesTotal: owner.bytesTotal, fraction: 0 },
      result: null,
      error: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    };
    const job: Job = { view, organisationId: owner.organisationId, finished: null };
    this.jobs.set(view.id, job);
    const report = (change: Partial<ImportProgress>) => {
      view.progress = { ...view.progress, ...change };
      view.progress.fraction = fractionOf(view.progress);
    };
    run(report).then(
      (result) => {
        report({ phase: 'done', rowsWritten: result.imported + result.updated });
        this.finish(job, { status: 'succeeded', result });
      },
      (err: unknown) => {
        if (!(err instanceof AppError)) this.logger.error(`import ${view.id} failed: ${(err as Error).stack ?? String(err)}`);
        const error =
          err instanceof AppError
            ? { statusCode: err.status, code: err.code, message: err.message, details: err.details }
            : { statusCode: 500, code: 'INTERNAL', message: `the import failed (import ${view.id}); nothing was written` };
        this.finish(job, { status: 'failed', error });
      },
    );
    return snapshot(view);
  }

  /** The import as its organisation sees it; 404 for anyone else, as for an unknown id. */
  view(id: string, principal: Principal): ImportJobView {
    const job = this.jobs.get(id);
    if (!job || job.organisationId !== principal.organisationId) throw AppError.notFound('NOT_FOUND', `there is no import ${id}`, { field: 'id' });
    return snapshot(job.view);
  }

  private finish(job: Job, change: Pick<ImportJobView, 'status'> & Partial<ImportJobView>): void {
    Object.assign(job.view, change, { finishedAt: new Date().toISOString() });
    job.finished = Date.now();
  }

  private prune(): void {
    const now = Date.now();
    const finished = [...this.jobs.entries()].filter(([, j]) => j.finished !== null).sort((a, b) => a[1].finished! - b[1].finished!);
    finished.forEach(([id, j], i) => {
      if (now - j.finished! > KEEP_MS || finished.length - i > MAX_KEPT) this.jobs.delete(id);
    });
  }
}

function fractionOf(p: ImportProgress): number {
  switch (p.phase) {
    case 'reading':
      return p.bytesRead === null || p.bytesTotal === 0 ? 0 : 0.9 * Math.min(1, p.bytesRead / p.bytesTotal);
    case 'checking':
      return 0.9;
    case 'writing':
      return 0.95;
    case 'done':
      return 1;
  }
}

function snapshot(view: ImportJobView): ImportJobView {
  return { ...view, progress: { ...view.progress } };
}
