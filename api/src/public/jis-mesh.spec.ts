import { halfMeshBounds, halfMeshCellOf, halfMeshCode, halfMeshRange } from './jis-mesh';

describe('JIS X 0410 half mesh', () => {
  it('codes Tokyo Station (35.681236 N, 139.767125 E) as 3rd mesh 53394611, NW quarter 3', () => {
    // lat × 1.5 = 53.52 → 53; 0.5219 × 8 = 4.17 → 4; 0.175 × 10 = 1.75 → 1; 0.75 × 2 → north half.
    // lon − 100 = 39.767 → 39; 0.767 × 8 = 6.14 → 6; 0.137 × 10 = 1.37 → 1; 0.37 × 2 → west half.
    expect(halfMeshCode(halfMeshCellOf(139.767125, 35.681236))).toBe('533946113');
  });

  it('codes the four quarters of one 3rd mesh 1 (SW), 2 (SE), 3 (NW), 4 (NE)', () => {
    // 3rd mesh 53394611 spans lat 35.675–35.68333 (30″) and lon 139.7625–139.775 (45″).
    expect(halfMeshCode(halfMeshCellOf(139.765, 35.677))).toBe('533946111');
    expect(halfMeshCode(halfMeshCellOf(139.772, 35.677))).toBe('533946112');
    expect(halfMeshCode(halfMeshCellOf(139.765, 35.682))).toBe('533946113');
    expect(halfMeshCode(halfMeshCellOf(139.772, 35.682))).toBe('533946114');
  });

  it('bounds a cell by 15″ of latitude and 22.5″ of longitude', () => {
    const [w, s, e, n] = halfMeshBounds(halfMeshCellOf(139.767125, 35.681236));
    expect(w).toBeCloseTo(139.7625, 9);
    expect(e).toBeCloseTo(139.76875, 9);
    expect(s).toBeCloseTo(35.6791667, 6);
    expect(n).toBeCloseTo(35.6833333, 6);
    expect((n - s) * 3600).toBeCloseTo(15, 9);
    expect((e - w) * 3600).toBeCloseTo(22.5, 9);
  });

  it('codes the first cell of a 1st-order mesh with zeros and a lower-left quarter', () => {
    // 1st mesh 5339: lat 35.3333–36.0, lon 139–140.
    expect(halfMeshCode(halfMeshCellOf(139.0001, 35.33334))).toBe('533900001');
  });

  it('lists the cells covering a box', () => {
    const { rows, cols } = halfMeshRange([139.7625, 35.675, 139.77499, 35.68332]);
    expect(rows[1] - rows[0] + 1).toBe(2);
    expect(cols[1] - cols[0] + 1).toBe(2);
  });
});
