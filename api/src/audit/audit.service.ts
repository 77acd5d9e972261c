import { Injectable } from '@nestjs/common';
import { findLayer } from '@mimamori/db';
import { AppError } from '../common/app-error';
import { AuditRecord, AuditRepository } from './audit.repository';

export const AUDIT_DEFAULT_LIMIT = 100;
export const AUDIT_MAX_LIMIT = 1000;

export interface AuditQuery {
  layer?: string;
  featureId?: string;
  before?: string;
  limit?: string;
}

export interface AuditPage {
  entries: AuditRecord[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: string | null;
}

const ID = /^[1-9]\d{0,17}$/;

@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  async page(query: AuditQuery): Promise<AuditPage> {
    const limit = parseLimit(query.limit);
    if (query.layer !== undefined && !findLayer(query.layer)) throw invalid('layer', `there is no layer "${query.layer}"`);
    const featureId = optionalId('featureId', query.featureId);
    const beforeId = optionalId('before', query.before);
    const entries = await this.repo.find({ layer: query.layer, featureId, beforeId, limit });
    return { entries, next: entries.length === limit ? entries[entries.length - 1].id : null };
  }
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return AUDIT_DEFAULT_LIMIT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > AUDIT_MAX_LIMIT) throw invalid('limit', `limit must be a whole number from 1 to ${AUDIT_MAX_LIMIT}`);
  return n;
}

function optionalId(field: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!ID.test(raw)) throw invalid(field, `${field} must be a positive whole number, not "${raw}"`);
  return raw;
}

function invalid(field: string, message: string): AppError {
  return AppError.badRequest('INVALID_QUERY', message, { field });
}
