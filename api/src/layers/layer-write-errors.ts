import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/app-error';
import type { Validation, ValidFeature } from './feature-validator';

export function validOrThrow(validation: Validation): ValidFeature {
  if (validation.ok) return validation.feature;
  const { code, message, field } = validation.rejection;
  throw AppError.badRequest(code, message, { field });
}

export function invalidGeometry(reason: string): AppError {
  return AppError.badRequest('INVALID_GEOMETRY', `the geometry is not valid: ${reason}`, { field: 'geometry', reason });
}

export function featureNotFound(layerId: string, id: string): AppError {
  return AppError.notFound('FEATURE_NOT_FOUND', `layer ${layerId} has no feature ${id}`, { field: 'id' });
}

export function versionConflict(id: string, expected: number, current: number | null): AppError {
  const now = current === null ? 'has changed' : `is at version ${current}`;
  return new AppError(
    HttpStatus.PRECONDITION_FAILED,
    'VERSION_CONFLICT',
    `feature ${id} ${now}, not ${expected}: someone changed it since you read it; GET it again and reapply your change`,
    { field: 'If-Match', expected, current },
  );
}

/**
 * The table CHECKs repeat the validator's rules; if one still fires (e.g. data changed under a
 * rule), the client gets a 400 naming the constraint rather than a 500.
 */
export function asClientError(err: unknown): unknown {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e.code === '23514' || e.code === '23502' || e.code?.startsWith('22')) {
    const geometry = e.constraint?.endsWith('_geom_valid') ?? false;
    return AppError.badRequest(geometry ? 'INVALID_GEOMETRY' : 'INVALID_PROPERTY', `the database refused the feature: ${e.message}`, {
      field: geometry ? 'geometry' : (e.constraint ?? null),
    });
  }
  return err;
}
