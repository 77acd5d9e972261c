/**
 * Encodes simple GeoJSON-like geometries as little-endian 2D WKB, so many result geometries
 * reach PostGIS as compact bytes instead of JSON text.
 */
type Pos = readonly number[];
export type WritableGeometry =
  | { type: 'Point'; coordinates: Pos }
  | { type: 'LineString'; coordinates: readonly Pos[] }
  | { type: 'Polygon'; coordinates: readonly (readonly Pos[])[] }
  | { type: 'MultiLineString'; coordinates: readonly (readonly Pos[])[] }
  | { type: 'MultiPolygon'; coordinates: readonly (readonly (readonly Pos[])[])[] }
  | { type: 'MultiPoint'; coordinates: readonly Pos[] }
  | { type: 'GeometryCollection'; geometries: readonly WritableGeometry[] };

const TYPE_CODE = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6, GeometryCollection: 7 } as const;

function byteLength(g: WritableGeometry): number {
  const ring = (r: readonly Pos[]) => 4 + 16 * r.length;
  switch (g.type) {
    case 'Point':
      return 21;
    case 'LineString':
      return 5 + ring(g.coordinates);
    case 'Polygon':
      return 9 + g.coordinates.reduce((n, r) => n + ring(r), 0);
    case 'MultiLineString':
      return 9 + g.coordinates.reduce((n, l) => n + 5 + ring(l), 0);
    case 'MultiPolygon':
      return 9 + g.coordinates.reduce((n, p) => n + 9 + p.reduce((m, r) => m + ring(r), 0), 0);
    case 'MultiPoint':
      return 9 + 21 * g.coordinates.length;
    case 'GeometryCollection':
      return 9 + g.geometries.reduce((n, m) => n + byteLength(m), 0);
  }
}

export function toWkb(geometry: WritableGeometry): Buffer {
  const buf = Buffer.allocUnsafe(byteLength(geometry));
  let o = 0;
  const head = (code: number) => {
    buf.writeUInt8(1, o);
    buf.writeUInt32LE(code, o + 1);
    o += 5;
  };
  const u32 = (n: number) => {
    buf.writeUInt32LE(n, o);
    o += 4;
  };
  const xy = (p: Pos) => {
    buf.writeDoubleLE(p[0], o);
    buf.writeDoubleLE(p[1], o + 8);
    o += 16;
  };
  const points = (ps: readonly Pos[]) => {
    u32(ps.length);
    ps.forEach(xy);
  };
  const polygon = (rings: readonly (readonly Pos[])[]) => {
    head(TYPE_CODE.Polygon);
    u32(rings.length);
    rings.forEach(points);
  };
  const write = (g: WritableGeometry): void => {
    switch (g.type) {
      case 'Point':
        head(TYPE_CODE.Point);
        xy(g.coordinates);
        break;
      case 'LineString':
        head(TYPE_CODE.LineString);
        points(g.coordinates);
        break;
      case 'Polygon':
        polygon(g.coordinates);
        break;
      case 'MultiLineString':
        head(TYPE_CODE.MultiLineString);
        u32(g.coordinates.length);
        for (const line of g.coordinates) {
          head(TYPE_CODE.LineString);
          points(line);
        }
        break;
      case 'MultiPolygon':
        head(TYPE_CODE.MultiPolygon);
        u32(g.coordinates.length);
        g.coordinates.forEach(polygon);
        break;
      case 'MultiPoint':
        head(TYPE_CODE.MultiPoint);
        u32(g.coordinates.length);
        for (const p of g.coordinates) write({ type: 'Point', coordinates: p });
        break;
      case 'GeometryCollection':
        head(TYPE_CODE.GeometryCollection);
        u32(g.geometries.length);
        g.geometries.forEach(write);
        break;
    }
  };
  write(geometry);
  return buf;
}
