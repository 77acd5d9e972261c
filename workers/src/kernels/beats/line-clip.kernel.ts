import { edgeContacts, polygonsAt, type PolygonIndex } from './polygon-index.kernel';

/** Called for each stretch [f0, f1] (fractions of segment `segment`) lying in polygon `polygon`. */
export type PieceVisitor = (polygon: number, segment: number, f0: number, f1: number) => void;

/**
 * Walks a polyline through indexed polygons. A segment that no polygon edge comes near lies
 * wholly in the polygons its predecessor ended in; only segments near an edge are split at
 * their contacts, and each piece is located by its midpoint. Coordinates are read as x, y at
 * `coords[i * stride]`, so x, y, t triples need no copy.
 */
export function clipPolyline(index: PolygonIndex, coords: ArrayLike<number>, stride: number, visit: PieceVisitor): void {
  const n = Math.floor(coords.length / stride);
  let state: number[] | null = null;
  const contacts: number[] = [];
  for (let i = 0; i + 1 < n; i++) {
    const ax = coords[i * stride];
    const ay = coords[i * stride + 1];
    const bx = coords[(i + 1) * stride];
    const by = coords[(i + 1) * stride + 1];
    if (ax === bx && ay === by) continue;
    contacts.length = 0;
    const near = edgeContacts(index, ax, ay, bx, by, contacts);
    if (!near && state !== null) {
      for (const p of state) visit(p, i, 0, 1);
      continue;
    }
    contacts.push(0, 1);
    contacts.sort((a, b) => a - b);
    for (let k = 0; k + 1 < contacts.length; k++) {
      const f0 = contacts[k];
      const f1 = contacts[k + 1];
      if (f1 - f0 <= 1e-12) continue;
      const f = (f0 + f1) / 2;
      state = polygonsAt(index, ax + f * (bx - ax), ay + f * (by - ay));
      for (const p of state) visit(p, i, f0, f1);
    }
  }
}

export interface PolygonTotals {
  /** Length in each polygon, by polygon index. */
  lengthM: Float64Array;
  /** Sum of the measure's increase (e.g. seconds) over the pieces in each polygon; unknown (NaN) or decreasing measures are skipped. */
  measure: Float64Array;
}

/**
 * Length and measure of polylines (x, y, m triples) inside each polygon. A stretch in two
 * overlapping polygons counts in both, as ST_Intersection per polygon would.
 */
export function totalsInPolygons(index: PolygonIndex, lines: Iterable<ArrayLike<number>>): PolygonTotals {
  const totals: PolygonTotals = { lengthM: new Float64Array(index.ids.length), measure: new Float64Array(index.ids.length) };
  addTotals(index, lines, totals);
  return totals;
}

export function addTotals(index: PolygonIndex, lines: Iterable<ArrayLike<number>>, totals: PolygonTotals): void {
  for (const xym of lines) {
    clipPolyline(index, xym, 3, (p, i, f0, f1) => {
      const o = i * 3;
      const dx = xym[o + 3] - xym[o];
      const dy = xym[o + 4] - xym[o + 1];
      totals.lengthM[p] += Math.sqrt(dx * dx + dy * dy) * (f1 - f0);
      const dm = xym[o + 5] - xym[o + 2];
      if (dm >= 0) totals.measure[p] += dm * (f1 - f0);
    });
  }
}
