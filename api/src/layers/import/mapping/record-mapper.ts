import type { LayerDefinition, PropertySpec } from '@mimamori/db';
import type { ErrorCode } from '../../../common/app-error';
import type { GeoJsonGeometry } from '../../geojson-types';
import type { SourceRecord } from '../import-types';
import { layerTargets, targetOfHeader } from './column-aliases';
import { coordinatesFromColumns } from './record-coordinates';
import { hasOsmProfile, isOsmRecord, matchOsm, osmGeometry } from './osm-profiles';
import { coerceValue } from './value-coercion';

export interface MapperOptions {
  layer: LayerDefinition;
  /** target (property, lat, lon, x, y, zone, wkt, times) → source column */
  mapping: Record<string, string> | null;
  defaults: Record<string, unknown> | null;
  key: string | null;
  zone: number | null;
  /** The CRS of the source's geometries (null: already EPSG:4326). */
  sourceSrid: number | null;
}

export interface MappedFeature {
  kind: 'feature';
  row: number;
  where?: string;
  columns: Record<string, unknown>;
  feature: { type: 'Feature'; geometry: GeoJsonGeometry; properties: Record<string, unknown> };
  /** PostGIS transforms from this SRID to 4326 when it is not 4326. */
  srid: number;
  dissolve: boolean;
  externalId: string | null;
}

export type Mapped =
  | MappedFeature
  | { kind: 'rejected'; row: number; where?: string; columns: Record<string, unknown>; reason: string; code: ErrorCode; field: string }
  | { kind: 'skipped'; reason: string };

/** Columns that are a source's own row ids: meaningless here unless named as the `key`. */
const SOURCE_IDS = new Set(['id', 'fid']);
const CRIME_COLUMN = /^crime_([RH])(\d{1,2})_(.+)$/i;
const ERA_START: Record<string, number> = { R: 2018, H: 1988 };

/**
 * Turns one source record into a GeoJSON Feature for a layer: columns go to properties by the
 * explicit mapping, else by recognised headers (or OSM tags), values are converted to the
 * property types, the rest is kept as extra properties. The validator then judges the result.
 */
export class RecordMapper {
  /** target → column actually used, for the preview. */
  readonly used = new Map<string, string>();
  /** Every name a column can map to; a column so named but not used is dropped, not kept as extra. */
  private readonly targets: Set<string>;
  /** Targets found by header recognition (those not mapped explicitly). */
  private readonly allowed: Set<string>;
  private readonly detected = new Map<string, string | null>();
  private readonly explicitColumns: Set<string>;
  private readonly osm: boolean;

  constructor(private readonly options: MapperOptions) {
    this.targets = layerTargets(options.layer);
    this.allowed = new Set(this.targets);
    for (const target of Object.keys(options.mapping ?? {})) this.allowed.delete(target);
    this.explicitColumns = new Set(Object.values(options.mapping ?? {}));
    this.osm = hasOsmProfile(options.layer);
  }

  map(record: SourceRecord): Mapped {
    if (record.skip) return { kind: 'skipped', reason: record.skip };
    const base = { row: record.row, where: record.where, columns: record.columns };
    if (record.problem) {
      const [code, field] = [record.problemCode ?? 'INVALID_FILE', record.problemField ?? 'file'];
      return { kind: 'rejected', ...base, reason: record.problem, code, field };
    }
    const osm = this.osm && isOsmRecord(record.columns) ? matchOsm(this.options.layer, record.columns) : null;
    if (osm && 'skip' in osm) return { kind: 'skipped', reason: osm.skip };

    const columnOf = this.resolveColumns(record.columns);
    const consumed = new Set<string>([...columnOf.values(), ...(osm?.consumed ?? [])]);
    const properties = this.properties(record.columns, columnOf, osm?.properties ?? {}, consumed);
    for (const [column, value] of Object.entries(record.columns)) {
      if (consumed.has(column) || value === null || value === undefined || value === '') continue;
      if (SOURCE_IDS.has(column.toLowerCase()) || this.targets.has(column) || column in properties) continue;
      properties[column] = value;
    }

    const located = this.geometry(record, columnOf);
    if ('reason' in located) return { kind: 'rejected', ...base, ...located };
    if (this.options.layer.geometry === 'LineStringM') withTrackTimes(properties, record, columnOf, located.measures);

    let externalId: string | null = null;
    if (this.options.key) {
      const value = record.columns[this.options.key];
      if (value === null || value === undefined || String(value).trim() === '') {
        return { kind: 'rejected', ...base, reason: `the key column ${this.options.key} is empty`, code: 'MISSING_PROPERTY', field: this.options.key };
      }
      externalId = String(value).trim();
    }
    return {
      kind: 'feature',
      ...base,
      feature: { type: 'Feature', geometry: located.geometry, properties },
      srid: located.srid,
      dissolve: record.dissolve ?? false,
      externalId,
    };
  }

  /** target → column the mapper would use for a file with these columns. */
  resolve(columns: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const [target, column] of Object.entries(this.options.mapping ?? {})) if (columns.includes(column)) out.set(target, column);
    for (const column of columns) {
      const target = this.explicitColumns.has(column) ? null : targetOfHeader(column, this.allowed);
      if (target && !out.has(target)) out.set(target, column);
    }
    return out;
  }

  /** target → column for this record's columns. */
  private resolveColumns(columns: Record<string, unknown>): Map<string, string> {
    const out = new Map<string, string>();
    for (const [target, column] of Object.entries(this.options.mapping ?? {})) {
      if (column in columns) out.set(target, column);
    }
    for (const column of Object.keys(columns)) {
      if (this.explicitColumns.has(column)) continue;
      let target = this.detected.get(column);
      if (target === undefined) {
        target = targetOfHeader(column, this.allowed);
        this.detected.set(column, target);
      }
      if (target && !out.has(target)) out.set(target, column);
    }
    for (const [target, column] of out) if (!this.used.has(target)) this.used.set(target, column);
    return out;
  }

  private properties(
    columns: Record<string, unknown>,
    columnOf: Map<string, string>,
    fromOsm: Record<string, unknown>,
    consumed: Set<string>,
  ): Record<string, unknown> {
    const { layer, defaults, mapping } = this.options;
    const properties: Record<string, unknown> = {};
    for (const spec of layer.properties) {
      const column = columnOf.get(spec.name);
      const explicit = mapping !== null && Object.hasOwn(mapping, spec.name);
      let value = column !== undefined ? coerceValue(spec, columns[column]) : null;
      if (!explicit && fromOsm[spec.name] !== undefined && fromOsm[spec.name] !== null) value = fromOsm[spec.name];
      if (spec.type === 'json' && spec.name === 'crimes' && value === null) value = crimesFromColumns(columns, consumed);
      if ((value === null || value === undefined) && defaults && Object.hasOwn(defaults, spec.name)) value = coerceValue(spec, defaults[spec.name]);
      if (value !== null && value !== undefined) properties[spec.name] = value;
    }
    return properties;
  }

  private geometry(
    record: SourceRecord,
    columnOf: Map<string, string>,
  ): { geometry: GeoJsonGeometry; srid: number; measures: (number | null)[] | null } | { reason: string; code: ErrorCode; field: string } {
    const { layer, sourceSrid, zone } = this.options;
    if (record.geometry) {
      const shaped = this.osm && isOsmRecord(record.columns) ? osmGeometry(layer, record.geometry) : record.geometry;
      if (typeof shaped === 'string') return { reason: shaped, code: 'INVALID_GEOMETRY', field: 'geometry' };
      return { geometry: shaped, srid: record.srid ?? sourceSrid ?? 4326, measures: null };
    }
    return coordinatesFromColumns(record.columns, columnOf, { zone, srid: sourceSrid });
  }
}

/** `{"2025": {"total": 64, …}}` from e-Stat style columns crime_R7_total, crime_R7_burglary… */
function crimesFromColumns(columns: Record<string, unknown>, consumed: Set<string>): Record<string, Record<string, number>> | null {
  const out: Record<string, Record<string, number>> = {};
  for (const [column, raw] of Object.entries(columns)) {
    const m = CRIME_COLUMN.exec(column);
    if (!m) continue;
    consumed.add(column);
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(value)) continue;
    const year = String(ERA_START[m[1].toUpperCase()] + Number(m[2]));
    (out[year] ??= {})[m[3]] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}

function withTrackTimes(
  properties: Record<string, unknown>,
  record: SourceRecord,
  columnOf: Map<string, string>,
  measures: (number | null)[] | null,
): void {
  const column = columnOf.get('times');
  let times: unknown = record.times ?? measures ?? (column ? coerceValue(TIMES_SPEC, record.columns[column]) : null);
  if (Array.isArray(times)) times = times.map((t) => (typeof t === 'number' && Number.isNaN(t) ? null : t));
  if (times === null || times === undefined) return;
  properties.times = times;
  if (!Array.isArray(times)) return;
  const known = times.filter((t): t is number => typeof t === 'number' && Number.isFinite(t));
  if (known.length === 0) return;
  properties.started_at ??= new Date(Math.min(...known) * 1000).toISOString();
  properties.ended_at ??= new Date(Math.max(...known) * 1000).toISOString();
}

const TIMES_SPEC: PropertySpec = { name: 'times', type: 'json', description: 'per-vertex times' };
