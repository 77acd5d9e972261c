import type { LayerDefinition, Sensitivity } from '@mimamori/db';
import { validateNewFeature, type ValidFeature } from '../feature-validator';
import type { GeoJsonGeometry } from '../geojson-types';
import type { RejectedRow, SourceReader } from './import-types';
import type { Mapped, MappedFeature, RecordMapper } from './mapping/record-mapper';

/** Records mapped, transformed and checked together. */
const BATCH = 1000;
/** Rows listed in a report; the count is always complete. */
export const MAX_REPORTED = 10_000;

export interface AcceptedRow {
  row: number;
  /** Where the record is in the file, for a problem found later ("way 123 (line 456)"). */
  where: string | null;
  feature: ValidFeature;
  externalId: string | null;
}

/** What became of one record, for previews. */
export interface RowOutcome {
  row: number;
  columns: Record<string, unknown>;
  geometry: GeoJsonGeometry | null;
  properties: Record<string, unknown> | null;
  problem: { code: string; field: string; reason: string } | null;
}

export interface PipelineSink {
  /** Called once per batch, in file order; `rejectedSoFar` counts every rejection up to here. */
  accept(rows: AcceptedRow[], rejectedSoFar: number): Promise<void>;
  outcome?(outcome: RowOutcome): void;
}

export interface PipelineChecks {
  layer: LayerDefinition;
  clearance: Sensitivity;
  toWgs84(items: { geometry: GeoJsonGeometry; srid: number; dissolve: boolean }[]): Promise<({ geometry: GeoJsonGeometry } | { error: string })[]>;
  /** Absent when the sink checks geometry validity itself (the staged import does it in SQL). */
  invalidGeometries?(geometries: string[]): Promise<Map<number, string>>;
}

/** Counts so far, after each batch. */
export interface PipelineProgress {
  read: number;
  accepted: number;
  rejected: number;
}

export interface PipelineResult {
  read: number;
  accepted: number;
  rejected: RejectedRow[];
  rejectedCount: number;
  skipped: Map<string, number>;
}

/**
 * Reads every record of a source and hands the valid ones to the sink in batches: mapped to
 * the layer, transformed to EPSG:4326 in PostGIS, judged by the same validator as single
 * features, then by PostGIS validity. Every other record is reported with its row and reason.
 */
export async function runPipeline(
  reader: SourceReader,
  mapper: RecordMapper,
  checks: PipelineChecks,
  sink: PipelineSink,
  progress?: (counts: PipelineProgress) => void,
): Promise<PipelineResult> {
  const result: PipelineResult = { read: 0, accepted: 0, rejected: [], rejectedCount: 0, skipped: new Map() };
  const keys = new Map<string, number>();
  const reject = (row: RejectedRow) => {
    result.rejectedCount++;
    if (result.rejected.length < MAX_REPORTED) result.rejected.push(row);
  };
  let batch: Mapped[] = [];
  const flush = async () => {
    const accepted = await checkBatch(batch, checks, keys, reject, sink);
    result.accepted += accepted.length;
    await sink.accept(accepted, result.rejectedCount);
    batch = [];
    progress?.({ read: result.read, accepted: result.accepted, rejected: result.rejectedCount });
  };
  for await (const record of reader.records()) {
    const mapped = mapper.map(record);
    if (mapped.kind === 'skipped') {
      result.skipped.set(mapped.reason, (result.skipped.get(mapped.reason) ?? 0) + 1);
      continue;
    }
    result.read++;
    batch.push(mapped);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  result.rejected.sort((a, b) => a.row - b.row);
  return result;
}

async function checkBatch(
  batch: Mapped[],
  checks: PipelineChecks,
  keys: Map<string, number>,
  reject: (row: RejectedRow) => void,
  sink: PipelineSink,
): Promise<AcceptedRow[]> {
  const fail = (m: { row: number; where?: string; columns: Record<string, unknown> }, code: RejectedRow['code'], field: string, reason: string) => {
    const full = m.where ? `${m.where}: ${reason}` : reason;
    reject({ row: m.row, reason: full, code, field });
    sink.outcome?.({ row: m.row, columns: m.columns, geometry: null, properties: null, problem: { code, field, reason: full } });
  };
  const features: MappedFeature[] = [];
  for (const m of batch) {
    if (m.kind === 'rejected') fail(m, m.code, m.field, m.reason);
    else if (m.kind === 'feature') features.push(m);
  }
  const untransformable = await transform(features, checks, fail);

  const candidates: { mapped: MappedFeature; valid: ValidFeature }[] = [];
  for (const m of features) {
    if (untransformable.has(m)) continue;
    const result = validateNewFeature({ layer: checks.layer, clearance: checks.clearance }, m.feature);
    if (!result.ok) {
      fail(m, result.rejection.code, result.rejection.field, result.rejection.message);
      continue;
    }
    if (m.externalId !== null) {
      const first = keys.get(m.externalId);
      if (first !== undefined) {
        fail(m, 'INVALID_PROPERTY', 'key', `the key ${JSON.stringify(m.externalId)} appears again (first at row ${first}); keys must be unique in a file`);
        continue;
      }
      keys.set(m.externalId, m.row);
    }
    candidates.push({ mapped: m, valid: result.feature });
  }

  const invalid = checks.invalidGeometries ? await checks.invalidGeometries(candidates.map((c) => JSON.stringify(c.valid.geometry))) : new Map<number, string>();
  const accepted: AcceptedRow[] = [];
  candidates.forEach(({ mapped, valid }, i) => {
    const reason = invalid.get(i);
    if (reason !== undefined) return fail(mapped, 'INVALID_GEOMETRY', 'geometry', `the geometry is not valid: ${reason}`);
    accepted.push({ row: mapped.row, where: mapped.where ?? null, feature: valid, externalId: mapped.externalId });
    sink.outcome?.({ row: mapped.row, columns: mapped.columns, geometry: valid.geometry, properties: mapped.feature.properties, problem: null });
  });
  return accepted;
}

/** Geometries not in EPSG:4326 (or to be dissolved) go through PostGIS; returns those it refused. */
async function transform(
  features: MappedFeature[],
  checks: PipelineChecks,
  fail: (m: MappedFeature, code: RejectedRow['code'], field: string, reason: string) => void,
): Promise<Set<MappedFeature>> {
  const pending = features.filter((f) => f.srid !== 4326 || f.dissolve);
  const results = await checks.toWgs84(pending.map((f) => ({ geometry: f.feature.geometry, srid: f.srid, dissolve: f.dissolve })));
  const refused = new Set<MappedFeature>();
  pending.forEach((f, i) => {
    const r = results[i];
    if ('geometry' in r) {
      f.feature.geometry = r.geometry;
      return;
    }
    fail(f, 'INVALID_GEOMETRY', 'geometry', `the coordinates cannot be transformed from EPSG:${f.srid}: ${r.error}`);
    refused.add(f);
  });
  return refused;
}
