import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import {
  ANALYSIS_INPUT_LAYERS,
  ANALYSIS_TYPES,
  AnalysisType,
  isAnalysisType,
  isTerminalStatus,
  ANALYSIS_CLEARANCE,
  paramReferences,
  paramValueReferences,
  RunEvent,
  validateAnalysisParams,
} from '@mimamori/workers/contracts';
import { canSee, findLayer } from '@mimamori/db';
import { clearanceOf, type Principal } from '../auth/auth.types';
import { AppError } from '../common/app-error';
import { RESULT_EXPORT_FORMATS, ResultFile, resultsCsv } from './analysis-csv';
import { AnalysisQueueService } from './analysis-queue.service';
import { CreateAnalysisDto, CreatedRunView, RunListView, RunRow, RunView, toRunView } from './analysis-run.dto';
import { AnalysesRepository } from './analyses.repository';
import { RunEventsService } from './run-events.service';
import { runFingerprint } from './run-fingerprint';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DEFAULT_LIST_LIMIT = 20;
export const MAX_LIST_LIMIT = 100;
export const HEARTBEAT_MS = 15_000;

/** Where a run's event stream goes (an SSE response in production). */
export interface RunEventSink {
  send(event: RunEvent): void;
  heartbeat(): void;
  close(): void;
  onClose(callback: () => void): void;
}

@Injectable()
export class AnalysesService {
  private readonly logger = new Logger(AnalysesService.name);

  constructor(
    private readonly repo: AnalysesRepository,
    private readonly queue: AnalysisQueueService,
    private readonly events: RunEventsService,
  ) {}

  async create(body: CreateAnalysisDto, principal: Principal): Promise<CreatedRunView> {
    const { type } = body;
    const known = ANALYSIS_TYPES.filter((t) => canSee(ANALYSIS_CLEARANCE[t], clearanceOf(principal)));
    if (!isAnalysisType(type) || !known.includes(type)) {
      throw AppError.badRequest('UNKNOWN_ANALYSIS_TYPE', `unknown analysis type "${type}"; known types: ${known.join(', ')}`, { known });
    }
    const check = validateAnalysisParams(type, body.params);
    if (!check.ok) throw AppError.badRequest('INVALID_PARAMS', `invalid params for ${type}: ${check.message}`, { field: check.field });
    await this.assertReferencesExist(type, check.params);

    const inputVersions = await this.repo.layerVersions(ANALYSIS_INPUT_LAYERS[type]);
    const { row, reused } = await this.repo.createOrReuse({
      type,
      params: check.params,
      fingerprint: runFingerprint(type, check.params, inputVersions),
      inputVersions,
      organisationId: principal.organisationId,
      createdBy: principal.userId,
    });
    if (!reused) await this.enqueueNew(row, type);
    else if (row.status === 'queued') await this.requeue(row, type);
    return { ...toRunView(row), reused };
  }

  async list(limitParam: string | undefined, principal: Principal): Promise<RunListView> {
    const limit = limitParam === undefined ? DEFAULT_LIST_LIMIT : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
      throw AppError.badRequest('INVALID_QUERY', `limit must be an integer from 1 to ${MAX_LIST_LIMIT}, got "${limitParam}"`, { field: 'limit' });
    }
    const types = ANALYSIS_TYPES.filter((t) => canSee(ANALYSIS_CLEARANCE[t], clearanceOf(principal)));
    return { runs: (await this.repo.recent(limit, types)).map(toRunView) };
  }

  async get(id: string, principal: Principal): Promise<RunView> {
    return toRunView(await this.findOr404(id, principal));
  }

  async featureCollection(id: string, principal: Principal): Promise<string> {
    const run = await this.findOr404(id, principal);
    if (run.status !== 'succeeded') {
      throw new AppError(HttpStatus.CONFLICT, 'RUN_NOT_FINISHED', `run ${id} is ${run.status}: results exist only once it has succeeded`, {
        status: run.status,
      });
    }
    return this.repo.featureCollection(id);
  }

  /** A succeeded run's features (optionally of one kind) as a GeoJSON or CSV download. */
  async exportResults(id: string, format: string | undefined, kind: string | undefined, principal: Principal): Promise<ResultFile> {
    const chosen = format ?? 'geojson';
    if (!(RESULT_EXPORT_FORMATS as readonly string[]).includes(chosen)) {
      throw AppError.badRequest('UNSUPPORTED_FORMAT', `export format "${format}" is not supported; supported: ${RESULT_EXPORT_FORMATS.join(', ')}`, {
        field: 'format',
        supported: RESULT_EXPORT_FORMATS,
      });
    }
    if (kind !== undefined && !/^[a-z][a-z0-9-]{0,39}$/.test(kind)) {
      throw AppError.badRequest('INVALID_QUERY', `kind must be a result kind such as "beat", got "${kind}"`, { field: 'kind' });
    }
    const run = await this.findOr404(id, principal);
    if (run.status !== 'succeeded') {
      throw new AppError(HttpStatus.CONFLICT, 'RUN_NOT_FINISHED', `run ${id} is ${run.status}: results exist only once it has succeeded`, { status: run.status });
    }
    const name = `${run.type}-${id}${kind ? `-${kind}` : ''}`;
    if (chosen === 'csv') return { body: resultsCsv(await this.repo.resultRows(id, kind)), contentType: 'text/csv; charset=utf-8', filename: `${name}.csv` };
    return { body: await this.repo.featureCollection(id, kind), contentType: 'application/geo+json', filename: `${name}.geojson` };
  }

  async cancel(id: string, principal: Principal): Promise<RunView> {
    const run = await this.findOr404(id, principal);
    assertMayCancel(run, principal);
    const cancelled = await this.repo.cancel(id);
    if (!cancelled) return toRunView((await this.repo.find(id)) ?? run);
    await this.queue.removeRun(id);
    await this.events.publish({ runId: id, status: 'cancelled', progress: cancelled.progress, message: `cancelled by ${principal.username}` });
    return toRunView(cancelled);
  }

  /**
   * Streams a run's state: the current one first, then every change, ending after a terminal
   * state. The heartbeat also re-reads the row, so a lost pub/sub message cannot hang a stream.
   */
  async follow(id: string, sink: RunEventSink, principal: Principal): Promise<void> {
    await this.findOr404(id, principal);
    let last: RunEvent | undefined;
    let closed = false;
    const deliver = (event: RunEvent) => {
      if (closed || isStale(last, event)) return;
      last = event;
      sink.send(event);
      if (isTerminalStatus(event.status)) stop();
    };
    const resync = () =>
      this.repo.find(id).then(
        (row) => row && deliver(eventOf(row)),
        (err: Error) => this.logger.warn(`run ${id} events: ${err.message}`),
      );
    const unlisten = this.events.listen(id, { onEvent: deliver, onShutdown: () => stop() });
    const timer = setInterval(() => {
      sink.heartbeat();
      void resync();
    }, HEARTBEAT_MS);
    timer.unref();
    function stop(): void {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      unlisten();
      sink.close();
    }
    sink.onClose(stop);
    await resync();
  }

  private async assertReferencesExist(type: AnalysisType, params: unknown): Promise<void> {
    for (const ref of paramReferences(type, params)) {
      const layer = findLayer(ref.layer);
      const missing = layer ? await this.repo.missingFeatures(layer, ref.ids) : ref.ids;
      if (missing.length > 0) {
        throw AppError.badRequest('INVALID_PARAMS', `invalid params for ${type}: ${ref.field} names ${ref.layer} that do not exist: ${missing.join(', ')}`, {
          field: ref.field,
          missing,
        });
      }
    }
    for (const ref of paramValueReferences(type, params)) {
      const layer = findLayer(ref.layer);
      const missing = layer ? await this.repo.missingValues(layer, ref.property, ref.values) : ref.values;
      if (missing.length > 0) {
        throw AppError.badRequest('INVALID_PARAMS', `invalid params for ${type}: no ${ref.layer} has ${ref.field} ${missing.map((v) => `"${v}"`).join(', ')}`, {
          field: ref.field,
          missing,
        });
      }
    }
  }

  private async enqueueNew(row: RunRow, type: AnalysisType): Promise<void> {
    try {
      await this.queue.enqueueRun({ runId: row.id, type });
    } catch (err) {
      const reason = `could not queue the run: ${(err as Error).message}`;
      await this.repo.markFailed(row.id, reason);
      throw new AppError(HttpStatus.SERVICE_UNAVAILABLE, 'QUEUE_UNAVAILABLE', `${reason}; try again shortly`, { runId: row.id });
    }
  }

  /** A reused queued run gets its job back if Redis lost it (a no-op when the job exists). */
  private async requeue(row: RunRow, type: AnalysisType): Promise<void> {
    await this.queue.enqueueRun({ runId: row.id, type }).catch((err: Error) => {
      this.logger.warn(`could not re-queue run ${row.id}: ${err.message}`);
    });
  }

  /** A run the principal may see: runs over police information are absent for other roles. */
  private async findOr404(id: string, principal: Principal): Promise<RunRow> {
    const run = UUID.test(id) ? await this.repo.find(id) : null;
    const visible = run !== null && (!isAnalysisType(run.type) || canSee(ANALYSIS_CLEARANCE[run.type], clearanceOf(principal)));
    if (!run || !visible) throw AppError.notFound('RUN_NOT_FOUND', `no analysis run with id "${id}"`);
    return run;
  }
}

function assertMayCancel(run: RunRow, principal: Principal): void {
  const sameOrganisation = run.organisationId !== null && run.organisationId === principal.organisationId;
  const creator = run.createdBy !== null && run.createdBy === principal.userId;
  if (principal.role === 'admin' || sameOrganisation || creator) return;
  throw new AppError(HttpStatus.FORBIDDEN, 'FORBIDDEN', `only an admin or a member of the organisation that started run ${run.id} may cancel it`);
}

function eventOf(row: RunRow): RunEvent {
  return { runId: row.id, status: row.status, progress: row.progress, ...(row.error ? { message: row.error } : {}) };
}

/** A late or repeated pub/sub message must not move a stream backwards or say the same twice. */
function isStale(last: RunEvent | undefined, event: RunEvent): boolean {
  return last !== undefined && last.status === event.status && event.progress <= last.progress;
}
