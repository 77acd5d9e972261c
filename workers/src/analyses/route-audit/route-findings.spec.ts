import { ROUTE_AUDIT_THRESHOLDS, type FacilityKind } from '../../contracts';
import { rankFindings, routeFindings, type RouteFacts } from './route-findings';

const settings = { thresholds: ROUTE_AUDIT_THRESHOLDS, crimeYear: '2025', refugeKinds: ['convenience', 'koban', 'refuge'] as FacilityKind[], refugeSearchM: 1000 };

function facts(overrides: Partial<RouteFacts> = {}): RouteFacts {
  return {
    routeId: 7,
    routeName: '戸山ルート',
    school: '戸山小学校',
    seenPct: 25,
    litPct: 80,
    middle: [50, 0],
    darkUnwatched: [],
    noRefuge: false,
    refugeFar: [],
    crimeBlocks: [],
    ...overrides,
  };
}

const stretch = (fromM: number, toM: number, block: string | null, maxGapM?: number) => ({ fromM, toM, line: [[fromM, 0], [toM, 0]] as [number, number][], block, maxGapM });

describe('route audit findings', () => {
  it('reports dark stretches from the threshold on, high from twice it, with a place in the message', () => {
    const found = routeFindings(facts({ darkUnwatched: [stretch(0, 49.9, 'A'), stretch(320, 460, '西早稲田２丁目'), stretch(500, 560, null)] }), settings);
    expect(found.map((f) => [f.rule, f.severity, f.properties.lengthM])).toEqual([
      ['dark-unwatched', 'high', 140],
      ['dark-unwatched', 'medium', 60],
    ]);
    expect(found[0].properties.message).toBe('西早稲田２丁目: 起点から 320〜460 m の 140 m が、防犯カメラの視野外で街灯もありません');
    expect(found[0].properties.messageEn).toBe('西早稲田２丁目: 140 m unlit and unwatched between 320 m and 460 m from the start');
    expect(found[1].properties.messageEn).toMatch(/^戸山ルート: 60 m/);
    expect(found[0].geometry).toEqual({ type: 'LineString', coordinates: [[320, 0], [460, 0]] });
  });

  it('reports refuge gaps, a route without refuges, busy blocks and low coverage', () => {
    const found = routeFindings(
      facts({
        seenPct: 12.5,
        litPct: 30,
        noRefuge: true,
        refugeFar: [stretch(100, 520, '大久保２丁目', 640)],
        crimeBlocks: [
          { name: '歌舞伎町２丁目', code: 'k2', total: 581, geometry: { type: 'Point', coordinates: [0, 0] } },
          { name: '戸山３丁目', code: 't3', total: 99, geometry: { type: 'Point', coordinates: [0, 0] } },
        ],
      }),
      settings,
    );
    expect(found.map((f) => [f.rule, f.severity])).toEqual([
      ['no-refuge', 'high'],
      ['refuge-gap', 'high'],
      ['crime-block', 'high'],
      ['low-coverage', 'low'],
      ['low-lighting', 'low'],
    ]);
    const byRule = Object.fromEntries(found.map((f) => [f.rule, f.properties]));
    expect(byRule['refuge-gap'].messageEn).toBe('大久保２丁目: no refuge within 300 m for 420 m (100–520 m from the start; up to 640 m away)');
    expect(byRule['crime-block'].messageEn).toBe('route crosses 歌舞伎町２丁目: 581 recorded crimes in 2025');
    expect(byRule['no-refuge'].message).toBe('戸山ルート: 通学路から 1,000 m 以内に避難先（コンビニ・交番・子ども110番の家）がありません');
    expect(byRule['low-coverage'].messageEn).toBe('戸山ルート: only 12.5 % of the route is seen by a camera (threshold 20 %)');
  });

  it('ranks by severity, then by how far past the threshold, and numbers findings per route and rule', () => {
    const a = routeFindings(facts({ routeId: 1, darkUnwatched: [stretch(0, 60, null), stretch(100, 400, null)] }), { ...settings, refugeKinds: [] });
    const b = routeFindings(facts({ routeId: 2, darkUnwatched: [stretch(0, 90, null)], seenPct: 5 }), { ...settings, refugeKinds: [] });
    const ranked = rankFindings([...a, ...b]);
    expect(ranked.map((f) => [f.properties.rank, f.properties.findingId, f.severity])).toEqual([
      [1, '1-dark-unwatched-2', 'high'],
      [2, '2-dark-unwatched-1', 'medium'],
      [3, '1-dark-unwatched-1', 'medium'],
      [4, '2-low-coverage-1', 'low'],
    ]);
  });
});
