import { parseWkt } from './wkt';

describe('parseWkt', () => {
  it('reads points and lines as GeoJSON', () => {
    expect(parseWkt('POINT(139.7101 35.7013)')).toEqual({ geometry: { type: 'Point', coordinates: [139.7101, 35.7013] }, srid: null, measures: null });
    expect(parseWkt('linestring (0 0, 1 1.5)').geometry).toEqual({ type: 'LineString', coordinates: [[0, 0], [1, 1.5]] });
  });

  it('reads a polygon with a hole and a multipolygon', () => {
    const wkt = 'MULTIPOLYGON(((0 0,4 0,4 4,0 4,0 0),(1 1,1 2,2 2,1 1)),((5 5,6 5,6 6,5 5)))';
    expect(parseWkt(wkt).geometry).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [
          [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
          [[1, 1], [1, 2], [2, 2], [1, 1]],
        ],
        [[[5, 5], [6, 5], [6, 6], [5, 5]]],
      ],
    });
  });

  it('keeps the M of a track’s vertices as times, NaN as unknown', () => {
    const parsed = parseWkt('LINESTRING M (139.7 35.7 1743462000,139.71 35.7 NaN)');
    expect(parsed.geometry).toEqual({ type: 'LineString', coordinates: [[139.7, 35.7], [139.71, 35.7]] });
    expect(parsed.measures).toEqual([1743462000, null]);
  });

  it('reads the SRID of EWKT and both MULTIPOINT spellings', () => {
    expect(parseWkt('SRID=6677;POINT(-9328.9 -34871.2)').srid).toBe(6677);
    expect(parseWkt('MULTIPOINT((1 2),(3 4))').geometry).toEqual(parseWkt('MULTIPOINT(1 2, 3 4)').geometry);
  });

  it('explains what is wrong', () => {
    expect(() => parseWkt('POINT(1)')).toThrow('a position needs at least two numbers at character 8');
    expect(() => parseWkt('POINT(1 2')).toThrow('expected ")"');
    expect(() => parseWkt('CIRCULARSTRING(0 0, 1 1, 2 0)')).toThrow('CIRCULARSTRING, which cannot be imported');
    expect(() => parseWkt('POINT EMPTY')).toThrow('is EMPTY');
    expect(() => parseWkt('35.7,139.7')).toThrow('is not WKT');
  });
});
