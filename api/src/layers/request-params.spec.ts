import { AppError } from '../common/app-error';
import { parseExportFormat, parseFeatureId, parseIfMatch, parseListQuery } from './request-params';

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('parseListQuery', () => {
  it('defaults to the first 100 features anywhere', () => {
    expect(parseListQuery({})).toEqual({ bbox: null, limit: 100, offset: 0 });
  });

  it('reads a bbox west,south,east,north', () => {
    expect(parseListQuery({ bbox: '139.70,35.69,139.72,35.71', limit: '10000', offset: '20' })).toEqual({
      bbox: [139.7, 35.69, 139.72, 35.71],
      limit: 10000,
      offset: 20,
    });
  });

  it.each([['139.7,35.7,139.8'], ['a,b,c,d'], ['139.8,35.7,139.7,35.8'], ['139.7,95,139.8,96'], ['139.7,,139.8,35.8']])(
    'rejects bbox=%s with INVALID_QUERY',
    (bbox) => {
      const err = errorOf(() => parseListQuery({ bbox }));
      expect(err.code).toBe('INVALID_QUERY');
      expect(err.details).toEqual({ field: 'bbox' });
    },
  );

  it('rejects a limit above 10000 and a negative offset', () => {
    expect(errorOf(() => parseListQuery({ limit: '10001' })).details).toEqual({ field: 'limit' });
    expect(errorOf(() => parseListQuery({ offset: '-1' })).details).toEqual({ field: 'offset' });
  });
});

describe('parseIfMatch', () => {
  it('reads the version from the ETag we sent, weak or bare', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"3"')).toBe(3);
    expect(parseIfMatch('3')).toBe(3);
  });

  it('answers 428 when missing and 400 when unreadable', () => {
    expect(errorOf(() => parseIfMatch(undefined))).toMatchObject({ status: 428, code: 'PRECONDITION_REQUIRED' });
    expect(errorOf(() => parseIfMatch('*'))).toMatchObject({ status: 400 });
  });
});

describe('parseFeatureId and parseExportFormat', () => {
  it('accepts positive integer ids only', () => {
    expect(parseFeatureId('42')).toBe('42');
    expect(parseFeatureId('0')).toBeNull();
    expect(parseFeatureId('4.2')).toBeNull();
    expect(parseFeatureId('99999999999999999999')).toBeNull();
  });

  it('names the supported export formats', () => {
    expect(parseExportFormat(undefined)).toBe('geojson');
    expect(parseExportFormat('CSV')).toBe('csv');
    expect(parseExportFormat('gpkg')).toBe('gpkg');
    const err = errorOf(() => parseExportFormat('shp'));
    expect(err.code).toBe('UNSUPPORTED_FORMAT');
    expect(err.message).toMatch(/supported: geojson, csv, gpkg, kml/);
  });
});
