import { parseWkb } from './wkb';
import { toWkb } from './wkb-writer';

describe('toWkb', () => {
  it('writes what PostGIS writes for LINESTRING(1 2, 3 4)', () => {
    expect(toWkb({ type: 'LineString', coordinates: [[1, 2], [3, 4]] }).toString('hex')).toBe(
      '010200000002000000000000000000f03f000000000000004000000000000008400000000000001040',
    );
  });

  it('round-trips every supported type through the reader', () => {
    const ring = [[0, 0], [1, 0], [1, 1], [0, 0]] as [number, number][];
    const geometries = [
      { type: 'Point', coordinates: [139.7, 35.7] },
      { type: 'Polygon', coordinates: [ring, ring] },
      { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3], [4, 5]]] },
      { type: 'MultiPolygon', coordinates: [[ring], [ring, ring]] },
      { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] },
      { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[0, 0], [1, 1]] }] },
    ] as const;
    for (const g of geometries) expect(parseWkb(toWkb(g))).toEqual(g);
  });
});
