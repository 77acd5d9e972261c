import type { Vec } from '../../kernels/coverage/coverage.types';

/** A generated GPS track: x, y (metres) and t (epoch seconds) per vertex. */
export interface BenchTrack {
  unit: string;
  xyt: Float64Array;
  lengthM: number;
}

export interface BenchTrackOptions {
  targetKm: number;
  seed: number;
  /** GPS fix spacing along the road, metres. */
  stepM: number;
  noiseM: number;
  /** Epoch seconds; tracks start within 30 days after it. */
  startS: number;
}

/** mulberry32: small, fast and the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Graph {
  roads: readonly Vec[][];
  atNode: Map<string, { road: number; forward: boolean }[]>;
}

const nodeKey = ([x, y]: Vec) => `${Math.round(x * 100)},${Math.round(y * 100)}`;

function roadGraph(roads: readonly Vec[][]): Graph {
  const atNode = new Map<string, { road: number; forward: boolean }[]>();
  roads.forEach((coords, road) => {
    for (const [end, forward] of [[coords[0], true], [coords[coords.length - 1], false]] as const) {
      const k = nodeKey(end);
      const list = atNode.get(k) ?? [];
      list.push({ road, forward });
      atNode.set(k, list);
    }
  });
  return { roads, atNode };
}

/** A drive along the network from a random road, turning at random (U-turns only at dead ends). */
function drive(g: Graph, random: () => number, targetM: number): Vec[] {
  let road = Math.floor(random() * g.roads.length);
  let forward = random() < 0.5;
  const path: Vec[] = [];
  let length = 0;
  for (let step = 0; step < 2000 && length < targetM; step++) {
    const coords = forward ? g.roads[road] : [...g.roads[road]].reverse();
    for (let i = path.length === 0 ? 0 : 1; i < coords.length; i++) {
      const p = coords[i];
      if (path.length > 0) length += Math.hypot(p[0] - path[path.length - 1][0], p[1] - path[path.length - 1][1]);
      path.push(p);
    }
    const options = (g.atNode.get(nodeKey(coords[coords.length - 1])) ?? []).filter((o) => o.road !== road);
    const next = options.length > 0 ? options[Math.floor(random() * options.length)] : { road, forward: !forward };
    road = next.road;
    forward = next.forward;
  }
  return path;
}

/** GPS fixes every `stepM` along the path with sideways noise, timed at `speed` m/s. */
function fixes(path: readonly Vec[], random: () => number, startS: number, speed: number, stepM: number, noiseM: number): { xyt: Float64Array; lengthM: number } {
  const out: number[] = [];
  let along = 0;
  for (let i = 0; i + 1 < path.length; i++) {
    const [x0, y0] = path[i];
    const [x1, y1] = path[i + 1];
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len === 0) continue;
    const steps = Math.max(1, Math.round(len / stepM));
    for (let k = out.length === 0 ? 0 : 1; k <= steps; k++) {
      const f = k / steps;
      const side = (random() * 2 - 1) * noiseM;
      out.push(x0 + f * (x1 - x0) - (side * (y1 - y0)) / len, y0 + f * (y1 - y0) + (side * (x1 - x0)) / len, startS + (along + f * len) / speed);
    }
    along += len;
  }
  const xyt = Float64Array.from(out);
  let lengthM = 0;
  for (let o = 0; o + 5 < xyt.length; o += 3) lengthM += Math.hypot(xyt[o + 3] - xyt[o], xyt[o + 4] - xyt[o + 1]);
  return { xyt, lengthM };
}

/**
 * Patrol drives of 3–8 km along the given roads (metres) until `targetKm` is reached: the
 * benchmark's tracks, identical for the same roads and seed.
 */
export function generateBenchTracks(roads: readonly Vec[][], o: BenchTrackOptions): BenchTrack[] {
  const usable = roads.filter((r) => r.length >= 2);
  if (usable.length === 0) throw new Error('no roads to drive along');
  const g = roadGraph(usable);
  const random = seededRandom(o.seed);
  const tracks: BenchTrack[] = [];
  let totalM = 0;
  while (totalM < o.targetKm * 1000) {
    const path = drive(g, random, 3000 + random() * 5000);
    const speed = (15 + random() * 15) / 3.6;
    const start = Math.round(o.startS + random() * 30 * 86400);
    const { xyt, lengthM } = fixes(path, random, start, speed, o.stepM, o.noiseM);
    if (xyt.length < 6) continue;
    tracks.push({ unit: `BENCH-${tracks.length % 50}`, xyt, lengthM });
    totalM += lengthM;
  }
  return tracks;
}
