import type { Camera } from './coverage.types';
import { effectiveRange } from './dori.kernel';

const camera = (over: Partial<Camera> = {}): Camera => ({
  id: 1,
  x: 0,
  y: 0,
  bearingDeg: 0,
  hfovDeg: 90,
  rangeM: 50,
  resolutionPx: 1920,
  ...over,
});

describe('effectiveRange', () => {
  it('is the camera range when no detail level is asked', () => {
    expect(effectiveRange(camera())).toBe(50);
  });

  it('shortens to resolution / (ppm · 2 · tan(hfov/2)) for each DORI level', () => {
    // 1920 px over a 90° lens: 2·tan45° = 2 m of scene per metre of distance.
    expect(effectiveRange(camera(), 'identify')).toBeCloseTo(1920 / (250 * 2), 10);
    expect(effectiveRange(camera(), 'identify')).toBeCloseTo(3.84, 10);
    expect(effectiveRange(camera(), 'recognise')).toBeCloseTo(7.68, 10);
    expect(effectiveRange(camera(), 'observe')).toBeCloseTo(15.36, 10);
    expect(effectiveRange(camera(), 'detect')).toBeCloseTo(38.4, 10);
  });

  it('never exceeds the configured range', () => {
    expect(effectiveRange(camera({ rangeM: 20 }), 'detect')).toBe(20);
  });

  it('ignores the level when the resolution is unknown', () => {
    expect(effectiveRange(camera({ resolutionPx: null }), 'identify')).toBe(50);
    expect(effectiveRange(camera({ resolutionPx: undefined }), 'identify')).toBe(50);
  });

  it('narrower lenses reach further: 60° gives 2·tan30° = 1.1547 m per metre', () => {
    expect(effectiveRange(camera({ hfovDeg: 60 }), 'identify')).toBeCloseTo(1920 / (250 * 2 * Math.tan(Math.PI / 6)), 10);
  });

  it('treats 180° and wider cameras as fisheyes spreading pixels over the arc hfov·d', () => {
    // 360°: 1920 px / (25 px/m · 2π) = 12.22 m; 180°: 1920 / (25 · π) = 24.45 m.
    expect(effectiveRange(camera({ hfovDeg: 360, rangeM: 100 }), 'detect')).toBeCloseTo(12.2231, 3);
    expect(effectiveRange(camera({ hfovDeg: 180, rangeM: 100 }), 'detect')).toBeCloseTo(24.4462, 3);
    expect(Number.isFinite(effectiveRange(camera({ hfovDeg: 180 }), 'identify'))).toBe(true);
  });
});
