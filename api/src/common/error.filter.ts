import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { AppError, ErrorCode } from './app-error';
import { OUTAGE_MESSAGES, outageOf } from '../core/outage-errors';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode | string;
  message: string;
  details?: unknown;
}

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  428: 'PRECONDITION_REQUIRED',
  429: 'TOO_MANY_REQUESTS',
};

/** Maps every error to the contract's JSON shape; unknown errors become 500 with a correlation id. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof AppError) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const raw = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      const message = Array.isArray(raw.message) ? raw.message.join('; ') : String(raw.message ?? exception.message);
      const code = (raw.code as string | undefined) ?? CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
      return { statusCode: status, code, message, details: Array.isArray(raw.message) ? raw.message : raw.details };
    }
    if (isBodyParserError(exception)) {
      const status = exception.status ?? 400;
      return {
        statusCode: status,
        code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INVALID_GEOJSON',
        message: status === 413 ? 'request body is too large' : `request body is not valid JSON: ${exception.message}`,
      };
    }
    const outage = outageOf(exception);
    if (outage) {
      this.logger.warn(`${outage}: ${(exception as Error).message}`);
      return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, code: outage, message: OUTAGE_MESSAGES[outage] };
    }
    const correlationId = randomUUID();
    this.logger.error(`[${correlationId}] ${(exception as Error)?.stack ?? String(exception)}`);
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL', message: `internal error (correlation id ${correlationId})` };
  }
}

function isBodyParserError(e: unknown): e is { status?: number; type: string; message: string } {
  return typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string' && 'status' in e;
}
