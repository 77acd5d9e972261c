import type { GeoFeature } from '../api/client';
import { localPlane, type LonLat } from '../geo/local-plane';
import { buildContext, evaluateWhatIf, type WhatIfInputs } from './what-if-model';

/**
 * A straight east–west school route through the centre, 600 m long (400 m of it inside the
 * 400 m frame). A camera 10 m south of it facing north over 90° and 50 m sees the stretch
 * |x| ≤ 10 m (the 45° edges at 10 m distance): 20 m, 5 % of the 400 m.
 */
const centre: LonLat = [139.7125, 35.7035];
const plane = localPlane(centre);
const at = (x: number, y: number) => plane.toLonLat([x, y]);

function feature(id: number, geometry: GeoFeature['geometry'], properties: Record<string, unknown> = {}): GeoFeature {
  return { type: 'Feature', id, geometry, properties };
}

const route = feature(1, { type: 'LineString', coordinates: [at(-300, 0), at(300, 0)] });
const inputs: WhatIfInputs = { routes: [route], cameras: [], lights: [], buildings: [] };
const draft = { at: at(0, -10), bearingDeg: 0, hfovDeg: 90, rangeM: 50 };

describe('what-if coverage of nearby school routes (shared kernels in the browser)', () => {
  it('clips the route to the 400 m frame and counts it unseen without cameras', () => {
    const result = evaluateWhatIf(buildContext(inputs, centre, 200), null);
    expect(result.lengthM).toBeCloseTo(400, 3);
    expect(result.seenM).toBe(0);
    expect(result.features.filter((f) => f.properties.kind === 'unseen')).toHaveLength(1);
  });

  it('sees 20 m (5 %) with the draft camera 10 m south facing north over 90°', () => {
    const result = evaluateWhatIf(buildContext(inputs, centre, 200), draft);
    expect(result.seenM).toBeCloseTo(20, 3);
    expect(result.seenPct).toBeCloseTo(5, 3);
    expect(result.features.filter((f) => f.properties.kind === 'seen')).toHaveLength(1);
    expect(result.features.filter((f) => f.properties.kind === 'unseen')).toHaveLength(2);
    expect(result.features.some((f) => f.properties.kind === 'view')).toBe(true);
  });

  it('sees nothing when the camera turns away, and 2 · √(50² − 10²) = 97.98 m with a 180° view', () => {
    expect(evaluateWhatIf(buildContext(inputs, centre, 200), { ...draft, bearingDeg: 180 }).seenM).toBeCloseTo(0, 6);
    expect(evaluateWhatIf(buildContext(inputs, centre, 200), { ...draft, hfovDeg: 180 }).seenM).toBeCloseTo(97.98, 1);
  });

  it('loses the view behind a building standing between the camera and the route', () => {
    const wall = feature(7, { type: 'Polygon', coordinates: [[at(-30, -6), at(30, -6), at(30, -4), at(-30, -4), at(-30, -6)]] });
    const result = evaluateWhatIf(buildContext({ ...inputs, buildings: [wall] }, centre, 200), draft);
    expect(result.seenM).toBeCloseTo(0, 6);
  });

  it('counts only active stored cameras, and leaves out the camera being edited', () => {
    const stored = feature(5, { type: 'Point', coordinates: at(0, -10) }, { bearing_deg: 0, hfov_deg: 90, range_m: 50, status: 'active' });
    const planned = feature(6, { type: 'Point', coordinates: at(100, -10) }, { bearing_deg: 0, hfov_deg: 90, range_m: 50, status: 'planned' });
    const withStored = { ...inputs, cameras: [stored, planned] };
    expect(evaluateWhatIf(buildContext(withStored, centre, 200), null).seenM).toBeCloseTo(20, 3);
    expect(evaluateWhatIf(buildContext(withStored, centre, 200, 5), null).seenM).toBe(0);
  });

  it('ignores a draft the form has not made valid yet (a 0° field of view)', () => {
    expect(evaluateWhatIf(buildContext(inputs, centre, 200), { ...draft, hfovDeg: 0 }).seenM).toBe(0);
  });
});
