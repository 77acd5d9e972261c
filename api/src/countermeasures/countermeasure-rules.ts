import { HttpStatus } from '@nestjs/common';
import type { Role } from '@mimamori/db';
import { AppError } from '../common/app-error';

/** Who acts on a countermeasure (対策の担当): the school, the road manager, the police or the city. */
export const COUNTERMEASURE_OWNERS = ['school', 'road-manager', 'police', 'city'] as const;
export const COUNTERMEASURE_STATUSES = ['open', 'planned', 'done'] as const;
export type CountermeasureOwner = (typeof COUNTERMEASURE_OWNERS)[number];
export type CountermeasureStatus = (typeof COUNTERMEASURE_STATUSES)[number];

export const MAX_NOTE_LENGTH = 2000;

export interface NewCountermeasure {
  runId: string;
  /** The finding: its `findingId`, or its 0-based position among the run's features (GET …/features order). */
  finding: { findingId: string } | { featureIndex: number };
  owner: CountermeasureOwner;
  note: string | null;
  dueOn: string | null;
}

export interface CountermeasureChange {
  status?: CountermeasureStatus;
  owner?: CountermeasureOwner;
  note?: string | null;
  dueOn?: string | null;
}

export interface CountermeasureFilter {
  routeId?: number;
  status?: CountermeasureStatus;
  runId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FINDING_ID = /^[1-9]\d{0,17}-[a-z][a-z-]{0,39}-[1-9]\d{0,5}$/;

function invalid(field: string, message: string): AppError {
  return AppError.badRequest('VALIDATION_FAILED', message, { field });
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('body', 'the request body must be a JSON object');
  return body as Record<string, unknown>;
}

function rejectUnknown(body: Record<string, unknown>, allowed: readonly string[]): void {
  const extra = Object.keys(body).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw invalid(extra, `unknown field "${extra}" (allowed: ${allowed.join(', ')})`);
}

function oneOf<T extends string>(value: unknown, field: string, values: readonly T[]): T {
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw invalid(field, `${field} must be one of ${values.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function note(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || value.length > MAX_NOTE_LENGTH) throw invalid('note', `note must be text of at most ${MAX_NOTE_LENGTH} characters, or null`);
  return value.trim() === '' ? null : value;
}

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export function dueOn(value: unknown): string | null {
  if (value === null) return null;
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (!m || y < 2000 || y > 2100 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    throw invalid('dueOn', `dueOn must be a date like "2026-04-30", got ${JSON.stringify(value)}`);
  }
  return m[0];
}

export function parseNewCountermeasure(raw: unknown): NewCountermeasure {
  const body = asObject(raw);
  rejectUnknown(body, ['runId', 'findingId', 'featureIndex', 'owner', 'note', 'dueOn']);
  if (typeof body.runId !== 'string' || !UUID.test(body.runId)) throw invalid('runId', 'runId must be the id of a route-audit run');
  const hasId = body.findingId !== undefined;
  const hasIndex = body.featureIndex !== undefined;
  if (hasId === hasIndex) throw invalid('findingId', 'give either findingId (e.g. "12-dark-unwatched-1") or featureIndex, not both and not neither');
  let finding: NewCountermeasure['finding'];
  if (hasId) {
    if (typeof body.findingId !== 'string' || !FINDING_ID.test(body.findingId)) {
      throw invalid('findingId', `findingId must be a finding's id such as "12-dark-unwatched-1", got ${JSON.stringify(body.findingId)}`);
    }
    finding = { findingId: body.findingId };
  } else {
    const i = body.featureIndex;
    if (typeof i !== 'number' || !Number.isSafeInteger(i) || i < 0) throw invalid('featureIndex', 'featureIndex must be a whole number from 0');
    finding = { featureIndex: i };
  }
  return {
    runId: body.runId.toLowerCase(),
    finding,
    owner: oneOf(body.owner, 'owner', COUNTERMEASURE_OWNERS),
    note: body.note === undefined ? null : note(body.note),
    dueOn: body.dueOn === undefined ? null : dueOn(body.dueOn),
  };
}

export function parseCountermeasureChange(raw: unknown): CountermeasureChange {
  const body = asObject(raw);
  rejectUnknown(body, ['status', 'owner', 'note', 'dueOn']);
  if (Object.keys(body).length === 0) throw invalid('body', 'nothing to change: send status, owner, note or dueOn');
  const change: CountermeasureChange = {};
  if (body.status !== undefined) change.status = oneOf(body.status, 'status', COUNTERMEASURE_STATUSES);
  if (body.owner !== undefined) change.owner = oneOf(body.owner, 'owner', COUNTERMEASURE_OWNERS);
  if (body.note !== undefined) change.note = note(body.note);
  if (body.dueOn !== undefined) change.dueOn = dueOn(body.dueOn);
  return change;
}

/** Status moves forward (open → planned → done, or open → done); only an admin moves it back. */
export function assertTransition(from: CountermeasureStatus, to: CountermeasureStatus, role: Role): void {
  const step = COUNTERMEASURE_STATUSES.indexOf(to) - COUNTERMEASURE_STATUSES.indexOf(from);
  if (step >= 0 || role === 'admin') return;
  throw new AppError(HttpStatus.FORBIDDEN, 'INVALID_TRANSITION', `a countermeasure moves forward only (open → planned → done); only an admin may move it back from ${from} to ${to}`, {
    field: 'status',
    from,
    to,
  });
}

export function parseFilter(query: { routeId?: string; status?: string; runId?: string }): CountermeasureFilter {
  const filter: CountermeasureFilter = {};
  if (query.routeId !== undefined) {
    if (!/^[1-9]\d{0,15}$/.test(query.routeId)) throw AppError.badRequest('INVALID_QUERY', `routeId must be a school-route id, got "${query.routeId}"`, { field: 'routeId' });
    filter.routeId = Number(query.routeId);
  }
  if (query.status !== undefined) {
    if (!(COUNTERMEASURE_STATUSES as readonly string[]).includes(query.status)) {
      throw AppError.badRequest('INVALID_QUERY', `status must be one of ${COUNTERMEASURE_STATUSES.join(', ')}, got "${query.status}"`, { field: 'status' });
    }
    filter.status = query.status as CountermeasureStatus;
  }
  if (query.runId !== undefined) {
    if (!UUID.test(query.runId)) throw AppError.badRequest('INVALID_QUERY', `runId must be a run id, got "${query.runId}"`, { field: 'runId' });
    filter.runId = query.runId.toLowerCase();
  }
  return filter;
}
