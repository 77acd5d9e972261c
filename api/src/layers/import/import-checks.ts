import type { LayerDefinition } from '@mimamori/db';
import { AppError } from '../../common/app-error';
import type { ImportOptions } from './import-options';
import type { RejectedRow, SourceReader } from './import-types';
import type { RecordMapper } from './mapping/record-mapper';

/**
 * When the columns are known up front (CSV, Shapefile, GeoPackage), a mapping or key naming a
 * missing one is a 400, and so is a CSV import without coordinate columns; a preview of such a
 * CSV answers with a note instead, so that the columns can be mapped.
 */
export function checkColumns(layer: LayerDefinition, options: ImportOptions, mapper: RecordMapper, reader: SourceReader, purpose: 'import' | 'preview'): void {
  const columns = reader.info.columns;
  if (columns.length === 0) return;
  const list = columns.join(', ');
  const missing = (field: string, message: string) => AppError.badRequest('INVALID_QUERY', message, { field, columns });
  for (const [target, column] of Object.entries(options.mapping ?? {})) {
    if (!columns.includes(column)) throw missing('mapping', `mapping.${target} names the column "${column}", which the file does not have; its columns: ${list}`);
  }
  if (options.key !== null && !columns.includes(options.key)) {
    throw missing('key', `key names the column "${options.key}", which the file does not have; its columns: ${list}`);
  }
  if (reader.info.format !== 'csv') return;
  const found = mapper.resolve(columns);
  if (found.has('wkt') || (found.has('lat') && found.has('lon')) || (found.has('x') && found.has('y'))) return;
  const need = layer.geometry === 'Point' ? 'lat/lon (緯度/経度), x/y with zone=, or wkt' : 'a wkt column';
  const message = `the CSV has no coordinate columns (columns: ${list}); name them ${need}, or send mapping={"lat":"…","lon":"…"}`;
  if (purpose === 'import') throw missing('mapping', message);
  reader.info.notes.push(message);
}

export function rejectedFile(read: number, rejected: RejectedRow[], rejectedCount: number): AppError {
  const first = rejected[0];
  return AppError.badRequest(
    'IMPORT_REJECTED',
    `${rejectedCount} of ${read} features are invalid, so nothing was imported (mode=strict; ` +
      `mode=skip-invalid imports the valid ones). Row ${first.row}: ${first.reason}`,
    { rejected, rejectedCount },
  );
}

/** Rejections found while reading and those found in SQL, by row, at most `limit` of them. */
export function mergeRejections(a: readonly RejectedRow[], b: readonly RejectedRow[], limit: number): RejectedRow[] {
  return [...a, ...b].sort((x, y) => x.row - y.row).slice(0, limit);
}
