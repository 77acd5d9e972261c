import { distance } from '@turf/turf';
import type { Position } from 'geojson';
import type { RoadLine } from './demo-types';

export interface GraphEdge {
  to: number;
  lengthM: number;
  road: number;
}

/** An undirected graph of road vertices; ways that share an OSM node share a graph node. */
export interface RoadGraph {
  nodes: Position[];
  edges: GraphEdge[][];
  /** Connected-component id of every node. */
  component: number[];
  /** Id of the component with the most nodes (routes and walks stay on it). */
  mainComponent: number;
}

export const MOTORWAY_LIKE = new Set(['motorway', 'motorway_link', 'trunk', 'trunk_link']);
export const FOOT_ONLY = new Set(['footway', 'steps', 'path', 'pedestrian', 'elevator', 'cycleway', 'corridor', 'bridleway']);

export const walkable = (cls: string): boolean => !MOTORWAY_LIKE.has(cls);
export const drivable = (cls: string): boolean => !FOOT_ONLY.has(cls);

/** OSM coordinates have 7 decimals: equal keys at that precision are the same node. */
const keyOf = (p: Position): string => `${p[0].toFixed(7)},${p[1].toFixed(7)}`;

export function buildRoadGraph(roads: readonly RoadLine[], include: (cls: string) => boolean): RoadGraph {
  const index = new Map<string, number>();
  const nodes: Position[] = [];
  const edges: GraphEdge[][] = [];
  const nodeOf = (p: Position): number => {
    const key = keyOf(p);
    let i = index.get(key);
    if (i === undefined) {
      i = nodes.length;
      index.set(key, i);
      nodes.push([p[0], p[1]]);
      edges.push([]);
    }
    return i;
  };
  roads.forEach((road, r) => {
    if (!include(road.cls)) return;
    for (let k = 1; k < road.coordinates.length; k++) {
      const a = nodeOf(road.coordinates[k - 1]);
      const b = nodeOf(road.coordinates[k]);
      if (a === b) continue;
      const lengthM = distance(nodes[a], nodes[b], { units: 'meters' });
      if (lengthM <= 0) continue;
      edges[a].push({ to: b, lengthM, road: r });
      edges[b].push({ to: a, lengthM, road: r });
    }
  });
  const { component, mainComponent } = components(edges);
  return { nodes, edges, component, mainComponent };
}

function components(edges: GraphEdge[][]): { component: number[]; mainComponent: number } {
  const component = new Array<number>(edges.length).fill(-1);
  const sizes: number[] = [];
  for (let start = 0; start < edges.length; start++) {
    if (component[start] !== -1) continue;
    const id = sizes.length;
    let size = 0;
    const stack = [start];
    component[start] = id;
    while (stack.length > 0) {
      const n = stack.pop() as number;
      size++;
      for (const e of edges[n]) {
        if (component[e.to] === -1) {
          component[e.to] = id;
          stack.push(e.to);
        }
      }
    }
    sizes.push(size);
  }
  const mainComponent = sizes.reduce((best, size, id) => (size > sizes[best] ? id : best), 0);
  return { component, mainComponent };
}

/** The node of the main component nearest to a position. */
export function nearestNode(graph: RoadGraph, p: Position): number {
  let best = -1;
  let bestD = Infinity;
  graph.nodes.forEach((n, i) => {
    if (graph.component[i] !== graph.mainComponent) return;
    const d = distance(p, n, { units: 'meters' });
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  if (best < 0) throw new Error('the road graph is empty');
  return best;
}

/** Dijkstra; the node sequence from `from` to `to`, or null when they are not connected. */
export function shortestPath(graph: RoadGraph, from: number, to: number): number[] | null {
  const dist = new Float64Array(graph.nodes.length).fill(Infinity);
  const prev = new Int32Array(graph.nodes.length).fill(-1);
  const heap = new MinHeap();
  dist[from] = 0;
  heap.push(from, 0);
  while (heap.size > 0) {
    const [n, d] = heap.pop();
    if (d > dist[n]) continue;
    if (n === to) break;
    for (const e of graph.edges[n]) {
      const nd = d + e.lengthM;
      if (nd < dist[e.to]) {
        dist[e.to] = nd;
        prev[e.to] = n;
        heap.push(e.to, nd);
      }
    }
  }
  if (dist[to] === Infinity) return null;
  const path = [to];
  while (path[path.length - 1] !== from) path.push(prev[path[path.length - 1]]);
  return path.reverse();
}

export function pathLengthM(graph: RoadGraph, path: readonly number[]): number {
  let total = 0;
  for (let i = 1; i < path.length; i++) total += edgeBetween(graph, path[i - 1], path[i])?.lengthM ?? NaN;
  return total;
}

export function edgeBetween(graph: RoadGraph, a: number, b: number): GraphEdge | undefined {
  return graph.edges[a].find((e) => e.to === b);
}

class MinHeap {
  private readonly items: [number, number][] = [];

  get size(): number {
    return this.items.length;
  }

  push(node: number, key: number): void {
    const items = this.items;
    items.push([node, key]);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent][1] <= items[i][1]) break;
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }

  pop(): [number, number] {
    const items = this.items;
    const top = items[0];
    const last = items.pop() as [number, number];
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && items[l][1] < items[m][1]) m = l;
        if (r < items.length && items[r][1] < items[m][1]) m = r;
        if (m === i) break;
        [items[m], items[i]] = [items[i], items[m]];
        i = m;
      }
    }
    return top;
  }
}
