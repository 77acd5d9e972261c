import { DEMO_DATASET, DEMO_REFERENCE_DATE, type DemoRow, type Koban } from './demo-types';
import type { Random } from './prng';
import { nearestNode, type RoadGraph } from './road-graph';

export type PatrolKind = 'police' | 'volunteer' | 'foot';

interface PatrolPlan {
  kind: PatrolKind;
  perKoban: number;
  speedKmh: readonly [number, number];
  lengthKm: readonly [number, number];
  /** Start hour range, local time (JST). */
  startHour: readonly [number, number];
  units: number;
  unitLabel: (koban: Koban, n: number) => string;
}

export const PATROL_PLANS: readonly PatrolPlan[] = [
  { kind: 'police', perKoban: 13, speedKmh: [15, 25], lengthKm: [2, 6], startHour: [0, 22.5], units: 2, unitLabel: (k, n) => `${k.post} PC-${n}` },
  { kind: 'foot', perKoban: 4, speedKmh: [4, 4], lengthKm: [1.5, 3], startHour: [9, 17], units: 2, unitLabel: (k, n) => `${k.post} 徒歩-${n}` },
  {
    kind: 'volunteer',
    perKoban: 3,
    speedKmh: [15, 20],
    lengthKm: [2, 5],
    startHour: [19, 21.5],
    units: 1,
    unitLabel: (k, n) => `${k.post.replace(/交番$/, '')}地区 青パト-${n}`,
  },
];

export const PATROL_DAYS = 30;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const SEGMENT_SPEED_JITTER: [number, number] = [0.85, 1.15];

/**
 * A random walk from `start` of at least `targetM` metres that avoids U-turns except at dead
 * ends and prefers streets it has not driven yet.
 */
export function randomWalk(graph: RoadGraph, start: number, targetM: number, rng: Random): number[] {
  const path = [start];
  const driven = new Set<string>();
  let walked = 0;
  let prev = -1;
  for (let step = 0; walked < targetM && step < 10_000; step++) {
    const here = path[path.length - 1];
    const onward = graph.edges[here].filter((e) => e.to !== prev);
    const options = onward.length > 0 ? onward : graph.edges[here];
    if (options.length === 0) break;
    const edge = rng.weighted(options.map((e) => [e, driven.has(edgeKey(here, e.to)) ? 1 : 4] as const));
    driven.add(edgeKey(here, edge.to));
    walked += edge.lengthM;
    prev = here;
    path.push(edge.to);
  }
  return path;
}

const edgeKey = (a: number, b: number): string => (a < b ? `${a}-${b}` : `${b}-${a}`);

/** Epoch seconds at every vertex, strictly increasing (at least 0.1 s apart). */
export function vertexTimes(graph: RoadGraph, path: readonly number[], startS: number, speedKmh: number, rng: Random): number[] {
  const times = [startS];
  for (let i = 1; i < path.length; i++) {
    const edge = graph.edges[path[i - 1]].find((e) => e.to === path[i]);
    if (!edge) throw new Error(`path step ${i} is not an edge of the graph`);
    const seconds = edge.lengthM / ((speedKmh * rng.range(...SEGMENT_SPEED_JITTER)) / 3.6);
    times.push(Math.max(Math.round((times[i - 1] + seconds) * 10) / 10, times[i - 1] + 0.1));
  }
  return times.map((t) => Math.round(t * 10) / 10);
}

/**
 * Sample patrol tracks for the 30 days before the reference date: police cars and foot
 * patrols from each koban, and volunteer blue-light (青パト) cars, along real roads.
 */
export function generatePatrolTracks(kobans: readonly Koban[], driveGraph: RoadGraph, walkGraph: RoadGraph, rng: Random): DemoRow[] {
  const rows: DemoRow[] = [];
  const end = DEMO_REFERENCE_DATE.getTime();
  kobans.forEach((koban, k) => {
    for (const plan of PATROL_PLANS) {
      const graph = plan.kind === 'foot' ? walkGraph : driveGraph;
      const home = nearestNode(graph, koban.position);
      for (let i = 0; i < plan.perKoban; i++) {
        const path = randomWalk(graph, home, rng.range(...plan.lengthKm) * 1000, rng);
        const speedKmh = rng.range(...plan.speedKmh);
        const startMs = end - rng.int(1, PATROL_DAYS) * DAY_MS + rng.range(...plan.startHour) * HOUR_MS;
        const times = vertexTimes(graph, path, Math.round(startMs / 1000), speedKmh, rng);
        const number = `${String(k + 1).padStart(2, '0')}-${String(rows.length + 1).padStart(3, '0')}`;
        rows.push({
          externalId: `sample:patrol:${number}`,
          sample: true,
          properties: {
            unit: plan.unitLabel(koban, (i % plan.units) + 1),
            kind: plan.kind,
            started_at: new Date(times[0] * 1000).toISOString(),
            ended_at: new Date(times[times.length - 1] * 1000).toISOString(),
          },
          extra: { demo: DEMO_DATASET, koban: koban.externalId, speed_kmh: Math.round(speedKmh * 10) / 10 },
          geometry: { type: 'LineString', coordinates: path.map((n, j) => [graph.nodes[n][0], graph.nodes[n][1], times[j]]) },
        });
      }
    }
  });
  return rows;
}
