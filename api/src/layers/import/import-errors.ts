import { HttpStatus } from '@nestjs/common';
import { AppError } from '../../common/app-error';

/** A file that cannot be read at all (broken XML, CSV quoting, a Shapefile without its .dbf). */
export function invalidFile(message: string, details: Record<string, unknown> = {}): AppError {
  return AppError.badRequest('INVALID_FILE', message, { field: 'file', ...details });
}

/** An archive that would write outside its folder or expand beyond the limits. */
export function unsafeArchive(message: string, entry: string | null): AppError {
  return AppError.badRequest('UNSAFE_ARCHIVE', message, { field: 'file', entry });
}

export function invalidQuery(field: string, message: string): AppError {
  return AppError.badRequest('INVALID_QUERY', message, { field });
}

export function tooLarge(limitBytes: number): AppError {
  return new AppError(
    HttpStatus.PAYLOAD_TOO_LARGE,
    'PAYLOAD_TOO_LARGE',
    `the upload is larger than the limit of ${formatBytes(limitBytes)} (MAX_UPLOAD_BYTES); split the file or raise the limit`,
    { field: 'file', limitBytes },
  );
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024 && bytes % (1024 * 1024 * 1024) === 0) return `${bytes / (1024 * 1024 * 1024)} GiB`;
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
