import type { MapContext, ReportFinding, ReportRoute } from './report-model';
import { MAP_HEIGHT_MM, MAP_WIDTH_MM, mapFrame, routeMapSvg, scaleBarM } from './route-map-svg';

const EMPTY: MapContext = { roads: [], buildings: [], refuges: [], schools: [] };

describe('the report map', () => {
  it('frames the routes with a margin, widened to the map’s 180 × 125 mm', () => {
    // A 400 m east–west route: 520 m wide with 60 m margins, so 520 × 125/180 = 361.1 m tall.
    const frame = mapFrame([{ type: 'LineString', coordinates: [[1000, 2000], [1400, 2000]] }])!;
    expect(frame.xmax - frame.xmin).toBeCloseTo(520, 9);
    expect(frame.ymax - frame.ymin).toBeCloseTo((520 * MAP_HEIGHT_MM) / MAP_WIDTH_MM, 9);
    expect((frame.ymax + frame.ymin) / 2).toBeCloseTo(2000, 9);
    expect(mapFrame([null])).toBeNull();
  });

  it('picks a round scale bar about a fifth of the width', () => {
    expect([scaleBarM(520), scaleBarM(1000), scaleBarM(3000), scaleBarM(90)]).toEqual([100, 200, 500, 10]);
  });

  it('draws north up in metres from the top-left corner, with numbered findings', () => {
    const frame = { xmin: 0, ymin: 0, xmax: 180, ymax: 125 };
    const routes: ReportRoute[] = [{ properties: {}, geometry: { type: 'LineString', coordinates: [[10, 100], [170, 100]] } }];
    const findings: ReportFinding[] = [
      { properties: { rank: 1, severity: 'high', rule: 'dark-unwatched' }, geometry: { type: 'LineString', coordinates: [[10, 100], [50, 100]] }, marker: [30, 100] },
    ];
    const svg = routeMapSvg(frame, { ...EMPTY, refuges: [{ kind: 'koban', name: '<交番>', at: [90, 25] }] }, routes, findings);
    expect(svg).toContain('viewBox="0 0 180 125" width="180mm" height="125mm"');
    // y = 100 is 25 m below the top edge (125).
    expect(svg).toContain('d="M10 25L170 25"');
    expect(svg).toMatch(/<circle cx="30" cy="25"[^>]*fill="#d62728"/);
    expect(svg).toContain('>1</text>');
    expect(svg).toContain('<title>&lt;交番&gt;</title>');
    expect(svg).toContain('<rect x="88.5" y="98.5" width="3" height="3"');
  });
});
