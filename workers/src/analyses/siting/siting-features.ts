import type { SitingSolution, Vec } from '../../kernels';
import type { ResultFeature } from '../../handlers/analysis-handler';
import type { CandidateSite } from './siting-candidates';
import type { DemandPoints } from './siting-demand';

export const r2 = (x: number) => Math.round(x * 100) / 100;

/** One candidate camera: a site with one of its bearings (its position in the list is its solver column). */
export interface Placement {
  site: number;
  bearingDeg: number;
}

/** A chosen placement in build order, with the metric geometry of its site and visibility wedge. */
export interface ChosenCamera {
  rank: number;
  site: CandidateSite;
  bearingDeg: number;
  marginalGainM: number;
  cumulativeGainM: number;
  ring: Vec[];
}

export interface CameraShape {
  hfovDeg: number;
  /** Range after the DORI reduction. */
  rangeM: number;
}

export function chosenCameras(solution: SitingSolution, placements: readonly Placement[], sites: readonly CandidateSite[], ringOf: (p: Placement) => Vec[]): ChosenCamera[] {
  return solution.selected.map((j, k) => ({
    rank: k + 1,
    site: sites[placements[j].site],
    bearingDeg: placements[j].bearingDeg,
    marginalGainM: solution.marginalGains[k],
    cumulativeGainM: solution.curve[k],
    ring: ringOf(placements[j]),
  }));
}

/** Metric GeoJSON of each camera's site point and wedge polygon, in that order (for one conversion). */
export function metricShapes(cameras: readonly ChosenCamera[]): string[] {
  return cameras.flatMap((c) => [
    JSON.stringify({ type: 'Point', coordinates: [c.site.x, c.site.y] }),
    JSON.stringify({ type: 'Polygon', coordinates: [c.ring] }),
  ]);
}

/** `site` points and `sector` polygons from the shapes `metricShapes` gave, converted to 4326. */
export function cameraFeatures(cameras: readonly ChosenCamera[], wgs84: readonly object[], shape: CameraShape): ResultFeature[] {
  return cameras.flatMap((c, k) => {
    const common = { rank: c.rank, siteId: c.site.id, bearingDeg: c.bearingDeg, hfovDeg: shape.hfovDeg, rangeM: r2(shape.rangeM) };
    return [
      {
        kind: 'site',
        geometry: wgs84[2 * k],
        properties: {
          ...common,
          source: c.site.source,
          sourceId: c.site.sourceId,
          costYen: c.site.costYen,
          marginalGainM: r2(c.marginalGainM),
          cumulativeGainM: r2(c.cumulativeGainM),
        },
      },
      { kind: 'sector', geometry: wgs84[2 * k + 1], properties: common },
    ];
  });
}

export interface DemandFacts {
  points: DemandPoints;
  weights: Float64Array;
  preCovered: Uint8Array;
  /** 1 where at least one placement sees the point. */
  coverable: Uint8Array;
  /** 1 where the chosen cameras or existing ones see the point. */
  covered: Uint8Array;
}

export interface GeographicCounts {
  candidates: number;
  placements: number;
  existingCameras: number;
  buildings: number;
}

export function geographicSummary(solution: SitingSolution, cameras: readonly ChosenCamera[], demand: DemandFacts, counts: GeographicCounts, shape: CameraShape): Record<string, unknown> {
  const { points, weights, preCovered, coverable, covered } = demand;
  let weightM = 0;
  let alreadyM = 0;
  let coveredM = 0;
  let coveredPoints = 0;
  let uncoverablePoints = 0;
  let uncoverableM = 0;
  for (let i = 0; i < points.count; i++) {
    weightM += weights[i];
    if (preCovered[i]) alreadyM += points.lengthM[i];
    if (covered[i]) {
      coveredM += points.lengthM[i];
      coveredPoints++;
    }
    if (!preCovered[i] && !coverable[i]) {
      uncoverablePoints++;
      uncoverableM += points.lengthM[i];
    }
  }
  return {
    mode: 'geographic',
    problem: solution.problem,
    objective: r2(solution.objective),
    selected: cameras.map((c) => c.site.id),
    coveredDemand: coveredPoints,
    coveredM: r2(coveredM),
    coveredPct: points.totalM > 0 ? r2((100 * coveredM) / points.totalM) : 0,
    newlyCoveredWeightM: r2(cameras.reduce((s, c) => s + c.marginalGainM, 0)),
    totalCost: solution.totalCost,
    optimal: solution.optimal,
    gap: solution.gap,
    bound: r2(solution.bound),
    method: solution.method,
    feasible: solution.feasible,
    uncoverable: { demandPoints: uncoverablePoints, demandM: r2(uncoverableM) },
    coverageCurve: cameras.map((c) => ({ cameras: c.rank, objective: r2(c.cumulativeGainM) })),
    ...counts,
    demandPoints: points.count,
    demandM: r2(points.totalM),
    demandWeightM: r2(weightM),
    alreadyCoveredM: r2(alreadyM),
    camera: shape,
  };
}
