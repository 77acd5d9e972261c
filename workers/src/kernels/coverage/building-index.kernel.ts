import Flatbush from 'flatbush';
import type { Building, Vec } from './coverage.types';

/**
 * Buildings prepared once for many cameras: every ring edge oriented with the building's
 * interior on its left (outer rings counter-clockwise, holes clockwise) in `edges` as
 * (ax, ay, bx, by), building `i` owning edges `edgeStart[i]` to `edgeStart[i + 1]`, and a
 * spatial index over the buildings' bounding boxes.
 */
export interface BuildingIndex {
  readonly kind: 'building-index';
  readonly edges: Float64Array;
  readonly edgeStart: Uint32Array;
  readonly buildings: readonly Building[];
  readonly tree: Flatbush | null;
}

function signedArea(ring: readonly Vec[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return sum / 2;
}

function ringLength(ring: readonly Vec[]): number {
  const n = ring.length;
  const closed = n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1];
  return closed ? n - 1 : n;
}

export function indexBuildings(buildings: readonly Building[]): BuildingIndex {
  let capacity = 0;
  for (const b of buildings) for (const ring of b.rings) capacity += ringLength(ring);
  const edges = new Float64Array(capacity * 4);
  const edgeStart = new Uint32Array(buildings.length + 1);
  let edgeCount = 0;
  buildings.forEach((b, bi) => {
    edgeStart[bi] = edgeCount;
    b.rings.forEach((ring, r) => {
      const n = ringLength(ring);
      if (n < 3) return;
      const ccw = signedArea(ring) > 0;
      const forward = r === 0 ? ccw : !ccw;
      for (let i = 0; i < n; i++) {
        const p = ring[i];
        const q = ring[(i + 1) % n];
        if (p[0] === q[0] && p[1] === q[1]) continue;
        const a = forward ? p : q;
        const c = forward ? q : p;
        const o = edgeCount++ * 4;
        edges[o] = a[0];
        edges[o + 1] = a[1];
        edges[o + 2] = c[0];
        edges[o + 3] = c[1];
      }
    });
  });
  edgeStart[buildings.length] = edgeCount;
  return { kind: 'building-index', edges, edgeStart, buildings, tree: buildingTree(buildings) };
}

function buildingTree(buildings: readonly Building[]): Flatbush | null {
  if (buildings.length === 0) return null;
  const tree = new Flatbush(buildings.length);
  for (const b of buildings) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const [x, y] of b.rings[0] ?? []) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
    // A building without vertices has no edges and contains nothing; its box only keeps ids aligned.
    if (minX > maxX) tree.add(0, 0, 0, 0);
    else tree.add(minX, minY, maxX, maxY);
  }
  tree.finish();
  return tree;
}

/** Even-odd test: whether (x, y) is inside the building (a point on its boundary may go either way). */
export function pointInBuilding(building: Building, x: number, y: number): boolean {
  let inside = false;
  for (const ring of building.rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
