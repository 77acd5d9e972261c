/**
 * A small reader of (ISO or extended) WKB as PostGIS's ST_AsBinary / ST_AsEWKB write it, for
 * loading many geometries quickly: no JSON text on either side. Z and M values are skipped.
 */
export type XY = [number, number];

export type WkbGeometry =
  | { type: 'Point'; coordinates: XY }
  | { type: 'LineString'; coordinates: XY[] }
  | { type: 'Polygon'; coordinates: XY[][] }
  | { type: 'MultiPoint'; coordinates: XY[] }
  | { type: 'MultiLineString'; coordinates: XY[][] }
  | { type: 'MultiPolygon'; coordinates: XY[][][] }
  | { type: 'GeometryCollection'; geometries: WkbGeometry[] };

const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;

class Reader {
  private offset = 0;
  private little = true;
  constructor(private readonly view: DataView) {}

  geometry(): WkbGeometry {
    this.little = this.view.getUint8(this.offset) === 1;
    this.offset += 1;
    const raw = this.uint32();
    let dims = 2;
    let type = raw;
    if (raw & (EWKB_Z | EWKB_M | EWKB_SRID)) {
      if (raw & EWKB_Z) dims++;
      if (raw & EWKB_M) dims++;
      if (raw & EWKB_SRID) this.offset += 4;
      type = raw & 0xffff;
    } else if (raw >= 1000) {
      const flavour = Math.floor(raw / 1000);
      dims += flavour === 3 ? 2 : 1;
      type = raw % 1000;
    }
    switch (type) {
      case 1:
        return { type: 'Point', coordinates: this.point(dims) };
      case 2:
        return { type: 'LineString', coordinates: this.points(dims) };
      case 3:
        return { type: 'Polygon', coordinates: this.rings(dims) };
      case 4:
        return { type: 'MultiPoint', coordinates: this.parts(() => (this.geometry() as { coordinates: XY }).coordinates) };
      case 5:
        return { type: 'MultiLineString', coordinates: this.parts(() => (this.geometry() as { coordinates: XY[] }).coordinates) };
      case 6:
        return { type: 'MultiPolygon', coordinates: this.parts(() => (this.geometry() as { coordinates: XY[][] }).coordinates) };
      case 7:
        return { type: 'GeometryCollection', geometries: this.parts(() => this.geometry()) };
      default:
        throw new Error(`unsupported WKB geometry type ${raw}`);
    }
  }

  private uint32(): number {
    const v = this.view.getUint32(this.offset, this.little);
    this.offset += 4;
    return v;
  }

  private point(dims: number): XY {
    const x = this.view.getFloat64(this.offset, this.little);
    const y = this.view.getFloat64(this.offset + 8, this.little);
    this.offset += 8 * dims;
    return [x, y];
  }

  private points(dims: number): XY[] {
    const n = this.uint32();
    const out = new Array<XY>(n);
    for (let i = 0; i < n; i++) out[i] = this.point(dims);
    return out;
  }

  private rings(dims: number): XY[][] {
    const n = this.uint32();
    const out = new Array<XY[]>(n);
    for (let i = 0; i < n; i++) out[i] = this.points(dims);
    return out;
  }

  private parts<T>(read: () => T): T[] {
    const n = this.uint32();
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = read();
    return out;
  }
}

export function parseWkb(bytes: Uint8Array): WkbGeometry {
  return new Reader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)).geometry();
}
