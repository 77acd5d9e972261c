import { checkGeometry } from './geojson-geometry';

const point = (coordinates: unknown) => ({ type: 'Point', coordinates });
const square = [
  [139.7, 35.7],
  [139.71, 35.7],
  [139.71, 35.71],
  [139.7, 35.71],
  [139.7, 35.7],
];

describe('checkGeometry', () => {
  it('accepts a point in Shinjuku', () => {
    expect(checkGeometry(point([139.7101, 35.7013]), ['Point'])).toBeNull();
  });

  it('accepts the corners of the Japan bounds (lon 122–154, lat 20–46, inclusive)', () => {
    expect(checkGeometry(point([122, 20]), ['Point'])).toBeNull();
    expect(checkGeometry(point([154, 46]), ['Point'])).toBeNull();
  });

  it('accepts a third (altitude) coordinate', () => {
    expect(checkGeometry(point([139.7, 35.7, 40]), ['Point'])).toBeNull();
  });

  it('says which geometry types a layer accepts', () => {
    const problem = checkGeometry({ type: 'LineString', coordinates: [[139.7, 35.7], [139.71, 35.7]] }, ['Point']);
    expect(problem).toEqual({ code: 'WRONG_GEOMETRY_TYPE', message: 'this layer accepts Point geometries, not LineString', field: 'geometry.type' });
  });

  it('says lat/lon look swapped when [lat, lon] would be inside Japan', () => {
    const problem = checkGeometry(point([35.7013, 139.7101]), ['Point']);
    expect(problem?.code).toBe('OUT_OF_BOUNDS');
    expect(problem?.message).toMatch(/lat\/lon look swapped/);
    expect(problem?.message).toMatch(/\[lon, lat\]/);
  });

  it('rejects a point in Paris as outside Japan without claiming a swap', () => {
    const problem = checkGeometry(point([2.3522, 48.8566]), ['Point']);
    expect(problem?.code).toBe('OUT_OF_BOUNDS');
    expect(problem?.message).not.toMatch(/swapped/);
  });

  it('rejects a coordinate just west of the bounds', () => {
    expect(checkGeometry(point([121.999, 30]), ['Point'])?.code).toBe('OUT_OF_BOUNDS');
  });

  it('names the vertex that is out of bounds', () => {
    const line = { type: 'LineString', coordinates: [[139.7, 35.7], [139.71, 35.7], [13.971, 35.7]] };
    expect(checkGeometry(line, ['LineString'])?.message).toMatch(/^coordinates\[2\] \[13\.971, 35\.7\] is outside Japan/);
  });

  it('rejects coordinates that are not numbers', () => {
    const problem = checkGeometry(point(['139.7', 35.7]), ['Point']);
    expect(problem).toEqual({ code: 'INVALID_GEOJSON', message: 'coordinates[0] must be a finite number, got "139.7"', field: 'geometry.coordinates' });
  });

  it('rejects the wrong nesting (a polygon given as a bare ring)', () => {
    const problem = checkGeometry({ type: 'Polygon', coordinates: square }, ['Polygon']);
    expect(problem?.code).toBe('INVALID_GEOJSON');
    expect(problem?.message).toMatch(/coordinates\[0\]\[0\] must be an array/);
  });

  it('rejects an unclosed ring and a ring of three positions', () => {
    expect(checkGeometry({ type: 'Polygon', coordinates: [square.slice(0, 4).concat([[139.7, 35.705]])] }, ['Polygon'])?.message).toMatch(
      /not closed/,
    );
    expect(checkGeometry({ type: 'Polygon', coordinates: [[square[0], square[1], square[0]]] }, ['Polygon'])?.message).toMatch(
      /ring of 3 positions/,
    );
  });

  it('rejects a line of one position', () => {
    expect(checkGeometry({ type: 'LineString', coordinates: [[139.7, 35.7]] }, ['LineString'])?.message).toMatch(/at least 2 positions/);
  });

  it('rejects a missing geometry and an unknown type', () => {
    expect(checkGeometry(null, ['Point'])).toEqual({ code: 'INVALID_GEOJSON', message: 'the feature has no geometry', field: 'geometry' });
    expect(checkGeometry({ type: 'Circle', coordinates: [139.7, 35.7] }, ['Point'])?.code).toBe('INVALID_GEOJSON');
  });

  it('accepts a multipolygon of two squares', () => {
    const shifted = square.map(([x, y]) => [x + 0.1, y]);
    expect(checkGeometry({ type: 'MultiPolygon', coordinates: [[square], [shifted]] }, ['Polygon', 'MultiPolygon'])).toBeNull();
  });
});
