import { AppError } from '../common/app-error';
import { isPlainObject } from './geojson-types';
import { lineAndColumn, parseJson } from './json-syntax';

export type ImportFormat = 'geojson' | 'ndjson';

/** One feature of an import file; `row` is its 1-based number in the collection (NDJSON: line). */
export interface SourceFeature {
  row: number;
  feature: unknown;
}

const RECORD_SEPARATOR = '\u001e';

/** Decodes an uploaded file as UTF-8 text (RFC 7946 requires UTF-8), dropping a BOM. */
export function decodeUtf8(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    throw AppError.badRequest('INVALID_GEOJSON', 'the file is not UTF-8 text; GeoJSON must be UTF-8 (RFC 7946)', { field: 'file' });
  }
}

/** The features of a GeoJSON FeatureCollection, a single Feature, or newline-delimited GeoJSON. */
export function readGeoJsonFeatures(text: string, format: ImportFormat): SourceFeature[] {
  if (format === 'ndjson') return readLines(text);
  const whole = parseJson(text);
  if (whole.ok) return featuresOf(whole.value);
  if (looksLineDelimited(text)) return readLines(text);
  const { message, position, line, column } = whole.problem;
  throw AppError.badRequest('INVALID_GEOJSON', `the file is not valid JSON: ${message}`, { field: 'file', position, line, column });
}

function featuresOf(value: unknown): SourceFeature[] {
  if (isPlainObject(value) && value.type === 'FeatureCollection') {
    if (!Array.isArray(value.features)) {
      throw AppError.badRequest('INVALID_GEOJSON', 'the FeatureCollection has no "features" array', { field: 'features' });
    }
    return value.features.map((feature, i) => ({ row: i + 1, feature }));
  }
  if (isPlainObject(value) && value.type === 'Feature') return [{ row: 1, feature: value }];
  const got = isPlainObject(value) && typeof value.type === 'string' ? `a ${value.type}` : Array.isArray(value) ? 'an array' : typeof value;
  throw AppError.badRequest('INVALID_GEOJSON', `expected a GeoJSON FeatureCollection (or a Feature), got ${got}`, { field: 'type' });
}

function looksLineDelimited(text: string): boolean {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.length > 1 && parseJson(stripSeparator(lines[0])).ok;
}

function readLines(text: string): SourceFeature[] {
  const out: SourceFeature[] = [];
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = stripSeparator(lines[i]);
    if (line.trim() !== '') {
      const parsed = parseJson(line);
      if (!parsed.ok) {
        const at = offset + (lines[i].length - line.length) + parsed.problem.position;
        const { column } = lineAndColumn(line, parsed.problem.position);
        const reason = parsed.problem.message.replace(/ at line \d+, column \d+ \(position \d+\)$/, '');
        throw AppError.badRequest('INVALID_GEOJSON', `line ${i + 1} is not valid JSON: ${reason} at column ${column}`, {
          field: 'file',
          position: at,
          line: i + 1,
          column,
        });
      }
      out.push({ row: i + 1, feature: parsed.value });
    }
    offset += lines[i].length + 1;
  }
  return out;
}

function stripSeparator(line: string): string {
  return line.startsWith(RECORD_SEPARATOR) ? line.slice(1) : line;
}
