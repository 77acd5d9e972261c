import type { Building, CoverageLine, Vec } from '../../kernels';
import { parseWkb, type WkbGeometry } from '../shared/wkb';
import type { Envelope } from './siting.repository';

/** Line parts (≥ 2 vertices) of a metric WKB LineString, MultiLineString or collection of them. */
export function lineParts(wkb: Uint8Array): Vec[][] {
  const parts: Vec[][] = [];
  const visit = (g: WkbGeometry) => {
    if (g.type === 'LineString') parts.push(g.coordinates);
    else if (g.type === 'MultiLineString') parts.push(...g.coordinates);
    else if (g.type === 'GeometryCollection') g.geometries.forEach(visit);
  };
  visit(parseWkb(wkb));
  return parts.filter((p) => p.length >= 2);
}

/** One kernel line per part of each row, keeping the row's id. */
export function linesOf(rows: readonly { id: number; wkb: Uint8Array }[]): CoverageLine[] {
  return rows.flatMap((r) => lineParts(r.wkb).map((coords) => ({ id: r.id, coords })));
}

/** One kernel building (rings in metres) per polygon part of a metric WKB (Multi)Polygon. */
export function polygonParts(id: number, wkb: Uint8Array): Building[] {
  const g = parseWkb(wkb);
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  return polygons.map((rings, i) => ({ id: polygons.length === 1 ? id : `${id}:${i}`, rings }));
}

export function boundsOf(lines: readonly CoverageLine[]): Envelope {
  const env = { xmin: Infinity, ymin: Infinity, xmax: -Infinity, ymax: -Infinity };
  for (const line of lines) {
    for (const [x, y] of line.coords) {
      env.xmin = Math.min(env.xmin, x);
      env.ymin = Math.min(env.ymin, y);
      env.xmax = Math.max(env.xmax, x);
      env.ymax = Math.max(env.ymax, y);
    }
  }
  return env;
}

export function grown(env: Envelope, marginM: number): Envelope {
  return { xmin: env.xmin - marginM, ymin: env.ymin - marginM, xmax: env.xmax + marginM, ymax: env.ymax + marginM };
}
