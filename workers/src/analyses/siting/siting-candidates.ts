import { bearingOf, type Vec } from '../../kernels';
import type { SegmentIndex } from '../../kernels/coverage/segment-index.kernel';
import { segmentDistance } from './siting-demand';

export type SiteSource = 'streetlight' | 'road' | 'user';

/** A place a camera could hang, in the metric zone. `id` is what the summary's `selected` lists. */
export interface CandidateSite {
  id: string;
  source: SiteSource;
  sourceId: number | null;
  x: number;
  y: number;
  costYen: number;
}

/** A road point (or pole) is snapped to the road directions within this distance for `along-road` bearings. */
export const ROAD_SNAP_M = 15;

export function streetlightSites(rows: readonly { id: number; x: number; y: number }[], costYen: number): CandidateSite[] {
  return rows.map((r) => ({ id: `streetlights/${r.id}`, source: 'streetlight', sourceId: r.id, x: r.x, y: r.y, costYen }));
}

/** The listed points, in their order: `candidates[i]`. */
export function userSites(points: readonly { x: number; y: number; costYen?: number }[], costYen: number): CandidateSite[] {
  return points.map((p, i) => ({ id: `candidates[${i}]`, source: 'user', sourceId: i, x: p.x, y: p.y, costYen: p.costYen ?? costYen }));
}

/**
 * Points along every road part at an even spacing of at most `spacingM`, both ends included
 * (road ends are usually junctions, the best camera spots). Points closer than a metre to one
 * already taken (shared junctions) are dropped. Ids: `roads/<id>@<metres along>`.
 */
export function roadSites(roads: readonly { id: number; parts: Vec[][] }[], spacingM: number, costYen: number): CandidateSite[] {
  const taken = new Set<string>();
  const sites: CandidateSite[] = [];
  for (const road of roads) {
    road.parts.forEach((coords, part) => {
      for (const [x, y, m] of evenlySpaced(coords, spacingM)) {
        const key = `${Math.round(x)}:${Math.round(y)}`;
        if (taken.has(key)) continue;
        taken.add(key);
        const label = road.parts.length > 1 ? `${part}:${Math.round(m)}` : `${Math.round(m)}`;
        sites.push({ id: `roads/${road.id}@${label}m`, source: 'road', sourceId: road.id, x, y, costYen });
      }
    });
  }
  return sites;
}

/** [x, y, metres along] at 0, L/n, 2L/n, …, L with n = ⌈L / spacing⌉. */
export function evenlySpaced(coords: readonly Vec[], spacingM: number): [number, number, number][] {
  const cum = [0];
  for (let i = 1; i < coords.length; i++) cum.push(cum[i - 1] + Math.hypot(coords[i][0] - coords[i - 1][0], coords[i][1] - coords[i - 1][1]));
  const length = cum[cum.length - 1];
  if (!(length > 0)) return [];
  const n = Math.max(1, Math.ceil(length / spacingM - 1e-9));
  const out: [number, number, number][] = [];
  let s = 0;
  for (let k = 0; k <= n; k++) {
    const m = k === n ? length : (k * length) / n;
    while (s + 2 < coords.length && cum[s + 1] <= m) s++;
    const seg = cum[s + 1] - cum[s];
    const d = Math.min(seg, m - cum[s]);
    const [x0, y0] = coords[s];
    const [x1, y1] = coords[s + 1];
    out.push(seg > 0 ? [x0 + ((x1 - x0) * d) / seg, y0 + ((y1 - y0) * d) / seg, m] : [x0, y0, m]);
  }
  return out;
}

/** Bearings 0, step, 2·step, … below 360; a 360° camera needs only one. */
export function stepBearings(stepDeg: number, hfovDeg: number): number[] {
  if (hfovDeg >= 360) return [0];
  const out: number[] = [];
  for (let k = 0; k * stepDeg < 360 - 1e-9; k++) out.push(round3(k * stepDeg));
  return out;
}

/**
 * Both directions of every road segment within `ROAD_SNAP_M` of the site, to whole degrees and
 * without repeats; empty when no road is that close.
 */
export function roadBearings(x: number, y: number, roads: SegmentIndex): number[] {
  const found = new Set<number>();
  const c = roads.coords;
  roads.tree?.search(x - ROAD_SNAP_M, y - ROAD_SNAP_M, x + ROAD_SNAP_M, y + ROAD_SNAP_M, (s) => {
    const o = s * 4;
    if (segmentDistance(x, y, c[o], c[o + 1], c[o + 2], c[o + 3]) > ROAD_SNAP_M) return false;
    const b = Math.round(bearingOf(c[o + 2] - c[o], c[o + 3] - c[o + 1])) % 360;
    found.add(b);
    found.add((b + 180) % 360);
    return false;
  });
  return [...found].sort((a, b) => a - b);
}

/** The bearings tried at each site: fixed steps, or along the nearby roads (steps where there is none). */
export function siteBearings(
  sites: readonly CandidateSite[],
  mode: 'step' | 'along-road',
  stepDeg: number,
  hfovDeg: number,
  roads: SegmentIndex | null,
): number[][] {
  const steps = stepBearings(stepDeg, hfovDeg);
  if (mode === 'step' || hfovDeg >= 360 || !roads) return sites.map(() => steps);
  return sites.map((s) => {
    const along = roadBearings(s.x, s.y, roads);
    return along.length > 0 ? along : steps;
  });
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
