import { parseWkb } from './wkb';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('parseWkb', () => {
  it('reads a little-endian 2D LineString (ST_AsBinary of LINESTRING(1 2, 3 4))', () => {
    const wkb = hex('010200000002000000000000000000f03f000000000000004000000000000008400000000000001040');
    expect(parseWkb(wkb)).toEqual({ type: 'LineString', coordinates: [[1, 2], [3, 4]] });
  });

  it('reads big-endian points', () => {
    expect(parseWkb(hex('00000000013ff00000000000004000000000000000'))).toEqual({ type: 'Point', coordinates: [1, 2] });
  });

  it('skips M values of an ISO LineString M and the SRID of EWKB', () => {
    // ISO WKB LINESTRING M (1 2 100, 3 4 200): type 2002
    const iso = hex('01d207000002000000000000000000f03f00000000000000400000000000005940000000000000084000000000000010400000000000006940');
    expect(parseWkb(iso)).toEqual({ type: 'LineString', coordinates: [[1, 2], [3, 4]] });
    // EWKB SRID=4326;POINT(1 2)
    const ewkb = hex('0101000020e6100000000000000000f03f0000000000000040');
    expect(parseWkb(ewkb)).toEqual({ type: 'Point', coordinates: [1, 2] });
  });

  it('reads a MultiPolygon with a hole', () => {
    const square = (x: number): [number, number][] => [[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]];
    const ring = (pts: [number, number][]) => {
      const b = Buffer.alloc(4 + pts.length * 16);
      b.writeUInt32LE(pts.length, 0);
      pts.forEach(([x, y], i) => {
        b.writeDoubleLE(x, 4 + i * 16);
        b.writeDoubleLE(y, 12 + i * 16);
      });
      return b;
    };
    const polygon = (rings: [number, number][][]) => {
      const head = Buffer.alloc(9);
      head.writeUInt8(1, 0);
      head.writeUInt32LE(3, 1);
      head.writeUInt32LE(rings.length, 5);
      return Buffer.concat([head, ...rings.map(ring)]);
    };
    const multi = Buffer.alloc(9);
    multi.writeUInt8(1, 0);
    multi.writeUInt32LE(6, 1);
    multi.writeUInt32LE(2, 5);
    const wkb = Buffer.concat([multi, polygon([square(0), square(0.25)]), polygon([square(5)])]);
    expect(parseWkb(wkb)).toEqual({ type: 'MultiPolygon', coordinates: [[square(0), square(0.25)], [square(5)]] });
  });
});
