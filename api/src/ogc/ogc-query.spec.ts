import { checkFormat, parseBbox, parseItemsQuery } from './ogc-query';

describe('OGC items query', () => {
  it('defaults to the first 10 items', () => {
    expect(parseItemsQuery({})).toEqual({ limit: 10, offset: 0 });
  });

  it('reads bbox, limit and offset', () => {
    expect(parseItemsQuery({ bbox: '139.70,35.69,139.72,35.71', limit: '25', offset: '50' })).toEqual({
      bbox: [139.7, 35.69, 139.72, 35.71],
      limit: 25,
      offset: 50,
    });
  });

  it('clamps a limit above 10,000 to 10,000 instead of refusing it', () => {
    expect(parseItemsQuery({ limit: '50000' }).limit).toBe(10000);
  });

  it.each([
    [{ limit: '0' }, 'limit must be an integer ≥ 1, got "0"'],
    [{ limit: '-5' }, 'limit must be an integer ≥ 1'],
    [{ limit: '2.5' }, 'limit must be'],
    [{ limit: 'ten' }, 'limit must be'],
    [{ offset: '-1' }, 'offset must be an integer ≥ 0'],
    [{ limit: ['1', '2'] }, 'limit must be given once'],
  ])('rejects %j with INVALID_QUERY', (query, message) => {
    expect(() => parseItemsQuery(query)).toThrow(expect.objectContaining({ code: 'INVALID_QUERY', status: 400, message: expect.stringContaining(message) }));
  });
});

describe('parseBbox', () => {
  it('accepts 6 numbers and drops the heights', () => {
    expect(parseBbox('139.7,35.6,0,139.8,35.7,100')).toEqual([139.7, 35.6, 139.8, 35.7]);
  });

  it.each([
    ['139.7,35.6,139.8', 'bbox must be 4 numbers'],
    ['139.7,35.6,,35.7', 'bbox must be 4 numbers'],
    ['a,b,c,d', 'bbox must be 4 numbers'],
    ['139.7,35.6,139.8,95', 'latitudes must lie in [-90, 90]'],
    ['200,35.6,210,35.7', 'longitudes must lie in [-180, 180]'],
    ['139.7,35.8,139.8,35.7', 'south (35.8) is north of its north (35.7)'],
    ['139.9,35.6,139.8,35.7', 'west (139.9) is east of its east (139.8)'],
  ])('rejects "%s"', (raw, message) => {
    expect(() => parseBbox(raw)).toThrow(expect.objectContaining({ code: 'INVALID_QUERY', message: expect.stringContaining(message) }));
  });
});

describe('checkFormat', () => {
  it('accepts f=json (or nothing) and refuses other encodings', () => {
    expect(() => checkFormat(undefined, ['json'])).not.toThrow();
    expect(() => checkFormat('json', ['json'])).not.toThrow();
    expect(() => checkFormat('html', ['json'])).toThrow(expect.objectContaining({ code: 'INVALID_QUERY', message: 'f must be json, got "html"' }));
  });
});
