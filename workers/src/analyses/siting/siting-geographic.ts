import type Flatbush from 'flatbush';
import type { GeographicSitingParams } from '../../contracts';
import type { AnalysisContext, AnalysisResult } from '../../handlers/analysis-handler';
import {
  cameraVisibility,
  effectiveRange,
  indexBuildings,
  instanceFromCsr,
  solveMaxCoverage,
  solveMinCostCover,
  solveOptionsFor,
  visibilityPolygon,
  type BuildingIndex,
  type CoverageLine,
  type Vec,
} from '../../kernels';
import { indexSegments } from '../../kernels/coverage/segment-index.kernel';
import { AnalysisInputError } from '../../runs/run-errors';
import { ROAD_SNAP_M, roadSites, siteBearings, streetlightSites, userSites, type CandidateSite } from './siting-candidates';
import { CoverageRows, indexDemand, seenByCameras, siteCoverage } from './siting-coverage';
import { lineParts, polygonParts } from '../shared/metric-geometry';
import { REGISTRY_REACH } from '../shared/line-coverage-scene';
import { grown } from '../shared/metric-geometry';
import { boundsOf, linesOf } from './siting-geometry';
import { demandWeights, discretiseLines, SCHOOL_ROUTE_NEAR_M, type DemandPoints } from './siting-demand';
import { solveWithFallback } from './siting-solve';
import { cameraFeatures, chosenCameras, geographicSummary, metricShapes, r2, type CameraShape, type Placement } from './siting-features';
import type { Envelope, SitingRepository } from './siting.repository';

const SITES_PER_PROGRESS = 250;

type Ctx = AnalysisContext<GeographicSitingParams>;

/**
 * Geographic siting: demand from the target lines, existing cameras' view subtracted, candidate
 * placements (site × bearing) from poles, road points and listed points, their coverage with the
 * coverage analysis' camera model, then the explicit-matrix solver.
 */
export async function runGeographicSiting(repo: SitingRepository, ctx: Ctx): Promise<AnalysisResult> {
  const p = ctx.run.params;
  const srid = ctx.metricSrid;
  const shape: CameraShape = { hfovDeg: p.camera.hfovDeg, rangeM: templateRange(p) };
  const demand = await loadDemand(repo, p, srid);
  await ctx.progress(0.05, `${demand.points.count} demand points on ${r2(demand.points.totalM)} m of ${p.targets}`);

  const scene = await loadScene(repo, p, demand, srid);
  await ctx.throwIfCancelled();
  await ctx.progress(0.15, `${scene.existingCameras} existing cameras, ${scene.buildingCount} buildings`);

  const grid = await buildPlacements(repo, ctx, demand, scene, shape);
  checkLimits(p, grid.placements, grid.sites, shape.rangeM);
  await ctx.progress(0.7, `${grid.placements.length} placements at ${grid.sites.length} sites, ${grid.rows.size} coverage entries`);

  const instance = instanceFromCsr(
    { weights: demand.weights, ...grid.rows.finish(), costs: grid.placements.map((pl) => grid.sites[pl.site].costYen) },
    { alreadyCovered: indicesOf(scene.preCovered) },
  );
  const { solution, exactError } = await solveWithFallback((exact) => {
    const options = solveOptionsFor({ exact, timeLimitS: p.timeLimitS }, instance);
    return p.objective === 'max-coverage'
      ? solveMaxCoverage(instance, { k: p.k, budget: p.budgetYen }, options)
      : solveMinCostCover(instance, p.coverPct ?? 100, options);
  }, p.exact);
  await ctx.throwIfCancelled();
  await ctx.progress(0.9, `${solution.selected.length} cameras chosen (${solution.method})`);

  const ringOf = (pl: Placement) => {
    const site = grid.sites[pl.site];
    const camera = { id: site.id, x: site.x, y: site.y, bearingDeg: pl.bearingDeg, hfovDeg: shape.hfovDeg, rangeM: shape.rangeM };
    return visibilityPolygon(cameraVisibility(camera, shape.rangeM, scene.buildings));
  };
  const cameras = chosenCameras(solution, grid.placements, grid.sites, ringOf);
  const covered = Uint8Array.from(scene.preCovered);
  for (const j of solution.selected) for (let q = instance.coverStart[j]; q < instance.coverStart[j + 1]; q++) covered[instance.coverIndex[q]] = 1;
  const wgs84 = await repo.toWgs84(metricShapes(cameras), srid);
  const facts = { points: demand.points, weights: demand.weights, preCovered: scene.preCovered, coverable: grid.coverable, covered };
  const counts = { candidates: grid.sites.length, placements: grid.placements.length, existingCameras: scene.existingCameras, buildings: scene.buildingCount };
  const summary = geographicSummary(solution, cameras, facts, counts, { ...shape, rangeM: r2(shape.rangeM) });
  return { features: cameraFeatures(cameras, wgs84, shape), summary: exactError ? { ...summary, exactError } : summary };
}

interface Demand {
  points: DemandPoints;
  tree: Flatbush | null;
  weights: Float64Array;
  env: Envelope;
}

/** Target lines cut into weighted points (school-route proximity and crime looked up around them). */
async function loadDemand(repo: SitingRepository, p: GeographicSitingParams, srid: number): Promise<Demand> {
  const lines = await loadTargets(repo, p, srid);
  const points = discretiseLines(lines, p.demandStepM);
  const env = boundsOf(lines);
  const [schoolRoutes, blocks] = await Promise.all([
    p.targets === 'roads' && p.weights.schoolRoute > 0 ? repo.linesIn('school-routes', grown(env, SCHOOL_ROUTE_NEAR_M), srid) : [],
    p.weights.crime > 0 ? repo.crimeBlocks(env, srid) : [],
  ]);
  const weights = demandWeights(points, {
    schoolRoute: p.weights.schoolRoute,
    schoolRoutes: linesOf(schoolRoutes),
    crime: p.weights.crime,
    blocks: blocks.flatMap((b) => polygonParts(b.id, b.wkb).map((block) => ({ block, crimesPerKm2: b.crimesPerKm2 }))),
  });
  return { points, tree: indexDemand(points), weights, env };
}

interface Scene {
  buildings: BuildingIndex | undefined;
  buildingCount: number;
  existingCameras: number;
  /** 1 where an existing camera already sees the demand point. */
  preCovered: Uint8Array;
}

async function loadScene(repo: SitingRepository, p: GeographicSitingParams, demand: Demand, srid: number): Promise<Scene> {
  // Largest range an existing camera may have: the margin for cameras and occluders.
  const around = grown(demand.env, REGISTRY_REACH.cameraM);
  const [cameras, buildingRows] = await Promise.all([
    repo.cameras(around, srid, p.includePlanned ? ['active', 'planned'] : ['active']),
    p.occlusion ? repo.buildings(around, srid) : [],
  ]);
  const buildings = p.occlusion ? indexBuildings(buildingRows.flatMap((b) => polygonParts(b.id, b.wkb))) : undefined;
  const preCovered = seenByCameras(cameras, (c) => effectiveRange(c, p.camera.dori), demand.points, demand.tree, buildings);
  return { buildings, buildingCount: buildingRows.length, existingCameras: cameras.length, preCovered };
}

interface PlacementGrid {
  sites: CandidateSite[];
  placements: Placement[];
  rows: CoverageRows;
  /** 1 where at least one placement sees the demand point. */
  coverable: Uint8Array;
}

/** Every candidate site with each of its bearings, and the demand points each such camera sees. */
async function buildPlacements(repo: SitingRepository, ctx: Ctx, demand: Demand, scene: Scene, shape: CameraShape): Promise<PlacementGrid> {
  const p = ctx.run.params;
  const srid = ctx.metricSrid;
  const { points, tree } = demand;
  const needRoads = p.candidateSources.includes('roads') || p.bearings === 'along-road';
  const roads = needRoads ? await repo.linesIn('roads', grown(demand.env, shape.rangeM + ROAD_SNAP_M), srid) : [];
  const roadLines = roads.map((r) => ({ id: r.id, parts: lineParts(r.wkb) }));
  const sites = await candidateSites(repo, p, grown(demand.env, shape.rangeM), srid, roadLines, { points, tree, rangeM: shape.rangeM });
  const roadIndex = roadLines.length > 0 ? indexSegments(roadLines.flatMap((r) => r.parts.map((coords) => ({ id: r.id, coords })))) : null;
  const bearings = siteBearings(sites, p.bearings, p.bearingStepDeg, shape.hfovDeg, roadIndex);

  const grid: PlacementGrid = { sites, placements: [], rows: new CoverageRows(), coverable: new Uint8Array(points.count) };
  for (let s = 0; s < sites.length; s++) {
    if (s % SITES_PER_PROGRESS === 0) {
      await ctx.throwIfCancelled();
      await ctx.progress(0.2 + (0.5 * s) / sites.length, `coverage of site ${s + 1} of ${sites.length}`);
    }
    const lists = siteCoverage(sites[s].x, sites[s].y, bearings[s], shape.hfovDeg, shape.rangeM, points, tree, scene.buildings);
    lists.forEach((list, k) => {
      grid.placements.push({ site: s, bearingDeg: bearings[s][k] });
      grid.rows.add(list);
      for (const i of list) grid.coverable[i] = 1;
    });
  }
  return grid;
}

function templateRange(p: GeographicSitingParams): number {
  const { hfovDeg, rangeM, resolutionPx, dori } = p.camera;
  return effectiveRange({ id: 'template', x: 0, y: 0, bearingDeg: 0, hfovDeg, rangeM, resolutionPx }, dori);
}

async function loadTargets(repo: SitingRepository, p: GeographicSitingParams, srid: number): Promise<CoverageLine[]> {
  if (p.ids) {
    const missing = await repo.missingIds(p.targets, p.ids);
    if (missing.length > 0) throw new AnalysisInputError(`${p.targets} not found (or deleted): ${missing.join(', ')}`);
  }
  const rows = await repo.lines(p.targets, p.ids, srid);
  const lines = linesOf(rows);
  if (lines.length === 0) throw new AnalysisInputError(`there are no ${p.targets} to cover: the layer has no live lines`);
  return lines;
}

/** Listed points always; poles and road points only where some demand point is within range. */
async function candidateSites(
  repo: SitingRepository,
  p: GeographicSitingParams,
  env: Envelope,
  srid: number,
  roads: { id: number; parts: Vec[][] }[],
  demand: { points: DemandPoints; tree: Flatbush | null; rangeM: number },
): Promise<CandidateSite[]> {
  const cost = p.camera.costYen;
  const [poles, listed] = await Promise.all([
    p.candidateSources.includes('streetlights') ? repo.poles(env, srid) : [],
    p.candidates ? repo.project(p.candidates, srid) : [],
  ]);
  const generated = [...streetlightSites(poles, cost), ...(p.candidateSources.includes('roads') ? roadSites(roads, p.spacingM, cost) : [])];
  const { points, tree, rangeM } = demand;
  const reaches = (s: CandidateSite) =>
    tree !== null &&
    tree.search(s.x - rangeM, s.y - rangeM, s.x + rangeM, s.y + rangeM, (i) => Math.hypot(points.x[i] - s.x, points.y[i] - s.y) <= rangeM).length > 0;
  const user = userSites(listed.map((xy, i) => ({ ...xy, costYen: p.candidates![i].costYen })), cost);
  return [...user, ...generated.filter(reaches)];
}

function checkLimits(p: GeographicSitingParams, placements: readonly Placement[], sites: readonly CandidateSite[], rangeM: number): void {
  if (p.k !== undefined && p.k > placements.length) {
    throw new AnalysisInputError(
      `k (${p.k}) is larger than the ${placements.length} candidate placements found (${sites.length} sites within ${r2(rangeM)} m of the ${p.targets}, each with its bearings); lower k or list more candidates`,
    );
  }
  if (p.budgetYen !== undefined && sites.length > 0) {
    const cheapest = sites.reduce((min, s) => Math.min(min, s.costYen), Infinity);
    if (p.budgetYen < cheapest) throw new AnalysisInputError(`budgetYen (${p.budgetYen}) is below the cheapest candidate camera (${cheapest} yen)`);
  }
  if (p.objective === 'max-coverage' && placements.length === 0) {
    throw new AnalysisInputError(`no candidate site lies within ${r2(rangeM)} m of the ${p.targets}; list candidates or add streetlights/roads`);
  }
}

function indicesOf(mask: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) out.push(i);
  return out;
}
