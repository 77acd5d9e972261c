import { distance } from '@turf/turf';
import { DEMO_DATASET, type Block, type DemoRow, type School } from './demo-types';
import type { Random } from './prng';
import { nearestNode, pathLengthM, shortestPath, type RoadGraph } from './road-graph';

export interface SchoolRouteOptions {
  minRoutes: number;
  maxRoutes: number;
  /** Blocks whose centre is this far from the school (metres) can be a route's start. */
  minDistanceM: number;
  maxDistanceM: number;
  /** Routes start from a random choice among this many nearest eligible blocks. */
  nearestBlocks: number;
}

export const SCHOOL_ROUTE_DEFAULTS: SchoolRouteOptions = { minRoutes: 4, maxRoutes: 6, minDistanceM: 200, maxDistanceM: 1200, nearestBlocks: 10 };

/** Share of a block's residents on one route to its elementary school (about 5 % are pupils, spread over several schools and routes). */
const PUPIL_SHARE: [number, number] = [0.004, 0.012];
const PUPILS_PER_ROUTE: [number, number] = [5, 90];

/**
 * Sample 通学路: shortest walking paths on the real road graph from the centres of blocks near
 * each real elementary school to the school.
 */
export function generateSchoolRoutes(
  schools: readonly School[],
  blocks: readonly Block[],
  walkGraph: RoadGraph,
  rng: Random,
  options = SCHOOL_ROUTE_DEFAULTS,
): DemoRow[] {
  const rows: DemoRow[] = [];
  for (const school of schools) {
    const schoolNode = nearestNode(walkGraph, school.position);
    const candidates = blocks
      .map((block) => ({ block, d: distance(block.centroid, school.position, { units: 'meters' }) }))
      .filter(({ d }) => d >= options.minDistanceM && d <= options.maxDistanceM)
      .sort((a, b) => a.d - b.d || a.block.externalId.localeCompare(b.block.externalId))
      .slice(0, options.nearestBlocks);
    const wanted = rng.int(options.minRoutes, options.maxRoutes);
    const usedStarts = new Set<number>([schoolNode]);
    let made = 0;
    for (const { block } of rng.shuffle(candidates)) {
      if (made >= wanted) break;
      const start = nearestNode(walkGraph, block.centroid);
      if (usedStarts.has(start)) continue;
      const path = shortestPath(walkGraph, start, schoolNode);
      if (!path) continue;
      usedStarts.add(start);
      made++;
      const share = Math.round((block.population ?? 0) * rng.range(...PUPIL_SHARE));
      const pupils = Math.min(Math.max(share, PUPILS_PER_ROUTE[0]), PUPILS_PER_ROUTE[1]);
      rows.push({
        externalId: `sample:school-route:${String(rows.length + 1).padStart(2, '0')}`,
        sample: true,
        properties: { school: school.name, name: `${block.name} → ${school.shortName}`, grades: '1-6', period: 'morning', pupils },
        extra: { demo: DEMO_DATASET, from_block: block.externalId, school_facility: school.externalId, length_m: Math.round(pathLengthM(walkGraph, path)) },
        geometry: { type: 'MultiLineString', coordinates: [path.map((n) => walkGraph.nodes[n])] },
      });
    }
  }
  return rows;
}
