import { destination, distance } from '@turf/turf';
import type { Position } from 'geojson';
import { DEMO_DATASET, type DemoRow, type RoadLine } from './demo-types';
import type { Random } from './prng';
import { pointsAlong, round7 } from './streetlight-generator';

/**
 * Sample refuges: こども110番の家 (homes and shops that take in a child in trouble) beside
 * residential streets, and convenience stores on the larger roads, kept a few hundred metres
 * apart as real networks are. No public list exists for the area, so these are generated.
 */
export const REFUGE_DEFAULTS = {
  homeSpacingM: 220,
  storeSpacingM: 400,
  homeClasses: ['residential', 'unclassified', 'living_street'],
  storeClasses: ['primary', 'secondary', 'tertiary'],
};

function besideRoads(roads: readonly RoadLine[], classes: readonly string[], rng: Random): Position[] {
  const out: Position[] = [];
  for (const road of [...roads].filter((r) => classes.includes(r.cls)).sort((a, b) => a.osmId - b.osmId)) {
    for (const { at, headingDeg } of pointsAlong(road.coordinates, 60, () => rng.range(-10, 10))) {
      out.push(destination(at, rng.range(6, 10) / 1000, headingDeg + (rng.chance(0.5) ? 90 : -90)).geometry.coordinates);
    }
  }
  return out;
}

export function generateRefuges(roads: readonly RoadLine[], rng: Random, options = REFUGE_DEFAULTS): DemoRow[] {
  const rows: DemoRow[] = [];
  const place = (points: Position[], spacingM: number, kind: 'convenience' | 'refuge', name: (n: string) => string) => {
    const placed: Position[] = [];
    let n = 0;
    for (const p of points) {
      if (placed.some((q) => distance(p, q, { units: 'meters' }) < spacingM)) continue;
      placed.push(p);
      const number = String(++n).padStart(3, '0');
      rows.push({
        externalId: `sample:${kind}:${number}`,
        sample: true,
        properties: { kind, name: name(number) },
        extra: { demo: DEMO_DATASET },
        geometry: { type: 'Point', coordinates: [round7(p[0]), round7(p[1])] },
      });
    }
  };
  place(besideRoads(roads, options.storeClasses, rng), options.storeSpacingM, 'convenience', (n) => `コンビニ (サンプル) ${n}`);
  place(besideRoads(roads, options.homeClasses, rng), options.homeSpacingM, 'refuge', (n) => `こども110番の家 (サンプル) ${n}`);
  return rows;
}
