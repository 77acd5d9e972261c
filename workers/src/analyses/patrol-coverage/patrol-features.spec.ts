import type { PatrolCoverage, RoadPatrol } from '../../kernels/patrol';
import { patrolSummary, roadFeatures } from './patrol-features';

const line = { type: 'LineString', coordinates: [] };
const road = (roadId: number, passed: boolean, extra: Partial<RoadPatrol> = {}): RoadPatrol => ({
  roadId,
  lengthM: 100,
  passes: passed ? 2 : 0,
  lastPassAt: passed ? 1_790_000_000.25 : null,
  dwellS: passed ? 20 : 0,
  units: passed ? ['PC-1'] : [],
  coveredM: passed ? 100 : 10,
  coveredPct: passed ? 100 : 10,
  passed,
  covered: [],
  ...extra,
});
const result = (roads: RoadPatrol[]): PatrolCoverage => ({
  roads,
  beats: [
    { beatId: 7, patrolKm: 1, patrolHours: 0.1, untimedKm: 0, streetM: 200, passedStreetM: 100, coveredStreetM: 110, passedPct: 50, coveredPct: 55, unpatrolled: [2] },
    { beatId: 8, patrolKm: 0, patrolHours: 0, untimedKm: 0, streetM: 100, passedStreetM: 0, coveredStreetM: 0, passedPct: 0, coveredPct: 0, unpatrolled: [2] },
  ],
  units: [],
  summary: { tracks: 1, tracksInPeriod: 1, untimedTracks: 0, untimedKm: 0, untimedExcludedKm: 0, km: 1, hours: 0.1, roads: 2, passedRoads: 1 },
});

describe('patrol-coverage features', () => {
  it('gives every road a segment, and the unpatrolled ones also an unpatrolled feature naming their beats', () => {
    const roads = [
      { id: 1, name: '大久保通り', class: 'secondary', geometry: line },
      { id: 2, name: null, class: 'residential', geometry: line },
    ];
    const features = roadFeatures(roads, result([road(1, true), road(2, false)]));
    expect(features.map((f) => [f.kind, f.properties.roadId])).toEqual([
      ['segment', 1],
      ['segment', 2],
      ['unpatrolled', 2],
    ]);
    expect(features[0].properties).toMatchObject({ passes: 2, lastPassAt: '2026-09-21T14:13:20.250Z', units: ['PC-1'], passed: true });
    expect(features[2].properties).toMatchObject({ beats: [7, 8], coveredPct: 10 });
  });

  it('sums street length over beats for the overall passed %', () => {
    // 100 of 300 m of street passed.
    expect(patrolSummary(result([road(1, true), road(2, false)]))).toMatchObject({ passedPct: 33.33, unpatrolledRoads: 1, beats: 2 });
  });
});
