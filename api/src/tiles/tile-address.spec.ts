import { parseTileAddress, pixelSize3857 } from './tile-address';

describe('parseTileAddress', () => {
  it('accepts integer coordinates inside the zoom grid', () => {
    expect(parseTileAddress('15', '29102', '12901')).toEqual({ z: 15, x: 29102, y: 12901 });
    expect(parseTileAddress('0', '0', '0')).toEqual({ z: 0, x: 0, y: 0 });
    expect(parseTileAddress('1', '1', '1')).toEqual({ z: 1, x: 1, y: 1 });
  });

  it.each([
    ['23', '0', '0', 'z must be an integer from 0 to 22'],
    ['-1', '0', '0', 'z must be'],
    ['1.5', '0', '0', 'z must be'],
    ['1', '2', '0', 'x must be an integer from 0 to 1, got "2"'],
    ['3', '0', '8', 'y must be an integer from 0 to 7'],
    ['10', 'abc', '0', 'x must be'],
    ['10', '1e3', '0', 'x must be'],
    ['10', '', '0', 'x must be'],
  ])('rejects %s/%s/%s with INVALID_TILE', (z, x, y, message) => {
    expect(() => parseTileAddress(z, x, y)).toThrow(expect.objectContaining({ code: 'INVALID_TILE', status: 400, message: expect.stringContaining(message) }));
  });
});

describe('pixelSize3857', () => {
  it('is the world width over 256 × 2^z pixels', () => {
    expect(pixelSize3857(0)).toBeCloseTo(156543.034, 3);
    expect(pixelSize3857(15)).toBeCloseTo(4.777, 3);
  });
});
