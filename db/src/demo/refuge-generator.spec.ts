import { distance } from '@turf/turf';
import { seededRandom } from './prng';
import { generateRefuges } from './refuge-generator';
import type { RoadLine } from './demo-types';

const street = (osmId: number, cls: string, lat: number): RoadLine => ({
  osmId,
  cls,
  name: null,
  coordinates: [[139.70, lat], [139.72, lat]],
});
const ROADS = [street(1, 'residential', 35.70), street(2, 'secondary', 35.705)];

describe('generateRefuges', () => {
  it('is deterministic for a seed', () => {
    expect(generateRefuges(ROADS, seededRandom(7, 'refuges'))).toEqual(generateRefuges(ROADS, seededRandom(7, 'refuges')));
  });

  it('puts refuges by residential streets and stores on larger roads, spaced apart, labelled as samples', () => {
    const rows = generateRefuges(ROADS, seededRandom(7, 'refuges'));
    const refuges = rows.filter((r) => r.properties.kind === 'refuge');
    const stores = rows.filter((r) => r.properties.kind === 'convenience');
    // 1.8 km of street: about one refuge per 220 m and one store per 400 m.
    expect(refuges.length).toBeGreaterThanOrEqual(5);
    expect(stores.length).toBeGreaterThanOrEqual(3);
    for (const [list, gap] of [[refuges, 220], [stores, 400]] as const) {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const a = (list[i].geometry as { coordinates: number[] }).coordinates;
          const b = (list[j].geometry as { coordinates: number[] }).coordinates;
          expect(distance(a, b, { units: 'meters' })).toBeGreaterThanOrEqual(gap);
        }
      }
    }
    expect(rows.every((r) => r.sample && String(r.properties.name).includes('サンプル'))).toBe(true);
  });
});
