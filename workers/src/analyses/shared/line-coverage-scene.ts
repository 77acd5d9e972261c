import type { CoverageSource } from '../../contracts';
import {
  type BuildingIndex,
  type Camera,
  computeLineCoverage,
  type DoriLevel,
  indexBuildings,
  type Light,
  type LineCoverage,
  type Vec,
} from '../../kernels';
import type { TargetCoverage } from '../coverage/coverage-features';
import { envelopeOf, kernelLines } from '../coverage/coverage-geometry';
import type { CoverageRepository, TargetRow } from '../coverage/coverage.repository';
import { polygonParts } from './metric-geometry';

/** Largest range or radius any feature may have (registry bounds): the load margin. */
const MAX_CAMERA_RANGE_M = 1000;
const MAX_LIGHT_RADIUS_M = 200;

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

/** Cameras, lights and occluding buildings around some lines, in the metric zone. */
export interface CoverageScene {
  cameras: Camera[];
  lights: Light[];
  buildings: BuildingIndex;
  buildingCount: number;
}

export interface LineTarget {
  row: TargetRow;
  parts: Vec[][];
}

export type CoveredTarget = Omit<TargetCoverage, 'table' | 'clipped'>;

export async function loadCoverageScene(repo: CoverageRepository, partsList: Vec[][][], o: LineCoverageOptions, srid: number): Promise<CoverageScene> {
  const statuses = o.includePlanned ? ['active', 'planned'] : ['active'];
  const useCameras = o.sources.includes('cameras');
  const useLights = o.sources.includes('streetlights');
  const camEnv = envelopeOf(partsList, MAX_CAMERA_RANGE_M);
  const lightEnv = envelopeOf(partsList, MAX_LIGHT_RADIUS_M);
  const [cameraRows, lightRows, buildingRows] = await Promise.all([
    useCameras && camEnv ? repo.cameras(camEnv, srid, statuses) : [],
    useLights && lightEnv ? repo.lights(lightEnv, srid, statuses) : [],
    useCameras && o.occlusion && camEnv ? repo.buildings(camEnv, srid) : [],
  ]);
  return {
    cameras: cameraRows.map((c) => ({ ...c, resolutionPx: c.resolutionPx ?? o.cameraDefaults.resolutionPx })),
    lights: lightRows,
    buildings: indexBuildings(buildingRows.flatMap((b) => polygonParts(b.id, b.wkb))),
    buildingCount: buildingRows.length,
  };
}

/** The coverage kernel's result per target, its parts in order. */
export function coverTargets(targets: readonly LineTarget[], scene: CoverageScene, o: LineCoverageOptions): CoveredTarget[] {
  const result = computeLineCoverage(kernelLines(targets.map((t) => ({ id: t.row.id, parts: t.parts }))), scene.cameras, scene.lights, scene.buildings, {
    occlusion: o.occlusion,
    dori: o.dori,
    night: o.night,
    minGapM: o.minGapM,
  });
  const byTarget = new Map<number, LineCoverage[]>();
  for (const line of result.lines) {
    const targetId = Number(String(line.id).split(':')[0]);
    const list = byTarget.get(targetId) ?? [];
    list.push(line);
    byTarget.set(targetId, list);
  }
  return targets.map((t) => ({ row: t.row, parts: byTarget.get(t.row.id) ?? [], coords: t.parts }));
}
