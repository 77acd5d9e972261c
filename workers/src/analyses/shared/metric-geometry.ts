import type { Building, Vec } from '../../kernels';
import { parseWkb, type WkbGeometry } from './wkb';

/** A metric bounding box. */
export interface MetricBox {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

/** The box grown by `marginM` on every side. */
export function grown<E extends MetricBox>(env: E, marginM: number): MetricBox {
  return { xmin: env.xmin - marginM, ymin: env.ymin - marginM, xmax: env.xmax + marginM, ymax: env.ymax + marginM };
}

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

/** One kernel building (rings in metres) per polygon part of a metric WKB (Multi)Polygon. */
export function polygonParts(id: number, wkb: Uint8Array): Building[] {
  const g = parseWkb(wkb);
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  return polygons.map((rings, i) => ({ id: polygons.length === 1 ? id : `${id}:${i}`, rings }));
}
