import Flatbush from 'flatbush';
import { pointInBuilding, type Building, type CoverageLine, type Vec } from '../../kernels';
import { indexSegments, type SegmentIndex } from '../../kernels/coverage/segment-index.kernel';

/**
 * Demand of the geographic siting mode: target lines cut into evenly spaced points, each standing
 * for the length of line around it (half a step at each end), so the weights of a line add up to
 * its length in metres and "weighted metres covered" is a sum over points.
 */
export interface DemandPoints {
  count: number;
  x: Float64Array;
  y: Float64Array;
  /** Metres of line each point stands for. */
  lengthM: Float64Array;
  /** Index of the line in the input list. */
  line: Int32Array;
  totalM: number;
}

/** A school route is "near" a road point within this distance (ARCHITECTURE siting weights). */
export const SCHOOL_ROUTE_NEAR_M = 10;

export function discretiseLines(lines: readonly CoverageLine[], stepM: number): DemandPoints {
  const xs: number[] = [];
  const ys: number[] = [];
  const share: number[] = [];
  const owner: number[] = [];
  let totalM = 0;
  lines.forEach((line, li) => {
    const segs = indexSegments([line]);
    const length = segs.lineLengths[0];
    if (!(length > 0)) return;
    totalM += length;
    const intervals = Math.max(1, Math.ceil(length / stepM - 1e-9));
    const spacing = length / intervals;
    let s = 0;
    for (let i = 0; i <= intervals; i++) {
      const m = i === intervals ? length : i * spacing;
      while (s + 1 < segs.count && segs.offset[s + 1] <= m) s++;
      const [x, y] = along(segs, s, m);
      xs.push(x);
      ys.push(y);
      share.push(i === 0 || i === intervals ? spacing / 2 : spacing);
      owner.push(li);
    }
  });
  return {
    count: xs.length,
    x: Float64Array.from(xs),
    y: Float64Array.from(ys),
    lengthM: Float64Array.from(share),
    line: Int32Array.from(owner),
    totalM,
  };
}

function along(segs: SegmentIndex, s: number, m: number): Vec {
  const o = s * 4;
  const [x0, y0, x1, y1] = [segs.coords[o], segs.coords[o + 1], segs.coords[o + 2], segs.coords[o + 3]];
  const len = Math.hypot(x1 - x0, y1 - y0);
  const d = Math.min(len, Math.max(0, m - segs.offset[s]));
  return [x0 + ((x1 - x0) * d) / len, y0 + ((y1 - y0) * d) / len];
}

/** A 町丁目 part with its recorded crime per km² (0 when unknown). */
export interface CrimeBlock {
  block: Building;
  crimesPerKm2: number;
}

export interface DemandWeighting {
  /** Lines near which a point's weight is multiplied by `1 + schoolRoute` (roads as targets). */
  schoolRoutes?: readonly CoverageLine[];
  schoolRoute: number;
  /** Blocks whose crime density multiplies a point's weight by `1 + crime × crimes per km²`. */
  blocks?: readonly CrimeBlock[];
  crime: number;
}

/** Weighted metres per demand point: its length times the school-route and crime factors. */
export function demandWeights(points: DemandPoints, w: DemandWeighting): Float64Array {
  const weights = Float64Array.from(points.lengthM);
  if (w.schoolRoute > 0 && w.schoolRoutes?.length) {
    const near = nearLines(points, w.schoolRoutes, SCHOOL_ROUTE_NEAR_M);
    for (let i = 0; i < points.count; i++) if (near[i]) weights[i] *= 1 + w.schoolRoute;
  }
  if (w.crime > 0 && w.blocks?.length) {
    const density = blockDensities(points, w.blocks);
    for (let i = 0; i < points.count; i++) weights[i] *= 1 + w.crime * density[i];
  }
  return weights;
}

/** 1 where the point lies within `distM` of one of the lines. */
export function nearLines(points: DemandPoints, lines: readonly CoverageLine[], distM: number): Uint8Array {
  const near = new Uint8Array(points.count);
  const segs = indexSegments(lines);
  if (!segs.tree) return near;
  const c = segs.coords;
  for (let i = 0; i < points.count; i++) {
    const px = points.x[i];
    const py = points.y[i];
    segs.tree.search(px - distM, py - distM, px + distM, py + distM, (s) => {
      const o = s * 4;
      if (!near[i] && segmentDistance(px, py, c[o], c[o + 1], c[o + 2], c[o + 3]) <= distM + 1e-9) near[i] = 1;
      return false;
    });
  }
  return near;
}

export function segmentDistance(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - x0) * dx + (py - y0) * dy) / len2)) : 0;
  return Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
}

/** Crime per km² of the block each point lies in (the first one found; 0 outside every block). */
export function blockDensities(points: DemandPoints, blocks: readonly CrimeBlock[]): Float64Array {
  const density = new Float64Array(points.count);
  if (blocks.length === 0) return density;
  const tree = new Flatbush(blocks.length);
  for (const { block } of blocks) {
    const outer = block.rings[0] ?? [];
    const xs = outer.map((p) => p[0]);
    const ys = outer.map((p) => p[1]);
    if (xs.length === 0) tree.add(0, 0, 0, 0);
    else tree.add(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
  }
  tree.finish();
  for (let i = 0; i < points.count; i++) {
    const [x, y] = [points.x[i], points.y[i]];
    const hit = tree.search(x, y, x, y, (b) => pointInBuilding(blocks[b].block, x, y));
    if (hit.length > 0) density[i] = blocks[hit[0]].crimesPerKm2;
  }
  return density;
}
