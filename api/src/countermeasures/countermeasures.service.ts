import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/auth.types';
import { AppError } from '../common/app-error';
import { CountermeasureListView, CountermeasureView, toView } from './countermeasure.dto';
import { assertTransition, parseCountermeasureChange, parseFilter, parseNewCountermeasure } from './countermeasure-rules';
import { CountermeasuresRepository, ResultFeatureRow } from './countermeasures.repository';

/** The route figures a countermeasure's before/after compares (route-audit `route` features). */
const TRACKED = ['seenPct', 'litPct', 'longestDarkUnwatchedM', 'maxRefugeGapM'] as const;

/**
 * The countermeasure register: findings of a route audit taken on by someone, tracked from
 * open to done. Later audits of the route show its figures before and after.
 */
@Injectable()
export class CountermeasuresService {
  constructor(private readonly repo: CountermeasuresRepository) {}

  async create(body: unknown, principal: Principal): Promise<CountermeasureView> {
    const request = parseNewCountermeasure(body);
    if (!principal.organisationId) throw new AppError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', 'sign in first to register a countermeasure');
    const run = await this.repo.run(request.runId);
    if (!run) throw AppError.notFound('RUN_NOT_FOUND', `no analysis run with id "${request.runId}"`, { field: 'runId' });
    if (run.type !== 'route-audit') {
      throw AppError.badRequest('WRONG_ANALYSIS_TYPE', `run ${run.id} is a ${run.type} run; countermeasures come from route-audit findings`, { field: 'runId' });
    }
    if (run.status !== 'succeeded') {
      throw new AppError(HttpStatus.CONFLICT, 'RUN_NOT_FINISHED', `run ${run.id} is ${run.status}: its findings exist only once it has succeeded`, { field: 'runId' });
    }
    const finding = await this.findingOf(run.id, request.finding);
    const routeId = Number(finding.properties.routeId);
    const route = await this.repo.routeFigures(run.id, routeId);
    const before = Object.fromEntries(TRACKED.map((k) => [k, route?.[k] ?? null]));
    const row = await this.repo.create(
      { organisationId: principal.organisationId, featureId: finding.id, before, owner: request.owner, note: request.note, dueOn: request.dueOn, createdBy: principal.userId },
      { userId: principal.userId },
    );
    return toView(row);
  }

  async list(query: { routeId?: string; status?: string; runId?: string }): Promise<CountermeasureListView> {
    return { countermeasures: (await this.repo.list(parseFilter(query))).map(toView) };
  }

  async get(rawId: string): Promise<CountermeasureView> {
    const row = await this.repo.find(parseId(rawId));
    if (!row) throw notFound(rawId);
    return toView(row);
  }

  async update(rawId: string, version: number, body: unknown, principal: Principal): Promise<CountermeasureView> {
    const id = parseId(rawId);
    const change = parseCountermeasureChange(body);
    const current = await this.repo.find(id);
    if (!current) throw notFound(rawId);
    if (current.version !== version) throw versionConflict(id, version, current.version);
    if (change.status) assertTransition(current.status, change.status, principal.role);
    const updated = await this.repo.update(id, version, change, { userId: principal.userId });
    if (!updated) throw versionConflict(id, version, (await this.repo.find(id))?.version ?? null);
    return toView(updated);
  }

  private async findingOf(runId: string, which: { findingId: string } | { featureIndex: number }): Promise<ResultFeatureRow> {
    if ('findingId' in which) {
      const found = await this.repo.findingById(runId, which.findingId);
      if (!found) throw AppError.notFound('FINDING_NOT_FOUND', `run ${runId} has no finding "${which.findingId}"`, { field: 'findingId' });
      return found;
    }
    const feature = await this.repo.featureAt(runId, which.featureIndex);
    if (!feature) throw AppError.notFound('FINDING_NOT_FOUND', `run ${runId} has no feature at index ${which.featureIndex}`, { field: 'featureIndex' });
    if (feature.kind !== 'finding') {
      throw AppError.badRequest('FINDING_NOT_FOUND', `feature ${which.featureIndex} of run ${runId} is a ${feature.kind}, not a finding`, { field: 'featureIndex' });
    }
    return feature;
  }
}

function parseId(raw: string): number {
  if (!/^[1-9]\d{0,15}$/.test(raw)) throw notFound(raw);
  return Number(raw);
}

function notFound(id: string): AppError {
  return AppError.notFound('COUNTERMEASURE_NOT_FOUND', `no countermeasure with id "${id}"`, { field: 'id' });
}

function versionConflict(id: number, expected: number, current: number | null): AppError {
  const now = current === null ? 'has changed' : `is at version ${current}`;
  return new AppError(HttpStatus.PRECONDITION_FAILED, 'VERSION_CONFLICT', `countermeasure ${id} ${now}, not ${expected}: someone changed it since you read it; GET it again and reapply your change`, {
    field: 'If-Match',
    expected,
    current,
  });
}
