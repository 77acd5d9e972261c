import { TileCache } from './tile-cache';

/** Entry cost = bytes + 2 × key length + 96; keys below are 1 character, so cost = bytes + 98. */
const tile = (bytes: number, fill = 1) => Buffer.alloc(bytes, fill);

describe('TileCache', () => {
  it('returns what was stored and counts its cost', () => {
    const cache = new TileCache(10_000);
    cache.set('a', tile(100, 7));
    expect(cache.get('a')).toEqual(tile(100, 7));
    expect(cache.bytes).toBe(198);
    expect(cache.get('b')).toBeUndefined();
  });

  it('evicts the least recently used tiles once the byte budget is exceeded', () => {
    const cache = new TileCache(1000);
    cache.set('a', tile(302));
    cache.set('b', tile(302));
    cache.set('c', tile(302));
    expect(cache.size).toBe(2); // 3 × 400 > 1000: a goes
    expect(cache.get('a')).toBeUndefined();
    cache.get('b');
    cache.set('d', tile(302)); // c is now the least recently used
    expect(cache.get('c')).toBeUndefined();
    expect(cache.get('b')).toBeDefined();
    expect(cache.get('d')).toBeDefined();
    expect(cache.bytes).toBe(800);
  });

  it('replacing a key does not count it twice', () => {
    const cache = new TileCache(1000);
    cache.set('a', tile(100));
    cache.set('a', tile(200));
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(298);
  });

  it('never stores a tile larger than the whole budget, and keeps what it had', () => {
    const cache = new TileCache(1000);
    cache.set('a', tile(100));
    cache.set('b', tile(5000));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
  });

  it('empty tiles still cost their overhead, so the number of entries stays bounded', () => {
    const cache = new TileCache(980);
    for (let i = 0; i < 100; i++) cache.set(String.fromCharCode(65 + (i % 26)) + i, Buffer.alloc(0));
    expect(cache.size).toBeLessThanOrEqual(9);
    expect(cache.bytes).toBeLessThanOrEqual(980);
  });
});
