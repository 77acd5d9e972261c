import type { Camera } from './coverage.types';
import { assertValidCamera, bearingOf, inSector } from './sector.kernel';

const camera = (over: Partial<Camera> = {}): Camera => ({ id: 7, x: 100, y: 200, bearingDeg: 0, hfovDeg: 90, rangeM: 50, ...over });

/** The point `d` metres from the camera in the direction `bearingDeg` (clockwise from north). */
function at(cam: Camera, bearingDeg: number, d: number): [number, number] {
  const b = (bearingDeg * Math.PI) / 180;
  return [cam.x + d * Math.sin(b), cam.y + d * Math.cos(b)];
}

describe('inSector', () => {
  it('measures bearings clockwise from north', () => {
    expect(bearingOf(0, 1)).toBeCloseTo(0);
    expect(bearingOf(1, 0)).toBeCloseTo(90);
    expect(bearingOf(0, -1)).toBeCloseTo(180);
    expect(bearingOf(-1, 0)).toBeCloseTo(270);
  });

  it('wraps around north: bearing 350°, hfov 40° sees 10° and 335°, not 30° or 325°', () => {
    const cam = camera({ bearingDeg: 350, hfovDeg: 40 });
    expect(inSector(cam, 50, ...at(cam, 10, 20))).toBe(true);
    expect(inSector(cam, 50, ...at(cam, 9.9, 20))).toBe(true);
    expect(inSector(cam, 50, ...at(cam, 335, 20))).toBe(true);
    expect(inSector(cam, 50, ...at(cam, 30, 20))).toBe(false);
    expect(inSector(cam, 50, ...at(cam, 10.1, 20))).toBe(false);
    expect(inSector(cam, 50, ...at(cam, 325, 20))).toBe(false);
    expect(inSector(cam, 50, ...at(cam, 170, 20))).toBe(false);
  });

  it('wraps the other way: bearing 10°, hfov 40° sees 350°', () => {
    const cam = camera({ bearingDeg: 10, hfovDeg: 40 });
    expect(inSector(cam, 50, ...at(cam, 350, 20))).toBe(true);
    expect(inSector(cam, 50, ...at(cam, 349, 20))).toBe(false);
  });

  it('stops at the range', () => {
    const cam = camera();
    expect(inSector(cam, 50, ...at(cam, 0, 49.99))).toBe(true);
    expect(inSector(cam, 50, ...at(cam, 0, 50.01))).toBe(false);
  });

  it('sees every direction at hfov 360', () => {
    const cam = camera({ hfovDeg: 360, bearingDeg: 123 });
    for (const b of [0, 90, 180, 270, 303]) expect(inSector(cam, 50, ...at(cam, b, 10))).toBe(true);
  });
});

describe('assertValidCamera', () => {
  it('names the camera and the field', () => {
    expect(() => assertValidCamera(camera({ hfovDeg: 0 }))).toThrow('camera 7: hfovDeg must be in (0, 360], got 0');
    expect(() => assertValidCamera(camera({ hfovDeg: 400 }))).toThrow(/hfovDeg/);
    expect(() => assertValidCamera(camera({ rangeM: -1 }))).toThrow(/camera 7: rangeM/);
    expect(() => assertValidCamera(camera({ x: NaN }))).toThrow(/coordinates/);
    expect(() => assertValidCamera(camera())).not.toThrow();
  });
});
