import { AppError } from '../common/app-error';
import { decodeUtf8, readGeoJsonFeatures } from './geojson-reader';

const feature = (n: number) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [139.7, 35.7] }, properties: { n } });

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('readGeoJsonFeatures', () => {
  it('numbers the features of a collection from 1', () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: [feature(1), feature(2), feature(3)] });
    const rows = readGeoJsonFeatures(text, 'geojson');
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(rows[2].feature).toEqual(feature(3));
  });

  it('reads newline-delimited GeoJSON, numbering rows by line and skipping blank lines', () => {
    const text = `${JSON.stringify(feature(1))}\r\n\n${JSON.stringify(feature(2))}\n`;
    expect(readGeoJsonFeatures(text, 'ndjson').map((r) => r.row)).toEqual([1, 3]);
    expect(readGeoJsonFeatures(text, 'geojson')).toHaveLength(2);
  });

  it('gives the line and column of broken JSON', () => {
    const text = '{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature",, "geometry": null}\n ]}';
    const err = errorOf(() => readGeoJsonFeatures(text, 'geojson'));
    expect(err.code).toBe('INVALID_GEOJSON');
    expect(err.details).toMatchObject({ line: 3, column: 22, position: text.indexOf(',,') + 1 });
    expect(err.message).toMatch(/line 3, column 22/);
  });

  it('finds the position even where V8 does not report one', () => {
    const err = errorOf(() => readGeoJsonFeatures('{"type": tru}', 'geojson'));
    expect(err.details).toMatchObject({ position: 12, line: 1, column: 13 });
  });

  it('names the broken line of newline-delimited GeoJSON', () => {
    const err = errorOf(() => readGeoJsonFeatures(`${JSON.stringify(feature(1))}\n{"type": "Feature"\n`, 'ndjson'));
    expect(err.details).toMatchObject({ line: 2 });
    expect(err.message).toMatch(/^line 2 is not valid JSON/);
  });

  it('rejects JSON that is not a FeatureCollection', () => {
    expect(errorOf(() => readGeoJsonFeatures('[1, 2]', 'geojson')).message).toMatch(/got an array/);
    expect(errorOf(() => readGeoJsonFeatures('{"type": "FeatureCollection"}', 'geojson')).message).toMatch(/no "features" array/);
  });
});

describe('decodeUtf8', () => {
  it('drops a BOM and refuses Shift_JIS bytes', () => {
    expect(decodeUtf8(Buffer.from('\uFEFF{"a":1}', 'utf8'))).toBe('{"a":1}');
    expect(errorOf(() => decodeUtf8(Buffer.from([0x93, 0x8c, 0x8b, 0x9e]))).code).toBe('INVALID_GEOJSON');
  });
});
