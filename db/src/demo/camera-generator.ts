import { bbox as bboxOf, bearing, distance, lineString, nearestPointOnLine } from '@turf/turf';
import type { Position } from 'geojson';
import { DEMO_DATASET, DEMO_REFERENCE_DATE, type DemoRow, type RoadLine } from './demo-types';
import type { Random } from './prng';
import { drivable } from './road-graph';
import type { CameraSite } from './source-features';

export interface CameraOptions {
  count: number;
  plannedCount: number;
  outOfServiceCount: number;
  /** Two sites closer than this are the same junction: only one gets a camera. */
  minSpacingM: number;
}

export const CAMERA_DEFAULTS: CameraOptions = { count: 100, plannedCount: 8, outOfServiceCount: 3, minSpacingM: 12 };

const OWNERS: readonly (readonly [string, number])[] = [['新宿区', 5], ['商店会', 3], ['町会', 2]];
const SEARCH_DEG = 0.0008;
const DAY_MS = 86_400_000;

interface NearestRoad {
  road: RoadLine;
  /** Direction of the nearest segment, degrees clockwise from north in [0, 360). */
  directionDeg: number;
}

export function normaliseDeg(deg: number): number {
  return ((deg % 360) + 360) % 360;
}

function nearestRoad(p: Position, roads: readonly RoadLine[], boxes: number[][]): NearestRoad | null {
  let best: NearestRoad | null = null;
  let bestD = Infinity;
  for (let i = 0; i < roads.length; i++) {
    const [w, s, e, n] = boxes[i];
    if (p[0] < w - SEARCH_DEG || p[0] > e + SEARCH_DEG || p[1] < s - SEARCH_DEG || p[1] > n + SEARCH_DEG) continue;
    const coords = roads[i].coordinates;
    const hit = nearestPointOnLine(lineString(coords), p, { units: 'meters' });
    if (hit.properties.dist >= bestD) continue;
    bestD = hit.properties.dist;
    const k = Math.min(hit.properties.segmentIndex, coords.length - 2);
    best = { road: roads[i], directionDeg: normaliseDeg(bearing(coords[k], coords[k + 1])) };
  }
  return best;
}

/** To 0.1°, in [0, 360). */
export function roundBearing(deg: number): number {
  const rounded = Math.round(normaliseDeg(deg) * 10) / 10;
  return rounded >= 360 ? 0 : rounded;
}

/** Deterministic choice of well-spread sites: shuffled, then greedily kept when far enough from the kept ones. */
export function chooseSites(sites: readonly CameraSite[], rng: Random, options: CameraOptions): CameraSite[] {
  const chosen: CameraSite[] = [];
  const ordered = [...sites].sort((a, b) => a.osmId - b.osmId);
  for (const site of rng.shuffle(ordered)) {
    if (chosen.length >= options.count) break;
    if (chosen.every((c) => distance(c.position, site.position, { units: 'meters' }) >= options.minSpacingM)) chosen.push(site);
  }
  return chosen;
}

function isoDate(date: Date): string {
  return new Date(date.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** Sample cameras at real crossings and signals, looking along the street they stand on. */
export function generateCameras(sites: readonly CameraSite[], roads: readonly RoadLine[], rng: Random, options = CAMERA_DEFAULTS): DemoRow[] {
  const streets = roads.filter((r) => drivable(r.cls));
  const boxes = streets.map((r) => bboxOf(lineString(r.coordinates)));
  const chosen = chooseSites(sites, rng, options);
  const statusOrder = rng.shuffle(chosen.map((_, i) => i));
  const status = new Map<number, string>();
  statusOrder.slice(0, options.plannedCount).forEach((i) => status.set(i, 'planned'));
  statusOrder.slice(options.plannedCount, options.plannedCount + options.outOfServiceCount).forEach((i) => status.set(i, 'out_of_service'));

  return chosen.map((site, i) => {
    const number = String(i + 1).padStart(3, '0');
    const near = nearestRoad(site.position, streets, boxes);
    const direction = near ? near.directionDeg : rng.range(0, 360);
    const bearingDeg = roundBearing(rng.chance(0.5) ? direction : direction + 180);
    const cameraStatus = status.get(i) ?? 'active';
    const installedDaysAgo = rng.int(60, 3650);
    return {
      externalId: `sample:camera:${number}`,
      sample: true,
      properties: {
        name: `サンプルカメラ ${number}`,
        bearing_deg: bearingDeg,
        hfov_deg: rng.int(60, 110),
        range_m: rng.int(20, 45),
        resolution_px: rng.chance(0.7) ? 1920 : 2560,
        mount_height_m: Math.round(rng.range(3, 5) * 10) / 10,
        night_capable: rng.chance(0.6),
        status: cameraStatus,
        owner: rng.weighted(OWNERS),
        installed_on: cameraStatus === 'planned' ? null : isoDate(new Date(DEMO_REFERENCE_DATE.getTime() - installedDaysAgo * DAY_MS)),
      },
      extra: {
        demo: DEMO_DATASET,
        site: `osm:node/${site.osmId}`,
        site_kind: site.kind,
        ...(near ? { along_road: `osm:way/${near.road.osmId}` } : {}),
      },
      geometry: { type: 'Point', coordinates: [site.position[0], site.position[1]] },
    };
  });
}
