import { blockValue, classIndex, latestCrimeYear, quantileClasses } from './block-choropleth';
import { scaleOpacity } from './opacity';
import { cameraWedgeFeature } from './viewport-points';

describe('block choropleth', () => {
  const block = { households: 214, crimes: { '2024': { total: 70 }, '2025': { total: 64, burglary: 2 } } };

  it('takes the latest year of recorded crime, its total, or the sum by type without one', () => {
    expect(latestCrimeYear(block.crimes)).toBe('2025');
    expect(blockValue(block, 'crimes', '2025')).toBe(64);
    expect(blockValue({ crimes: { '2025': { burglary: 2, assault: 4 } } }, 'crimes', '2025')).toBe(6);
    expect(blockValue(block, 'households', null)).toBe(214);
    expect(blockValue({}, 'crimes', '2025')).toBeNull();
  });

  it('splits ten values into five classes of two', () => {
    const classes = quantileClasses([10, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(classes.map((c) => [c.from, c.to])).toEqual([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]);
    expect(classIndex(1, classes)).toBe(0);
    expect(classIndex(7, classes)).toBe(3);
    expect(classIndex(10, classes)).toBe(4);
  });

  it('never puts equal values into two classes', () => {
    const classes = quantileClasses([0, 0, 0, 0, 0, 0, 1, 2]);
    expect(classes.map((c) => [c.from, c.to])).toEqual([[0, 0], [1, 1], [2, 2]]);
  });
});

describe('layer opacity', () => {
  it('scales numbers, and the outputs of zoom curves rather than the curve', () => {
    expect(scaleOpacity(0.8, 0.5)).toBe(0.4);
    expect(scaleOpacity(undefined, 0.5)).toBe(0.5);
    expect(scaleOpacity(['interpolate', ['linear'], ['zoom'], 13, 0.5, 15, 1], 0.5)).toEqual(['interpolate', ['linear'], ['zoom'], 13, 0.25, 15, 0.5]);
    expect(scaleOpacity(['step', ['zoom'], 0, 14, 1], 0.5)).toEqual(['step', ['zoom'], 0, 14, 0.5]);
    expect(scaleOpacity(['case', ['boolean', ['feature-state', 'selected'], false], 0.4, 0.18], 0.5)).toEqual([
      '*',
      0.5,
      ['case', ['boolean', ['feature-state', 'selected'], false], 0.4, 0.18],
    ]);
    expect(scaleOpacity(0.7, 1)).toBe(0.7);
  });
});

describe('camera wedges built from the cameras in view', () => {
  it('gives each camera with a view a polygon under its own id and status', () => {
    const camera = { type: 'Feature' as const, id: 7, geometry: { type: 'Point' as const, coordinates: [139.7, 35.7] as [number, number] }, properties: { bearing_deg: 90, hfov_deg: 60, range_m: 20, status: 'planned' } };
    const wedge = cameraWedgeFeature(camera)!;
    expect(wedge).toMatchObject({ id: 7, properties: { status: 'planned' }, geometry: { type: 'Polygon' } });
    expect(cameraWedgeFeature({ ...camera, properties: { ...camera.properties, range_m: null } })).toBeNull();
  });
});
