import { destination } from '@turf/turf';
import type { Position } from 'geojson';
import type { RoadLine } from './demo-types';
import { buildRoadGraph, drivable, edgeBetween, nearestNode, pathLengthM, shortestPath, walkable } from './road-graph';

const O: Position = [139.7, 35.7];
/** A position `east` and `north` metres from O. */
const at = (east: number, north: number): Position => {
  const p = destination(destination(O, east / 1000, 90).geometry.coordinates, north / 1000, 0).geometry.coordinates;
  return [Number(p[0].toFixed(7)), Number(p[1].toFixed(7))];
};
const road = (osmId: number, cls: string, ...coordinates: Position[]): RoadLine => ({ osmId, cls, name: null, coordinates });

// A 100 m square A-B-C-D with a 100 m footway shortcut along the diagonal's half, and an island.
const A = at(0, 0);
const B = at(100, 0);
const C = at(100, 100);
const D = at(0, 100);
const roads = [
  road(1, 'residential', A, B, C),
  road(2, 'residential', C, D, A),
  road(3, 'footway', A, at(50, 50), C),
  road(4, 'motorway', at(500, 500), at(600, 500)),
];

describe('road graph', () => {
  it('joins ways at shared coordinates and measures edges in metres', () => {
    const g = buildRoadGraph(roads, drivable);
    // A, B, C, D only: the footway is not drivable, the motorway is (a separate component).
    expect(g.nodes.length).toBe(6);
    const a = nearestNode(g, A);
    const b = nearestNode(g, B);
    expect(edgeBetween(g, a, b)?.lengthM).toBeCloseTo(100, 0);
    // Snapping stays on the biggest component: next to the motorway, the nearest usable node is C.
    expect(g.component[a]).toBe(g.mainComponent);
    expect(nearestNode(g, at(550, 500))).toBe(nearestNode(g, C));
    expect(g.component[g.nodes.length - 1]).not.toBe(g.mainComponent);
  });

  it('finds the shortest path: 200 m around the square by car, 141 m across by foot', () => {
    const car = buildRoadGraph(roads, drivable);
    const carPath = shortestPath(car, nearestNode(car, A), nearestNode(car, C));
    expect(carPath).not.toBeNull();
    expect(pathLengthM(car, carPath as number[])).toBeCloseTo(200, 0);

    const foot = buildRoadGraph(roads, walkable);
    const footPath = shortestPath(foot, nearestNode(foot, A), nearestNode(foot, C)) as number[];
    expect(footPath.length).toBe(3);
    expect(pathLengthM(foot, footPath)).toBeCloseTo(100 * Math.SQRT2, 0);
    expect(foot.nodes.some((n) => n[0] === at(550, 500)[0])).toBe(false);
  });

  it('reports unconnected nodes as having no path', () => {
    const g = buildRoadGraph([road(1, 'residential', A, B), road(2, 'residential', C, D)], drivable);
    expect(shortestPath(g, 0, 2)).toBeNull();
  });
});
