import {
  cameraVisibility,
  computeLineCoverage,
  indexBuildings,
  intervalsToPolylines,
  visibilityPolygon,
  type Building,
  type BuildingIndex,
  type Camera,
  type CoverageLine,
  type Light,
} from '@mimamori/workers/kernels';
import type { GeoFeature, Geometry, Position } from '../api/client';
import { clipPolyline, type Box } from '../geo/clip';
import { localPlane, type LocalPlane, type LonLat } from '../geo/local-plane';

/** Nearby data as the API gives it (lon/lat). */
export interface WhatIfInputs {
  readonly routes: readonly GeoFeature[];
  readonly cameras: readonly GeoFeature[];
  readonly lights: readonly GeoFeature[];
  readonly buildings: readonly GeoFeature[];
}

/** The same data in a local metric plane, ready for the kernels; routes are cut to the frame. */
export interface WhatIfContext {
  readonly plane: LocalPlane;
  readonly frame: Box;
  readonly lines: readonly CoverageLine[];
  readonly cameras: readonly Camera[];
  readonly lights: readonly Light[];
  readonly buildings: BuildingIndex;
}

/** The camera being placed, as the form and the handles have it now. */
export interface DraftCamera {
  readonly at: LonLat;
  readonly bearingDeg: number;
  readonly hfovDeg: number;
  readonly rangeM: number;
}

export interface WhatIfResult {
  readonly features: GeoFeature[];
  /** Length of school route inside the frame, and how much of it some camera sees. */
  readonly lengthM: number;
  readonly seenM: number;
  readonly seenPct: number;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const isActive = (f: GeoFeature) => (f.properties.status ?? 'active') === 'active';

function lineParts(geometry: Geometry | null): Position[][] {
  if (geometry?.type === 'LineString') return [geometry.coordinates];
  if (geometry?.type === 'MultiLineString') return geometry.coordinates;
  return [];
}

function polygonParts(geometry: Geometry | null): Position[][][] {
  if (geometry?.type === 'Polygon') return [geometry.coordinates];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

export function isValidDraft(draft: DraftCamera): boolean {
  const finite = [draft.at[0], draft.at[1], draft.bearingDeg, draft.hfovDeg, draft.rangeM].every(Number.isFinite);
  return finite && draft.hfovDeg > 0 && draft.hfovDeg <= 360 && draft.rangeM > 0 && draft.rangeM <= 1000;
}

/**
 * Projects the inputs around `centre` and keeps the routes inside a square frame of half-side
 * `halfSizeM`. Only active cameras and streetlights count (as in the workers' coverage); the
 * edited camera (`excludeId`) is left out, since its draft takes its place.
 */
export function buildContext(inputs: WhatIfInputs, centre: LonLat, halfSizeM: number, excludeId?: string | number): WhatIfContext {
  const plane = localPlane(centre);
  const frame: Box = [-halfSizeM, -halfSizeM, halfSizeM, halfSizeM];
  const lines: CoverageLine[] = [];
  for (const route of inputs.routes) {
    for (const part of lineParts(route.geometry)) {
      const clipped = clipPolyline(part.map((p) => plane.toMetres([p[0], p[1]])), frame);
      clipped.forEach((coords, i) => lines.push({ id: `${route.id}:${lines.length}:${i}`, coords }));
    }
  }
  const cameras: Camera[] = [];
  for (const f of inputs.cameras) {
    const [b, h, r] = [num(f.properties.bearing_deg), num(f.properties.hfov_deg), num(f.properties.range_m)];
    if (f.id === excludeId || !isActive(f) || f.geometry?.type !== 'Point' || b === null || h === null || r === null || h <= 0 || r <= 0) continue;
    const [x, y] = plane.toMetres([f.geometry.coordinates[0], f.geometry.coordinates[1]]);
    cameras.push({ id: f.id ?? cameras.length, x, y, bearingDeg: b, hfovDeg: Math.min(h, 360), rangeM: r });
  }
  const lights: Light[] = [];
  for (const f of inputs.lights) {
    const radius = num(f.properties.radius_m);
    if (!isActive(f) || f.geometry?.type !== 'Point' || radius === null || radius <= 0) continue;
    const [x, y] = plane.toMetres([f.geometry.coordinates[0], f.geometry.coordinates[1]]);
    lights.push({ id: f.id ?? lights.length, x, y, radiusM: radius });
  }
  const buildings: Building[] = [];
  for (const f of inputs.buildings) {
    polygonParts(f.geometry).forEach((rings, i) => {
      buildings.push({ id: `${f.id}:${i}`, rings: rings.map((ring) => ring.map((p) => plane.toMetres([p[0], p[1]]))) });
    });
  }
  return { plane, frame, lines, cameras, lights, buildings: indexBuildings(buildings) };
}

function draftCamera(context: WhatIfContext, draft: DraftCamera): Camera {
  const [x, y] = context.plane.toMetres(draft.at);
  return { id: 'draft', x, y, bearingDeg: draft.bearingDeg, hfovDeg: draft.hfovDeg, rangeM: draft.rangeM };
}

/**
 * What the routes in the frame look like with the draft camera added: seen and unseen stretches,
 * the draft's view with building shadows, and the seen share. Without a (valid) draft, the
 * situation as stored.
 */
export function evaluateWhatIf(context: WhatIfContext, draft: DraftCamera | null): WhatIfResult {
  const extra = draft && isValidDraft(draft) ? draftCamera(context, draft) : null;
  const cameras = extra ? [...context.cameras, extra] : context.cameras;
  const { lines, totals } = computeLineCoverage(context.lines, cameras, [], context.buildings, { occlusion: true });
  const toLonLat = (coords: readonly (readonly [number, number])[]) => coords.map((xy) => context.plane.toLonLat(xy) as Position);
  const features: GeoFeature[] = [];
  lines.forEach((line, i) => {
    const coords = context.lines[i].coords;
    for (const [kind, intervals] of [['seen', line.seen], ['unseen', line.blindSpots]] as const) {
      for (const piece of intervalsToPolylines(coords, intervals)) {
        if (piece.length >= 2) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: toLonLat(piece) }, properties: { kind } });
      }
    }
  });
  if (extra) {
    const ring = visibilityPolygon(cameraVisibility(extra, extra.rangeM, context.buildings));
    if (ring.length >= 3) features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [toLonLat(ring)] }, properties: { kind: 'view' } });
  }
  const [x0, y0, x1, y1] = context.frame;
  const frame = toLonLat([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]);
  features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: frame }, properties: { kind: 'frame' } });
  return { features, lengthM: totals.lengthM, seenM: totals.seenM, seenPct: totals.seenPct };
}
