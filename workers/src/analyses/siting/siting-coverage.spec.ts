import { indexBuildings } from '../../kernels';
import { angleBetween, CoverageRows, indexDemand, seenByCameras, siteCoverage } from './siting-coverage';
import { discretiseLines } from './siting-demand';

/*
 * Route y = 0 from x = −100 to 100 with a point every 5 m (x = −100, −95, …, 100: index (x + 100) / 5).
 * A camera at (0, 10) facing south (180°) with hfov 90° and range 30 m sees the route where the
 * direction is within 45° of south: |x| ≤ 10 → x = −10, −5, 0, 5, 10.
 * A wall [1, 20] × [4, 6] blocks the sight lines to (x, 0) that cross y = 5 at x/2 ≥ 1: x = 5, 10.
 */
const route = discretiseLines([{ id: 1, coords: [[-100, 0], [100, 0]] }], 5);
const tree = indexDemand(route);
const xsOf = (list: readonly number[]) => list.map((i) => Math.round(route.x[i] * 1000) / 1000);
const wall = indexBuildings([{ id: 'wall', rings: [[[1, 4], [20, 4], [20, 6], [1, 6], [1, 4]]] }]);

describe('siteCoverage', () => {
  it('gives, per bearing, the demand points inside the wedge and the range', () => {
    const [south, north, east] = siteCoverage(0, 10, [180, 0, 90], 90, 30, route, tree);
    expect(xsOf(south)).toEqual([-10, -5, 0, 5, 10]);
    expect(north).toEqual([]);
    // Facing east: directions within 45° of east reach y = 0 for x ≥ 10, up to √(30² − 10²) ≈ 28.3 m.
    expect(xsOf(east)).toEqual([10, 15, 20, 25]);
  });

  it('drops the points a building hides', () => {
    const [south] = siteCoverage(0, 10, [180], 90, 30, route, tree, wall);
    expect(xsOf(south)).toEqual([-10, -5, 0]);
  });

  it('sees all round with a 360° camera: |x| ≤ √(30² − 10²) ≈ 28.3 m', () => {
    const [all] = siteCoverage(0, 10, [0], 360, 30, route, tree);
    expect(xsOf(all)).toEqual([-25, -20, -15, -10, -5, 0, 5, 10, 15, 20, 25]);
  });
});

describe('seenByCameras', () => {
  it('marks what existing cameras see, occlusion included', () => {
    const cameras = [
      { id: 1, x: 0, y: 10, bearingDeg: 180, hfovDeg: 90, rangeM: 30 },
      { id: 2, x: 90, y: 0, bearingDeg: 90, hfovDeg: 60, rangeM: 30 },
    ];
    const seen = seenByCameras(cameras, (c) => c.rangeM, route, tree, wall);
    expect(xsOf(Array.from(seen.keys()).filter((i) => seen[i]))).toEqual([-10, -5, 0, 90, 95, 100]);
  });
});

describe('helpers', () => {
  it('measures signed angles across north', () => {
    expect([angleBetween(350, 10), angleBetween(10, 350), angleBetween(180, 0)]).toEqual([-20, 20, 180]);
  });

  it('packs coverage lists into compressed rows', () => {
    const rows = new CoverageRows();
    rows.add([0, 2]);
    rows.add([]);
    rows.add([1]);
    const csr = rows.finish();
    expect([rows.count, rows.size]).toEqual([3, 3]);
    expect(Array.from(csr.coverStart)).toEqual([0, 2, 2, 3]);
    expect(Array.from(csr.coverIndex)).toEqual([0, 2, 1]);
  });
});
