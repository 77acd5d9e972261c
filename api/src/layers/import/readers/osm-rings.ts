import type { GeoJsonGeometry } from '../../geojson-types';

export interface RingMember {
  role: string;
  /** Node ids of the way, in order. */
  nodes: number[];
}

type Ring = number[];

/**
 * A multipolygon relation's geometry: member ways joined end to end into closed rings (a ring
 * may be drawn with several ways), inner rings placed in the outer ring that contains them.
 * Returns a reason when the rings do not close.
 */
export function assembleMultipolygon(members: RingMember[], coordsOf: (node: number) => [number, number]): GeoJsonGeometry | string {
  const outers = joinRings(members.filter((m) => m.role !== 'inner').map((m) => m.nodes));
  const inners = joinRings(members.filter((m) => m.role === 'inner').map((m) => m.nodes));
  if (typeof outers === 'string') return outers;
  if (typeof inners === 'string') return inners;
  if (outers.length === 0) return 'the relation has no outer ring';
  const polygons = outers.map((outer) => [outer.map(coordsOf)]);
  for (const inner of inners) {
    const ring = inner.map(coordsOf);
    const home = polygons.find((p) => pointInRing(ring[0], p[0])) ?? polygons[0];
    home.push(ring);
  }
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

export function joinRings(ways: number[][]): Ring[] | string {
  const pending = ways.filter((w) => w.length > 0).map((w) => [...w]);
  const rings: Ring[] = [];
  while (pending.length > 0) {
    const ring = pending.shift()!;
    while (ring[0] !== ring[ring.length - 1]) {
      const end = ring[ring.length - 1];
      const i = pending.findIndex((w) => w[0] === end || w[w.length - 1] === end);
      if (i < 0) return `a ring does not close (open end at node ${end})`;
      const [next] = pending.splice(i, 1);
      ring.push(...(next[0] === end ? next : next.reverse()).slice(1));
    }
    if (ring.length < 4) return `a ring has only ${ring.length} nodes`;
    rings.push(ring);
  }
  return rings;
}

function pointInRing([x, y]: number[], ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
