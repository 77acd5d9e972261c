import type { Building, CoverageLine, Vec } from '../../kernels';

/** Line parts of a metric GeoJSON geometry (LineString, MultiLineString or a collection of them). */
export function lineParts(geojson: string): Vec[][] {
  const parts: Vec[][] = [];
  const visit = (g: { type: string; coordinates?: unknown; geometries?: unknown[] }) => {
    if (g.type === 'LineString') parts.push(g.coordinates as Vec[]);
    else if (g.type === 'MultiLineString') parts.push(...(g.coordinates as Vec[][]));
    else if (g.type === 'GeometryCollection') (g.geometries as (typeof g)[]).forEach(visit);
  };
  visit(JSON.parse(geojson));
  return parts.filter((p) => p.length >= 2);
}

/** Buildings for the kernel: one entry per polygon part (rings in metres). */
export function buildingParts(id: number, geojson: string): Building[] {
  const g = JSON.parse(geojson) as { type: string; coordinates: Vec[][] | Vec[][][] };
  const polygons = g.type === 'Polygon' ? [g.coordinates as Vec[][]] : g.type === 'MultiPolygon' ? (g.coordinates as Vec[][][]) : [];
  return polygons.map((rings, i) => ({ id: polygons.length === 1 ? id : `${id}:${i}`, rings }));
}

/** One kernel line per part; ids `<target>:<part>` map results back to their target. */
export function kernelLines(targets: { id: number; parts: Vec[][] }[]): CoverageLine[] {
  return targets.flatMap((t) => t.parts.map((coords, i) => ({ id: `${t.id}:${i}`, coords })));
}

export interface MetricEnvelope {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

export function envelopeOf(partsList: Vec[][][], marginM: number): MetricEnvelope | null {
  let xmin = Infinity;
  let ymin = Infinity;
  let xmax = -Infinity;
  let ymax = -Infinity;
  for (const parts of partsList) {
    for (const part of parts) {
      for (const [x, y] of part) {
        if (x < xmin) xmin = x;
        if (y < ymin) ymin = y;
        if (x > xmax) xmax = x;
        if (y > ymax) ymax = y;
      }
    }
  }
  if (xmin === Infinity) return null;
  return { xmin: xmin - marginM, ymin: ymin - marginM, xmax: xmax + marginM, ymax: ymax + marginM };
}

/** A polyline or polygon ring as metric GeoJSON text (for the SQL that converts it back). */
export function lineStringJson(coords: Vec[]): string {
  return JSON.stringify({ type: 'LineString', coordinates: coords });
}

export function polygonJson(ring: Vec[]): string {
  const closed = ring.length > 0 && (ring[0][0] !== ring[ring.length - 1][0] || ring[0][1] !== ring[ring.length - 1][1]) ? [...ring, ring[0]] : ring;
  return JSON.stringify({ type: 'Polygon', coordinates: [closed] });
}
