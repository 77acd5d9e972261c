import Flatbush from 'flatbush';
import type { Vec } from '../coverage/coverage.types';
import { buildEdgeGrid, segmentClear, type EdgeGrid } from './edge-grid.kernel';

/** A polygon or multipolygon in metres: every ring of every part (outer rings and holes alike). */
export interface IndexedPolygonInput {
  id: number;
  rings: Vec[][];
}

/**
 * Every edge of every polygon in one Flatbush index. Containment uses the even-odd rule over all
 * rings of a polygon, so holes and several parts need no special case.
 */
export interface PolygonIndex {
  ids: number[];
  /** x0, y0, x1, y1 per edge. */
  edges: Float64Array;
  edgePolygon: Int32Array;
  tree: Flatbush | null;
  maxX: number;
  /** Per-polygon crossing parity, reused by every containment query. */
  parity: Uint8Array;
  grid: EdgeGrid | null;
}

export function indexPolygons(polygons: readonly IndexedPolygonInput[]): PolygonIndex {
  let count = 0;
  for (const p of polygons) for (const ring of p.rings) count += Math.max(0, ring.length - 1);
  const edges = new Float64Array(count * 4);
  const edgePolygon = new Int32Array(count);
  let n = 0;
  let maxX = -Infinity;
  polygons.forEach((polygon, pi) => {
    for (const ring of polygon.rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x0, y0] = ring[i];
        const [x1, y1] = ring[i + 1];
        if (!(Number.isFinite(x0) && Number.isFinite(y0) && Number.isFinite(x1) && Number.isFinite(y1))) {
          throw new RangeError(`polygon ${polygon.id}: ring vertex ${i} is not a finite coordinate`);
        }
        if (x0 === x1 && y0 === y1) continue;
        const o = n * 4;
        edges[o] = x0;
        edges[o + 1] = y0;
        edges[o + 2] = x1;
        edges[o + 3] = y1;
        edgePolygon[n] = pi;
        maxX = Math.max(maxX, x0, x1);
        n++;
      }
    }
  });
  const tree = n > 0 ? new Flatbush(n) : null;
  for (let e = 0; e < n; e++) {
    const o = e * 4;
    tree!.add(Math.min(edges[o], edges[o + 2]), Math.min(edges[o + 1], edges[o + 3]), Math.max(edges[o], edges[o + 2]), Math.max(edges[o + 1], edges[o + 3]));
  }
  tree?.finish();
  return {
    ids: polygons.map((p) => p.id),
    edges: edges.subarray(0, n * 4),
    edgePolygon: edgePolygon.subarray(0, n),
    tree,
    maxX,
    parity: new Uint8Array(polygons.length),
    grid: buildEdgeGrid(edges, n),
  };
}

/**
 * Indices (into `index.ids`) of the polygons containing (x, y), ascending. A ray cast towards +x
 * with the half-open rule, so a point on an edge shared by two polygons belongs to exactly one.
 */
export function polygonsAt(index: PolygonIndex, x: number, y: number): number[] {
  if (!index.tree || x > index.maxX) return [];
  const { edges, edgePolygon, parity } = index;
  const touched: number[] = [];
  index.tree.search(x, y, index.maxX, y, (e) => {
    const o = e * 4;
    const y0 = edges[o + 1];
    const y1 = edges[o + 3];
    if (y0 > y !== y1 > y) {
      const x0 = edges[o];
      const xCross = x0 + ((y - y0) * (edges[o + 2] - x0)) / (y1 - y0);
      if (xCross > x) {
        const p = edgePolygon[e];
        if ((parity[p] & 2) === 0) {
          touched.push(p);
          parity[p] = 2;
        }
        parity[p] ^= 1;
      }
    }
    return false;
  });
  const inside: number[] = [];
  for (const p of touched) {
    if (parity[p] & 1) inside.push(p);
    parity[p] = 0;
  }
  return inside.sort((a, b) => a - b);
}

/**
 * Parameters t in (0, 1) where segment (ax, ay)→(bx, by) meets a polygon edge (touching and
 * collinear contacts included), pushed onto `out`. Returns false when no edge is even near.
 */
export function edgeContacts(index: PolygonIndex, ax: number, ay: number, bx: number, by: number, out: number[]): boolean {
  if (!index.tree || (index.grid && segmentClear(index.grid, ax, ay, bx, by))) return false;
  const { edges } = index;
  const dx = bx - ax;
  const dy = by - ay;
  let near = false;
  index.tree.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by), (e) => {
    near = true;
    const o = e * 4;
    const ex = edges[o + 2] - edges[o];
    const ey = edges[o + 3] - edges[o + 1];
    const wx = edges[o] - ax;
    const wy = edges[o + 1] - ay;
    const denom = dx * ey - dy * ex;
    if (denom !== 0) {
      const t = (wx * ey - wy * ex) / denom;
      const u = (wx * dy - wy * dx) / denom;
      if (t > 0 && t < 1 && u >= -1e-12 && u <= 1 + 1e-12) out.push(t);
    } else {
      const len2 = dx * dx + dy * dy;
      if (len2 > 0) {
        for (const [px, py] of [
          [edges[o], edges[o + 1]],
          [edges[o + 2], edges[o + 3]],
        ]) {
          const t = ((px - ax) * dx + (py - ay) * dy) / len2;
          if (t > 0 && t < 1) out.push(t);
        }
      }
    }
    return false;
  });
  return near;
}
