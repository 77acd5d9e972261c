import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finalize, Observable } from 'rxjs';
import { AppError } from '../../common/app-error';
import { InjectConfig } from '../../core/core.module';
import { tooLarge } from './import-errors';

/** An upload as the import reads it: a temporary file on disk, deleted after the response. */
export interface UploadedFileLike {
  originalname: string;
  path: string;
  size: number;
}

/** Multipart boundaries and headers around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * Receives the multipart field `file` onto disk (never into memory), refusing more than
 * `maxUploadBytes` with 413 — at once when Content-Length announces it, else when the stream
 * passes the limit — and deletes the temporary file once the request is answered.
 */
@Injectable()
export class UploadInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Upload');
  private readonly receive: (req: Request, res: Response, done: (err?: unknown) => void) => void;

  constructor(@InjectConfig() private readonly config: MimamoriConfig) {
    const dir = join(tmpdir(), 'mimamori-uploads');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const storage = multer.diskStorage({ destination: dir, filename: (_req, _file, cb) => cb(null, randomBytes(16).toString('hex')) });
    this.receive = multer({ storage, limits: { fileSize: config.maxUploadBytes, files: 1, fields: 20, parts: 25 } }).single('file');
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.config.maxUploadBytes + MULTIPART_OVERHEAD) throw tooLarge(this.config.maxUploadBytes);
    await new Promise<void>((resolve, reject) => this.receive(req, res, (err) => (err ? reject(this.asAppError(err)) : resolve())));
    const file = req.file as UploadedFileLike | undefined;
    return next.handle().pipe(
      finalize(() => {
        if (file) rm(file.path, { force: true }).catch((err: Error) => this.logger.warn(`cannot delete upload ${file.path}: ${err.message}`));
      }),
    );
  }

  private asAppError(err: unknown): unknown {
    if (!(err instanceof MulterError)) {
      const message = (err as Error).message ?? String(err);
      return /Unexpected end of form|Multipart: Boundary not found|Malformed part header/i.test(message)
        ? AppError.badRequest('BAD_REQUEST', `the multipart/form-data body is broken: ${message}`, { field: 'file' })
        : err;
    }
    switch (err.code) {
      case 'LIMIT_FILE_SIZE':
        return tooLarge(this.config.maxUploadBytes);
      case 'LIMIT_UNEXPECTED_FILE':
      case 'LIMIT_FILE_COUNT':
        return AppError.badRequest('BAD_REQUEST', `send one file, as the multipart/form-data field "file" (got "${err.field ?? '?'}")`, { field: 'file' });
      case 'LIMIT_PART_COUNT':
      case 'LIMIT_FIELD_KEY':
      case 'LIMIT_FIELD_VALUE':
      case 'LIMIT_FIELD_COUNT':
      case 'MISSING_FIELD_NAME':
        return AppError.badRequest('BAD_REQUEST', `the multipart/form-data body is not accepted: ${err.message}`, { field: 'file' });
    }
  }
}
