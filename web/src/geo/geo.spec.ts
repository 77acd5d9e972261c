import { ringArea } from '@mimamori/workers/kernels';
import { clipPolyline } from './clip';
import { bearingDeg, localPlane, offsetPoint } from './local-plane';
import { closeRing, ringProblem } from './polygon-checks';
import { wedgePolygon, wedgeRing } from './wedge';

describe('local metric plane around the map centre', () => {
  // GRS80 at 35.7°N: a degree of latitude is 110 953 m, a degree of longitude 90 504 m (cos 35.7° × 111.45 km).
  const plane = localPlane([139.7125, 35.7]);

  it('measures 0.01° of latitude as 1 109.5 m and 0.01° of longitude as 905.0 m at 35.7°N', () => {
    expect(plane.toMetres([139.7125, 35.71])[1]).toBeCloseTo(1109.53, 1);
    expect(plane.toMetres([139.7225, 35.7])[0]).toBeCloseTo(905.04, 1);
  });

  it('goes back to the same lon/lat', () => {
    const [lon, lat] = plane.toLonLat(plane.toMetres([139.71, 35.705]));
    expect(lon).toBeCloseTo(139.71, 10);
    expect(lat).toBeCloseTo(35.705, 10);
  });

  it('turns clockwise from north: east is 90°, south-west 225°', () => {
    expect(bearingDeg([0, 0], [10, 0])).toBeCloseTo(90, 10);
    expect(bearingDeg([0, 0], [-5, -5])).toBeCloseTo(225, 10);
    const [x, y] = offsetPoint([0, 0], 90, 30);
    expect(x).toBeCloseTo(30, 10);
    expect(y).toBeCloseTo(0, 10);
  });
});

describe('camera field-of-view wedge', () => {
  it('covers θ/360 · π r²: 90° over 30 m is 706.86 m², less the chords of its 2° arc steps (sin 2° / 2° = 0.999797)', () => {
    const area = Math.abs(ringArea(wedgeRing({ bearingDeg: 45, hfovDeg: 90, rangeM: 30 })));
    expect(area / ((90 / 360) * Math.PI * 30 ** 2)).toBeCloseTo(0.999797, 6);
  });

  it('is a full disc for a 360° camera, with no spoke to the centre', () => {
    const ring = wedgeRing({ bearingDeg: 0, hfovDeg: 360, rangeM: 10 });
    expect(Math.abs(ringArea(ring)) / (Math.PI * 100)).toBeCloseTo(1, 3);
    expect(ring.some(([x, y]) => x === 0 && y === 0)).toBe(false);
  });

  it('starts at the camera and reaches the range along bearing ± hfov/2', () => {
    const ring = wedgeRing({ bearingDeg: 90, hfovDeg: 60, rangeM: 20 });
    expect(ring[0]).toEqual([0, 0]);
    expect(ring.at(-1)).toEqual([0, 0]);
    expect(bearingDeg([0, 0], ring[1])).toBeCloseTo(60, 6);
    expect(bearingDeg([0, 0], ring.at(-2)!)).toBeCloseTo(120, 6);
    for (const p of ring.slice(1, -1)) expect(Math.hypot(p[0], p[1])).toBeCloseTo(20, 6);
  });

  it('in lon/lat: a camera facing north over 100 m reaches 0.000901° of latitude further north at 35.7°N', () => {
    const ring = wedgePolygon([139.7, 35.7], { bearingDeg: 0, hfovDeg: 2, rangeM: 100 });
    const tip = ring[Math.floor(ring.length / 2)];
    expect(tip[1] - 35.7).toBeCloseTo(100 / 110953.4, 7);
  });
});

describe('drawn polygons', () => {
  it('refuses a bow tie and accepts a square', () => {
    expect(ringProblem([[0, 0], [10, 10], [10, 0], [0, 10]])).toBe('self-intersection');
    expect(ringProblem([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]])).toBeNull();
  });

  it('needs three distinct corners', () => {
    expect(ringProblem([[0, 0], [10, 0], [0, 0]])).toBe('too-few-points');
    expect(ringProblem([[0, 0], [10, 0], [5, 5]])).toBeNull();
  });

  it('refuses a ring that touches itself at a vertex', () => {
    expect(ringProblem([[0, 0], [10, 0], [5, 5], [10, 10], [0, 10], [5, 5]])).toBe('self-intersection');
  });

  it('closes a ring once', () => {
    expect(closeRing([[0, 0], [1, 0], [1, 1]])).toEqual([[0, 0], [1, 0], [1, 1], [0, 0]]);
    expect(closeRing([[0, 0], [1, 0], [1, 1], [0, 0]])).toEqual([[0, 0], [1, 0], [1, 1], [0, 0]]);
  });
});

describe('clipping a line to a box', () => {
  const box = [0, 0, 10, 10] as const;

  it('keeps the 10 m inside of a 30 m line crossing the box', () => {
    expect(clipPolyline([[-10, 5], [20, 5]], box)).toEqual([[[0, 5], [10, 5]]]);
  });

  it('splits a line that leaves and comes back into two pieces', () => {
    const pieces = clipPolyline([[2, 2], [2, 20], [8, 20], [8, 2]], box);
    expect(pieces).toEqual([[[2, 2], [2, 10]], [[8, 10], [8, 2]]]);
  });

  it('drops a line wholly outside', () => {
    expect(clipPolyline([[20, 20], [30, 30]], box)).toEqual([]);
  });
});
