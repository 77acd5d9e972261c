import { HttpStatus } from '@nestjs/common';

/** Stable, documented error codes of the API (the `code` of every error body). */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'VALIDATION_FAILED'
  | 'UNKNOWN_LAYER'
  | 'FEATURE_NOT_FOUND'
  | 'FEATURE_NOT_DELETED'
  | 'SHARE_NOT_FOUND'
  | 'INVALID_GEOJSON'
  | 'INVALID_GEOMETRY'
  | 'WRONG_GEOMETRY_TYPE'
  | 'OUT_OF_BOUNDS'
  | 'INVALID_PROPERTY'
  | 'MISSING_PROPERTY'
  | 'UNKNOWN_PROPERTY'
  | 'PRECONDITION_REQUIRED'
  | 'VERSION_CONFLICT'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_TILE'
  | 'UNKNOWN_ANALYSIS_TYPE'
  | 'INVALID_PARAMS'
  | 'RUN_NOT_FOUND'
  | 'RUN_NOT_FINISHED'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS'
  | 'UNSUPPORTED_FORMAT'
  | 'RESERVED_PROPERTY'
  | 'IMPORT_REJECTED'
  | 'INVALID_FILE'
  | 'UNSAFE_ARCHIVE'
  | 'INVALID_QUERY'
  | 'QUEUE_UNAVAILABLE'
  | 'WRONG_ANALYSIS_TYPE'
  | 'SCHOOL_NOT_FOUND'
  | 'FINDING_NOT_FOUND'
  | 'COUNTERMEASURE_NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'PDF_UNAVAILABLE'
  | 'INTERNAL';

export class AppError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  static badRequest(code: ErrorCode, message: string, details?: unknown): AppError {
    return new AppError(HttpStatus.BAD_REQUEST, code, message, details);
  }

  static notFound(code: ErrorCode, message: string, details?: unknown): AppError {
    return new AppError(HttpStatus.NOT_FOUND, code, message, details);
  }
}
