import { COVERAGE_SPLIT, splitByTile } from './coverage-split';

const box = (id: number, x: number, y: number, size = 10) => ({ id, xmin: x, ymin: y, xmax: x + size, ymax: y + size });

describe('splitByTile', () => {
  it('puts every target in exactly one tile, by the centre of its bounding box', () => {
    const settings = { ...COVERAGE_SPLIT, minCellM: 1000, maxParts: 100 };
    // Extent 0..3010 m: tiles of 1000 m; centres at 5, 995, 1005, 2505 and 3005 m on both axes.
    const boxes = [box(1, 0, 0), box(2, 990, 0), box(3, 1000, 0), box(4, 2500, 2500), box(5, 3000, 3000)];
    const parts = splitByTile(boxes, settings);
    expect(parts).toEqual([{ ids: [1, 2] }, { ids: [3] }, { ids: [4] }, { ids: [5] }]);
    expect(parts.flatMap((p) => p.ids).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('grows the tiles so that a big extent is not cut into more than about maxParts', () => {
    const boxes = Array.from({ length: 400 }, (_, i) => box(i + 1, (i % 20) * 1000, Math.floor(i / 20) * 1000));
    // A 19,010 m square and 4 parts wanted: tiles of 9,505 m, 10 × 10 centres in each.
    const parts = splitByTile(boxes, { minTargets: 1, minCellM: 100, maxParts: 4 });
    expect(parts.map((p) => p.ids.length)).toEqual([100, 100, 100, 100]);
    expect(parts[0].ids.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('queues the biggest parts first, ties in tile order (the last parts of a run are the small ones)', () => {
    const settings = { ...COVERAGE_SPLIT, minCellM: 1000, maxParts: 100 };
    // Tiles (south-west first): [1], [2, 3, 4], [5], [6, 7].
    const boxes = [box(1, 0, 0), box(2, 1000, 0), box(3, 1100, 0), box(4, 1200, 0), box(5, 0, 1000), box(6, 1000, 1000), box(7, 1500, 1500)];
    expect(splitByTile(boxes, settings)).toEqual([{ ids: [2, 3, 4] }, { ids: [6, 7] }, { ids: [1] }, { ids: [5] }]);
  });

  it('returns no part for no target', () => {
    expect(splitByTile([])).toEqual([]);
  });
});
