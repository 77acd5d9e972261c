import { lineStringMFromWkb } from './track-wkb';

describe('LineString M from WKB', () => {
  it('reads x, y, m triples as PostGIS writes them (ISO, little endian)', () => {
    // ST_AsBinary('LINESTRING M (0 0 1, 1 1 2)')
    const wkb = Buffer.from('01d20700000200000000000000000000000000000000000000000000000000f03f000000000000f03f000000000000f03f0000000000000040', 'hex');
    expect([...lineStringMFromWkb(wkb)]).toEqual([0, 0, 1, 1, 1, 2]);
  });

  it('keeps NaN times (unknown) and reads big-endian input', () => {
    const big = Buffer.alloc(9 + 2 * 24);
    big.writeUInt8(0, 0);
    big.writeUInt32BE(2002, 1);
    big.writeUInt32BE(2, 5);
    [10, 20, NaN, 30, 40, 5].forEach((v, i) => big.writeDoubleBE(v, 9 + i * 8));
    expect([...lineStringMFromWkb(big)]).toEqual([10, 20, NaN, 30, 40, 5]);
  });

  it('refuses other geometry types and truncated input', () => {
    const point = Buffer.from('0101000000000000000000f03f0000000000000040', 'hex');
    expect(() => lineStringMFromWkb(point)).toThrow('expected a LineString M');
    const short = Buffer.from('01d2070000050000000000', 'hex');
    expect(() => lineStringMFromWkb(short)).toThrow('too short');
  });
});
