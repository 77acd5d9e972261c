import { getLayer, type LayerId } from '@mimamori/db';
import type { CoverageSource } from '../../contracts';
import { type CoverageLine, type DoriLevel, indexSegments, type LineCoverage, passSources, type SegmentIndex } from '../../kernels';
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

interface KernelInput {
  lines: CoverageLine[];
  segments: SegmentIndex;
  /** Per target, its first kernel line (the kernel's lines are the targets' parts in order). */
  firstLine: Uint32Array;
}

/** Kernel lines and their segment index per list of targets: a worker's kept layer is indexed once. */
const prepared = new WeakMap<readonly LineTarget<LineRow>[], KernelInput>();

function kernelInput(targets: readonly LineTarget<LineRow>[]): KernelInput {
  let input = prepared.get(targets);
  if (!input) {
    const lines = kernelLines(targets.map((t) => ({ id: t.row.id, parts: t.parts })));
    const firstLine = new Uint32Array(targets.length + 1);
    targets.forEach((t, k) => (firstLine[k + 1] = firstLine[k] + t.parts.length));
    input = { lines, segments: indexSegments(lines), firstLine };
    prepared.set(targets, input);
  }
  return input;
}

/** The kernel's pass of every camera and light over the targets; a target's result (its parts in order) is made when asked for. */
export interface TargetsPass<R extends LineRow> {
  readonly count: number;
  target(k: number): CoveredTarget<R>;
}

export function passTargets<R extends LineRow>(targets: readonly LineTarget<R>[], scene: CoverageScene, o: LineCoverageOptions): TargetsPass<R> {
  const { lines, segments, firstLine } = kernelInput(targets);
  const pass = passSources(lines, scene.cameras, scene.lights, scene.buildings, {
    occlusion: o.occlusion,
    dori: o.dori,
    night: o.night,
    minGapM: o.minGapM,
    segments,
  });
  return {
    count: targets.length,
    target: (k) => {
      const parts: LineCoverage[] = [];
      for (let i = firstLine[k]; i < firstLine[k + 1]; i++) parts.push(pass.line(i));
      return { row: targets[k].row, parts, coords: targets[k].parts };
    },
  };
}

/** The coverage kernel's result per target, its parts in order. */
export function coverTargets<R extends LineRow>(targets: readonly LineTarget<R>[], scene: CoverageScene, o: LineCoverageOptions): CoveredTarget<R>[] {
  const pass = passTargets(targets, scene, o);
  return targets.map((_, k) => pass.target(k));
}
