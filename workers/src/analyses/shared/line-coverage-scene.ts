import { getLayer, type LayerId } from '@mimamori/db';
import type { CoverageSource } from '../../contracts';
import { computeLineCoverage, type CoverageLine, type DoriLevel, indexSegments, type LineCoverage, type SegmentIndex } from '../../kernels';
import type { TargetCoverage } from '../coverage/coverage-features';
import { kernelLines } from '../coverage/coverage-geometry';
import type { TargetRow } from '../coverage/coverage.repository';
import type { CoverageScene, LineTarget, Reach } from './coverage-inputs';

function registryMax(layer: LayerId, property: string): number {
  const max = getLayer(layer).properties.find((p) => p.name === property)?.max;
  if (max === undefined) throw new Error(`the layer registry gives ${layer}.${property} no maximum`);
  return max;
}

/** Largest range or radius any feature may have (the layer registry's bounds): the load margin of a whole run. */
export const REGISTRY_REACH: Reach = { cameraM: registryMax('cameras', 'range_m'), lightM: registryMax('streetlights', 'radius_m') };

/** What decides coverage along lines; `coverage` and `route-audit` pass the same options for the same numbers. */
export interface LineCoverageOptions {
  sources: readonly CoverageSource[];
  includePlanned: boolean;
  occlusion: boolean;
  dori?: DoriLevel;
  night: boolean;
  minGapM: number;
  cameraDefaults: { resolutionPx: number };
}

/** A target line as read: at least its id and name. */
export type LineRow = Pick<TargetRow, 'id' | 'name'>;

export type CoveredTarget<R extends LineRow = TargetRow> = TargetCoverage<R>;

/** The coverage kernel's result per target, its parts in order. */
/** Kernel lines and their segment index per list of targets: a worker's kept layer is indexed once. */
const prepared = new WeakMap<readonly LineTarget<LineRow>[], { lines: CoverageLine[]; segments: SegmentIndex }>();

function kernelInput(targets: readonly LineTarget<LineRow>[]): { lines: CoverageLine[]; segments: SegmentIndex } {
  let input = prepared.get(targets);
  if (!input) {
    const lines = kernelLines(targets.map((t) => ({ id: t.row.id, parts: t.parts })));
    input = { lines, segments: indexSegments(lines) };
    prepared.set(targets, input);
  }
  return input;
}

export function coverTargets<R extends LineRow>(targets: readonly LineTarget<R>[], scene: CoverageScene, o: LineCoverageOptions): CoveredTarget<R>[] {
  const { lines, segments } = kernelInput(targets);
  const result = computeLineCoverage(lines, scene.cameras, scene.lights, scene.buildings, {
    occlusion: o.occlusion,
    dori: o.dori,
    night: o.night,
    minGapM: o.minGapM,
    segments,
  });
  // The kernel's lines are the targets' parts in order.
  let next = 0;
  return targets.map((t) => {
    const parts: LineCoverage[] = result.lines.slice(next, next + t.parts.length);
    next += t.parts.length;
    return { row: t.row, parts, coords: t.parts };
  });
}
