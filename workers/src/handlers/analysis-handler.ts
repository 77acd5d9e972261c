import { DiscoveryService } from '@nestjs/core';
import type { AnalysisType, ParamsCheck } from '../contracts';
import type { ByteWriter } from '../runs/byte-writer';

/**
 * A result feature as handlers produce it. Its geometry is one of: GeoJSON in EPSG:4326
 * (`geometry`), GeoJSON in the run's metric zone (`metricGeometry`, transformed when written), or
 * the geometry of a layer feature (`geometryOf`, copied in SQL without passing through the worker).
 */
export interface ResultFeature {
  kind: string;
  geometry: object | null;
  properties: Record<string, unknown>;
  metricGeometry?: object;
  geometryOf?: { table: string; id: number };
  /** Adds `properties.block`: the name of the block (町丁目) under the middle of the geometry. */
  withBlockName?: boolean;
}

/**
 * A coverage result line as stored (table coverage_line): its properties, its blind and dark spots
 * as positions along its parts (cut into LineStrings when read) and its geometry as the run read it.
 */
export interface CoverageLineRecord {
  targetId: number;
  /** Its lengths as in the properties (to the centimetre): summed by incremental runs. */
  figures: { lengthM: number; seenM: number; litM: number; seenOrLitM: number };
  spotCounts: { blind: number; dark: number };
  /** The line the spots were computed on, as EWKB in EPSG:4326 (clipped to the area when one was given). */
  ewkb: Uint8Array;
  /** Writes the line feature's properties as JSON. */
  writeProperties(out: ByteWriter): void;
  /** Writes per spot [0 blind | 1 dark, part (1-based), from, to (metres along the part), lengthM, fromM, toM] as JSON. */
  writeSpots(out: ByteWriter): void;
}

/** A run's coverage lines: made one by one as they are written (arrays are fine too). */
export interface CoverageLines extends Iterable<CoverageLineRecord> {
  readonly length: number;
}

export interface AnalysisResult {
  features: ResultFeature[];
  /** A function when the summary is known only once `coverageLines` are written (they are made as they are written). */
  summary: Record<string, unknown> | (() => Record<string, unknown>);
  coverageLines?: CoverageLines;
}

export interface RunInfo<P> {
  id: string;
  type: AnalysisType;
  params: P;
  organisationId: string | null;
  createdBy: string | null;
}

export interface AnalysisContext<P> {
  run: RunInfo<P>;
  /** JGD2011 plane-rectangular zone for every length and area. */
  metricSrid: number;
  /** Reports progress in [0, 1]; cheap to call often (writes are throttled). Throws RunCancelledError like throwIfCancelled. */
  progress(fraction: number, message?: string): Promise<void>;
  /** Throws RunCancelledError once the run has been cancelled; call between units of work. */
  throwIfCancelled(): Promise<void>;
}

export interface AnalysisHandler<P = unknown> {
  /** Pure check of the params (the same check the API runs before storing a run). */
  validate(params: unknown): ParamsCheck<P>;
  /** Computes the result; writing it is the run processor's job. */
  run(ctx: AnalysisContext<P>): Promise<AnalysisResult>;
}

/** Marks a provider as the handler of one analysis type; found at boot by the HandlerRegistry. */
export const AnalysisHandler = DiscoveryService.createDecorator<AnalysisType>();
