import { blockDensities, demandWeights, discretiseLines, nearLines } from './siting-demand';

const straight = (id: number, x0: number, x1: number, y = 0) => ({ id, coords: [[x0, y], [x1, y]] as [number, number][] });

describe('discretiseLines', () => {
  it('cuts a straight 100 m route every 5 m into 21 points standing for 2.5 + 19 × 5 + 2.5 = 100 m', () => {
    const d = discretiseLines([straight(1, 0, 100)], 5);
    expect(d.count).toBe(21);
    expect(Array.from(d.x)).toEqual(Array.from({ length: 21 }, (_, i) => i * 5));
    expect(Array.from(d.y)).toEqual(new Array(21).fill(0));
    expect([d.lengthM[0], d.lengthM[1], d.lengthM[19], d.lengthM[20]]).toEqual([2.5, 5, 5, 2.5]);
    expect(d.lengthM.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
    expect(d.totalM).toBe(100);
  });

  it('spaces points evenly when the length is not a multiple of the step (12 m at 5 m: 3 steps of 4 m)', () => {
    const d = discretiseLines([straight(1, 0, 12)], 5);
    expect(Array.from(d.x)).toEqual([0, 4, 8, 12]);
    expect(Array.from(d.lengthM)).toEqual([2, 4, 4, 2]);
  });

  it('follows the bends of a line and keeps each point\'s line', () => {
    const bent = { id: 7, coords: [[0, 0], [30, 0], [30, 40]] as [number, number][] };
    const d = discretiseLines([bent, straight(8, 0, 10, 100)], 10);
    expect(d.count).toBe(8 + 2);
    expect([d.x[3], d.y[3]]).toEqual([30, 0]);
    expect([d.x[7], d.y[7]]).toEqual([30, 40]);
    expect([d.x[5], d.y[5]]).toEqual([30, 20]);
    expect(Array.from(d.line)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(d.totalM).toBe(80);
  });

  it('skips lines of zero length', () => {
    expect(discretiseLines([straight(1, 5, 5)], 5).count).toBe(0);
  });
});

describe('demandWeights', () => {
  const road = discretiseLines([straight(1, 0, 100)], 10);

  it('is the length each point stands for when no weight applies', () => {
    expect(Array.from(demandWeights(road, { schoolRoute: 1, crime: 0 }))).toEqual(Array.from(road.lengthM));
  });

  it('doubles (schoolRoute = 1) road points within 10 m of a school route: 100 m of road weigh 155 m', () => {
    // School route along y = 8 from x = 50: points 50…100 are 8 m away, (40, 0) is √(10² + 8²) ≈ 12.8 m away.
    const route = straight(2, 50, 150, 8);
    expect(Array.from(nearLines(road, [route], 10))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    const w = demandWeights(road, { schoolRoute: 1, schoolRoutes: [route], crime: 0 });
    expect(w[4]).toBe(10);
    expect(w[5]).toBe(20);
    expect(w[10]).toBe(10);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(155, 9);
  });

  it('multiplies by 1 + crime × crimes per km² of the block under the point', () => {
    const block = { block: { id: 1, rings: [[[-5, -10], [45, -10], [45, 10], [-5, 10], [-5, -10]]] as [number, number][][] }, crimesPerKm2: 200 };
    expect(Array.from(blockDensities(road, [block]))).toEqual([200, 200, 200, 200, 200, 0, 0, 0, 0, 0, 0]);
    const w = demandWeights(road, { schoolRoute: 0, crime: 0.01, blocks: [block] });
    expect(Array.from(w)).toEqual([15, 30, 30, 30, 30, 10, 10, 10, 10, 10, 5]);
  });
});
