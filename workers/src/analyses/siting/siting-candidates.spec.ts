import { indexSegments } from '../../kernels/coverage/segment-index.kernel';
import { evenlySpaced, roadBearings, roadSites, siteBearings, stepBearings, streetlightSites, userSites } from './siting-candidates';

describe('candidate sites', () => {
  it('places road points at most spacingM apart, both ends included (100 m at 40 m: every 33.3 m)', () => {
    const pts = evenlySpaced([[0, 0], [100, 0]], 40);
    expect(pts.map(([x]) => Math.round(x * 100) / 100)).toEqual([0, 33.33, 66.67, 100]);
  });

  it('keeps one site at a junction two roads share, and names sites by road and metres along', () => {
    const sites = roadSites(
      [
        { id: 1, parts: [[[0, 0], [80, 0]]] },
        { id: 2, parts: [[[80, 0], [80, 40]]] },
      ],
      40,
      250000,
    );
    expect(sites.map((s) => s.id)).toEqual(['roads/1@0m', 'roads/1@40m', 'roads/1@80m', 'roads/2@40m']);
    expect(sites.every((s) => s.costYen === 250000 && s.source === 'road')).toBe(true);
  });

  it('uses the listed cost of a listed point, else the template cost', () => {
    const sites = userSites([{ x: 1, y: 2, costYen: 90000 }, { x: 3, y: 4 }], 250000);
    expect(sites.map((s) => [s.id, s.costYen])).toEqual([['candidates[0]', 90000], ['candidates[1]', 250000]]);
    expect(streetlightSites([{ id: 12, x: 0, y: 0 }], 250000)[0]).toMatchObject({ id: 'streetlights/12', sourceId: 12 });
  });
});

describe('candidate bearings', () => {
  it('steps round the compass; a 360° camera needs one bearing', () => {
    expect(stepBearings(45, 90)).toEqual([0, 45, 90, 135, 180, 225, 270, 315]);
    expect(stepBearings(100, 90)).toEqual([0, 100, 200, 300]);
    expect(stepBearings(45, 360)).toEqual([0]);
  });

  it('looks both ways along the roads within 15 m, and falls back to steps away from roads', () => {
    const roads = indexSegments([
      { id: 1, coords: [[0, 0], [100, 0]] },
      { id: 2, coords: [[50, 0], [50, 100]] },
    ]);
    expect(roadBearings(20, 5, roads)).toEqual([90, 270]);
    expect(roadBearings(50, 0, roads)).toEqual([0, 90, 180, 270]);
    expect(roadBearings(20, 40, roads)).toEqual([]);
    const sites = [
      { id: 'a', source: 'user' as const, sourceId: 0, x: 20, y: 5, costYen: 1 },
      { id: 'b', source: 'user' as const, sourceId: 1, x: 20, y: 40, costYen: 1 },
    ];
    expect(siteBearings(sites, 'along-road', 90, 60, roads)).toEqual([[90, 270], [0, 90, 180, 270]]);
  });
});
