import type { Geometry, LayerInfo } from '../../api/client';
import type { ImportPreview, ImportProblem, PreviewRow } from '../../api/files-api';
import { parseField } from '../edit/property-form-model';
import { parseCsv } from './csv-parse';

/**
 * A preview read in the browser, in the shape of `POST …/import/preview`, for API builds without
 * that endpoint: GeoJSON (FeatureCollection or one feature per line) and CSV with lat/lon
 * columns, in UTF-8 or Shift_JIS. It checks what the form checks (types, required, ranges,
 * geometry type, Japan bounds); the API checks again when the file is imported.
 */
export const PREVIEW_ROWS = 20;

/** Common headers for coordinates and camera fields in Japanese open data. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  lat: ['lat', 'latitude', '緯度', 'y'],
  lon: ['lon', 'lng', 'long', 'longitude', '経度', 'x'],
  name: ['名称', '名前', 'name'],
  bearing_deg: ['方向', '向き', '方位', 'bearing'],
  hfov_deg: ['画角', '水平画角', 'fov'],
  range_m: ['撮影距離', '距離', 'range'],
  status: ['状態', 'status'],
  owner: ['設置者', '管理者', 'owner'],
};

const inJapan = (lon: number, lat: number) => lon >= 122 && lon <= 154 && lat >= 20 && lat <= 46;

/** Text of a file: UTF-8 (with or without BOM) when it decodes cleanly, else Shift_JIS (CP932). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('shift_jis').decode(bytes), encoding: 'shift_jis' };
  }
}

/** Target (a layer property, lat or lon) → the column whose header names it. */
export function detectMapping(layer: LayerInfo, columns: readonly string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  const lower = columns.map((c) => c.trim().toLowerCase());
  const targets = ['lat', 'lon', ...layer.properties.map((p) => p.name)];
  for (const target of targets) {
    const names = [target, ...(ALIASES[target] ?? [])].map((n) => n.toLowerCase());
    const index = lower.findIndex((c) => names.includes(c));
    if (index >= 0 && !Object.values(mapping).includes(columns[index])) mapping[target] = columns[index];
  }
  return mapping;
}

function propertyProblems(layer: LayerInfo, properties: Readonly<Record<string, unknown>>): string | null {
  for (const schema of layer.properties) {
    const value = properties[schema.name];
    const raw = value === undefined || value === null ? '' : typeof value === 'boolean' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    const parsed = parseField(schema, raw);
    if (!parsed.ok) return parsed.message;
  }
  return null;
}

function geoJsonFeatures(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as { type?: string; features?: unknown[] };
      if (parsed.type === 'FeatureCollection' && Array.isArray(parsed.features)) return parsed.features;
      if (parsed.type === 'Feature') return [parsed];
    } catch {
      // Perhaps newline-delimited: one feature per line.
    }
  }
  return trimmed.split(/\r?\n/).filter((line) => line.trim()).map((line) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      return null;
    }
  });
}

export function previewGeoJson(layer: LayerInfo, text: string): ImportPreview {
  const features = geoJsonFeatures(text);
  const accepts = layer.accepts ?? [layer.geometryType];
  const columns: string[] = [];
  const rows: PreviewRow[] = [];
  const problems: ImportProblem[] = [];
  features.forEach((raw, i) => {
    const row = i + 1;
    const feature = raw as { type?: string; geometry?: Geometry | null; properties?: Record<string, unknown> | null } | null;
    const properties = feature?.properties ?? {};
    for (const key of Object.keys(properties)) if (!columns.includes(key)) columns.push(key);
    let reason: string | null = null;
    if (!feature || feature.type !== 'Feature') reason = 'not a GeoJSON Feature';
    else if (!feature.geometry || !accepts.includes(feature.geometry.type)) reason = `geometry must be ${accepts.join(' or ')}, got ${feature.geometry?.type ?? 'none'}`;
    else reason = propertyProblems(layer, properties);
    if (reason) problems.push({ row, reason });
    if (rows.length < PREVIEW_ROWS) rows.push({ row, columns: properties, geometry: feature?.geometry ?? null, problem: reason ? { reason } : null });
  });
  return { format: 'geojson', encoding: 'utf-8', columns, mapping: {}, crs: { name: 'EPSG:4326' }, rows, problems, total: features.length, local: true };
}

export function previewCsv(layer: LayerInfo, text: string, encoding: string, mapping?: Readonly<Record<string, string>>): ImportPreview {
  const [header = [], ...records] = parseCsv(text);
  const chosen = mapping ?? detectMapping(layer, header);
  const rows: PreviewRow[] = [];
  const problems: ImportProblem[] = [];
  records.forEach((record, i) => {
    const row = i + 2;
    const columns = Object.fromEntries(header.map((name, c) => [name, record[c] ?? '']));
    const lon = Number(columns[chosen.lon ?? '']);
    const lat = Number(columns[chosen.lat ?? '']);
    const properties = Object.fromEntries(layer.properties.filter((p) => chosen[p.name]).map((p) => [p.name, columns[chosen[p.name]]]));
    let reason: string | null = null;
    if (!chosen.lat || !chosen.lon) reason = 'no latitude/longitude columns: map them below';
    else if (!Number.isFinite(lon) || !Number.isFinite(lat)) reason = `latitude/longitude must be numbers, got "${columns[chosen.lat]}", "${columns[chosen.lon]}"`;
    else if (!inJapan(lon, lat)) reason = `(${lon}, ${lat}) is outside Japan (lon 122–154, lat 20–46): are latitude and longitude swapped?`;
    else reason = propertyProblems(layer, properties);
    if (reason) problems.push({ row, reason });
    if (rows.length < PREVIEW_ROWS) rows.push({ row, columns, problem: reason ? { reason } : null });
  });
  return { format: 'csv', encoding, columns: header, mapping: chosen, crs: { name: 'EPSG:4326' }, rows, problems, total: records.length, local: true };
}

/** Reads a file the way the API would, as far as the browser can; other formats get no preview. */
export async function previewLocally(layer: LayerInfo, file: File, mapping?: Readonly<Record<string, string>>): Promise<ImportPreview | null> {
  const name = file.name.toLowerCase();
  const { text, encoding } = decodeText(new Uint8Array(await file.arrayBuffer()));
  if (/\.(geo)?json$|\.ndjson$|\.geojsonl?$|\.jsonl$/.test(name)) return previewGeoJson(layer, text);
  if (name.endsWith('.csv') || name.endsWith('.txt')) return previewCsv(layer, text, encoding, mapping);
  return null;
}
