import type { LayerDefinition } from '@mimamori/db';
import { isPlainObject } from '../geojson-types';
import { parseImportMode, type ImportMode } from '../request-params';
import { invalidQuery } from './import-errors';
import { parseFormat } from './import-formats';
import type { ImportFormatId } from './import-types';
import { layerTargets } from './mapping/column-aliases';
import { parseZone } from './mapping/value-coercion';
import { normaliseEncoding, SUPPORTED_ENCODINGS } from './text-encoding';

/** The query of POST /layers/{layer}/import and /import/preview, as received. */
export interface ImportQuery {
  format?: string;
  encoding?: string;
  mode?: string;
  mapping?: string;
  key?: string;
  defaults?: string;
  zone?: string;
  sourceLayer?: string;
  limit?: string;
  async?: string;
}

export interface ImportOptions {
  format: ImportFormatId | null;
  /** iconv-lite name. */
  encoding: string | null;
  mode: ImportMode;
  /** target → source column, as the client sent it. */
  mapping: Record<string, string> | null;
  key: string | null;
  defaults: Record<string, unknown> | null;
  zone: number | null;
  sourceLayer: string | null;
  /** Rows a preview shows. */
  limit: number;
}

export const PREVIEW_ROWS = 20;
const MAX_PREVIEW_ROWS = 500;

const OPTION_NAMES: readonly string[] = ['format', 'encoding', 'mode', 'mapping', 'key', 'defaults', 'zone', 'sourceLayer', 'limit', 'async'];

/** Checks every import option against the layer before the file is read. */
export function parseImportOptions(layer: LayerDefinition, raw: ImportQuery): ImportOptions {
  const query = singleValues(raw);
  return {
    format: parseFormat(query.format),
    encoding: parseEncoding(query.encoding),
    mode: parseImportMode(query.mode),
    mapping: parseMapping(layer, query.mapping),
    key: blankToNull(query.key),
    defaults: parseDefaults(layer, query.defaults),
    zone: parseZoneParam(query.zone),
    sourceLayer: blankToNull(query.sourceLayer),
    limit: parseLimit(query.limit),
  };
}

/** Rejects unknown options (a typo would otherwise be ignored) and repeated ones. */
function singleValues(query: ImportQuery): ImportQuery {
  for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
    if (!OPTION_NAMES.includes(name)) throw invalidQuery(name, `unknown option ${name}; the options are ${OPTION_NAMES.join(', ')}`);
    if (typeof value !== 'string') throw invalidQuery(name, `give ${name} once, as text`);
  }
  return query;
}

function blankToNull(raw: string | undefined): string | null {
  return raw === undefined || raw.trim() === '' ? null : raw.trim();
}

function parseEncoding(raw: string | undefined): string | null {
  const label = blankToNull(raw);
  if (label === null) return null;
  const name = normaliseEncoding(label);
  if (!name) throw invalidQuery('encoding', `encoding=${label} is not supported; use one of ${SUPPORTED_ENCODINGS.join(', ')}`);
  return name;
}

function parseJsonObject(field: string, raw: string | undefined, example: string): Record<string, unknown> | null {
  const text = blankToNull(raw);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidQuery(field, `${field} must be a JSON object, e.g. ${example}`);
  }
  if (!isPlainObject(value)) throw invalidQuery(field, `${field} must be a JSON object, e.g. ${example}`);
  return value;
}

function parseMapping(layer: LayerDefinition, raw: string | undefined): Record<string, string> | null {
  const value = parseJsonObject('mapping', raw, '{"lat":"緯度","lon":"経度","bearing_deg":"方向"}');
  if (value === null) return null;
  const targets = layerTargets(layer);
  const out: Record<string, string> = {};
  for (const [target, column] of Object.entries(value)) {
    if (!targets.has(target)) {
      throw invalidQuery('mapping', `mapping.${target}: ${layer.id} has no property ${target}; map to one of ${[...targets].join(', ')}`);
    }
    if (typeof column !== 'string' || column.trim() === '') {
      throw invalidQuery('mapping', `mapping.${target} must name a column of the file, got ${JSON.stringify(column)}`);
    }
    out[target] = column;
  }
  return out;
}

function parseDefaults(layer: LayerDefinition, raw: string | undefined): Record<string, unknown> | null {
  const value = parseJsonObject('defaults', raw, '{"kind":"koban"}');
  if (value === null) return null;
  const names = layer.properties.map((p) => p.name);
  for (const key of Object.keys(value)) {
    if (!names.includes(key)) throw invalidQuery('defaults', `defaults.${key}: ${layer.id} has no property ${key}; its properties: ${names.join(', ')}`);
  }
  return value;
}

function parseZoneParam(raw: string | undefined): number | null {
  const text = blankToNull(raw);
  if (text === null) return null;
  const zone = parseZone(text);
  if (zone === null) throw invalidQuery('zone', `zone must be a JGD2011 plane-rectangular zone 1–19 (e.g. 9 for Tokyo), got "${text}"`);
  return zone;
}

function parseLimit(raw: string | undefined): number {
  const text = blankToNull(raw);
  if (text === null) return PREVIEW_ROWS;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_PREVIEW_ROWS) throw invalidQuery('limit', `limit must be a whole number from 1 to ${MAX_PREVIEW_ROWS}, got "${text}"`);
  return n;
}

/** `async=true`: answer 202 at once and import in the background, with progress at GET /api/imports/{id}. */
export function parseAsync(raw: ImportQuery): boolean {
  const value = raw.async;
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw invalidQuery('async', 'async must be true or false');
}
