import { addressOfKey, intersects, mergeBoxes, MAX_TOUCHED_BOXES, tileBounds, tileKey } from './tile-freshness';

describe('tile freshness helpers', () => {
  it('gives a tile its lon/lat bounds, widened by a share of its size', () => {
    // z1 tile 1/0 is the north-east quarter of the world: lon 0–180, lat 0–85.0511.
    const [w, s, e, n] = tileBounds({ z: 1, x: 1, y: 0 }, 0);
    expect([w, s, e]).toEqual([0, 0, 180]);
    expect(n).toBeCloseTo(85.0511, 4);
    // 10 % of a 180° tile is 18° on each side.
    expect(tileBounds({ z: 1, x: 1, y: 0 })[0]).toBeCloseTo(-18, 9);
  });

  it('finds which tiles a touched box meets', () => {
    // z16 tile 58201/25801 spans lon 139.70764–139.71313.
    const tile = tileBounds({ z: 16, x: 58201, y: 25801 }, 0);
    expect(intersects(tile, [139.709, 35.704, 139.709, 35.704])).toBe(true);
    expect(intersects(tile, [139.737, 35.704, 139.737, 35.704])).toBe(false);
  });

  it('merges many boxes into their union', () => {
    const boxes = Array.from({ length: MAX_TOUCHED_BOXES + 1 }, (_, i): [number, number, number, number] => [i, i, i + 1, i + 1]);
    expect(mergeBoxes(boxes)).toEqual([[0, 0, MAX_TOUCHED_BOXES + 1, MAX_TOUCHED_BOXES + 1]]);
    expect(mergeBoxes(boxes.slice(0, 2))).toHaveLength(2);
  });

  it('reads the tile address back from a cache key', () => {
    expect(addressOfKey(tileKey('layer|cameras|public|', { z: 14, x: 14550, y: 6450 }))).toEqual({ z: 14, x: 14550, y: 6450 });
  });
});
