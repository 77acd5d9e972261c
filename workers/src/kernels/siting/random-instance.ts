import type { CsrCoverage } from './siting-instance';

export interface RandomInstanceOptions {
  numCandidates: number;
  numDemand: number;
  seed: number;
  /** Each candidate covers between minCover and maxCover nearest demand points. */
  minCover?: number;
  maxCover?: number;
}

export interface RandomInstance extends CsrCoverage {
  weights: Float64Array;
  costs: Float64Array;
  /** Positions in metres, for plotting and checks. */
  demandXY: Float64Array;
  candidateXY: Float64Array;
}

const STREET_SPACING_M = 80;
const CELL_M = 40;

/**
 * A deterministic synthetic city: demand points and camera candidates lie along a street grid,
 * dense around a few neighbourhood centres; each candidate covers its 20–80 nearest demand
 * points, like a camera on a street. Weights are heavy-tailed (a few hot spots), costs
 * 300,000–800,000 yen.
 */
export function randomClusteredInstance(options: RandomInstanceOptions): RandomInstance {
  const { numCandidates, numDemand, seed } = options;
  const minCover = options.minCover ?? 20;
  const maxCover = options.maxCover ?? 80;
  const random = mulberry32(seed);
  const side = Math.sqrt(numDemand) * 20;
  const centres = neighbourhoods(random, side, Math.max(4, Math.round(numDemand / 2500)));
  const demandXY = streetPoints(random, numDemand, side, centres);
  const candidateXY = streetPoints(random, numCandidates, side, centres);
  const weights = new Float64Array(numDemand);
  for (let i = 0; i < numDemand; i++) weights[i] = 1 + Math.floor(-Math.log(1 - random()) * 3);
  const costs = new Float64Array(numCandidates);
  for (let j = 0; j < numCandidates; j++) costs[j] = 300_000 + 10_000 * Math.floor(random() * 51);
  const grid = new PointGrid(demandXY, side);
  const coverStart = new Int32Array(numCandidates + 1);
  const lists: Int32Array[] = [];
  for (let j = 0; j < numCandidates; j++) {
    const count = Math.min(numDemand, minCover + Math.floor(random() * (maxCover - minCover + 1)));
    const list = grid.nearest(candidateXY[2 * j], candidateXY[2 * j + 1], count).sort();
    lists.push(list);
    coverStart[j + 1] = coverStart[j] + list.length;
  }
  const coverIndex = new Int32Array(coverStart[numCandidates]);
  lists.forEach((list, j) => coverIndex.set(list, coverStart[j]));
  return { weights, costs, coverStart, coverIndex, demandXY, candidateXY };
}

interface Centre {
  x: number;
  y: number;
  spread: number;
}

function neighbourhoods(random: () => number, side: number, count: number): Centre[] {
  return Array.from({ length: count }, () => ({
    x: random() * side,
    y: random() * side,
    spread: side * (0.02 + 0.06 * random()),
  }));
}

/** Points snapped onto the street grid: 80 % around a neighbourhood centre, 20 % anywhere. */
function streetPoints(random: () => number, count: number, side: number, centres: Centre[]): Float64Array {
  const xy = new Float64Array(2 * count);
  for (let p = 0; p < count; p++) {
    let x = random() * side;
    let y = random() * side;
    if (random() < 0.8) {
      const c = centres[Math.floor(random() * centres.length)];
      x = clamp(c.x + gaussian(random) * c.spread, side);
      y = clamp(c.y + gaussian(random) * c.spread, side);
    }
    const jitter = (random() - 0.5) * 6;
    if (random() < 0.5) x = clamp(Math.round(x / STREET_SPACING_M) * STREET_SPACING_M + jitter, side);
    else y = clamp(Math.round(y / STREET_SPACING_M) * STREET_SPACING_M + jitter, side);
    xy[2 * p] = x;
    xy[2 * p + 1] = y;
  }
  return xy;
}

/** Bucket grid over points for k-nearest queries. */
class PointGrid {
  private readonly cells: number;
  private readonly cellStart: Int32Array;
  private readonly cellPoints: Int32Array;

  constructor(
    private readonly xy: Float64Array,
    side: number,
  ) {
    this.cells = Math.max(1, Math.ceil(side / CELL_M));
    const n = xy.length / 2;
    const cellOf = new Int32Array(n);
    this.cellStart = new Int32Array(this.cells * this.cells + 1);
    for (let p = 0; p < n; p++) {
      cellOf[p] = this.cellIndex(this.cellCoord(xy[2 * p]), this.cellCoord(xy[2 * p + 1]));
      this.cellStart[cellOf[p] + 1]++;
    }
    for (let c = 0; c < this.cells * this.cells; c++) this.cellStart[c + 1] += this.cellStart[c];
    const fill = this.cellStart.slice(0, this.cells * this.cells);
    this.cellPoints = new Int32Array(n);
    for (let p = 0; p < n; p++) this.cellPoints[fill[cellOf[p]]++] = p;
  }

  nearest(x: number, y: number, count: number): Int32Array {
    const cx = this.cellCoord(x);
    const cy = this.cellCoord(y);
    let found: number[] = [];
    let ring = 0;
    let needRing = Infinity;
    for (; ring <= this.cells && ring <= needRing; ring++) {
      this.collectRing(cx, cy, ring, found);
      if (needRing === Infinity && found.length >= count) {
        found = this.byDistance(found, x, y);
        needRing = Math.max(ring, Math.ceil(this.distance(found[count - 1], x, y) / CELL_M));
      }
    }
    return Int32Array.from(this.byDistance(found, x, y).slice(0, count));
  }

  private byDistance(points: number[], x: number, y: number): number[] {
    return points
      .map((p) => ({ p, d: this.distance(p, x, y) }))
      .sort((a, b) => a.d - b.d || a.p - b.p)
      .map((e) => e.p);
  }

  private collectRing(cx: number, cy: number, ring: number, out: number[]): void {
    for (let gy = cy - ring; gy <= cy + ring; gy++) {
      if (gy < 0 || gy >= this.cells) continue;
      const onEdge = gy === cy - ring || gy === cy + ring;
      for (let gx = cx - ring; gx <= cx + ring; gx += onEdge || ring === 0 ? 1 : 2 * ring) {
        if (gx < 0 || gx >= this.cells) continue;
        const c = this.cellIndex(gx, gy);
        for (let q = this.cellStart[c]; q < this.cellStart[c + 1]; q++) out.push(this.cellPoints[q]);
      }
    }
  }

  private distance(p: number, x: number, y: number): number {
    return Math.hypot(this.xy[2 * p] - x, this.xy[2 * p + 1] - y);
  }

  private cellCoord(v: number): number {
    return Math.min(this.cells - 1, Math.max(0, Math.floor(v / CELL_M)));
  }

  private cellIndex(gx: number, gy: number): number {
    return gy * this.cells + gx;
  }
}

/** Deterministic 32-bit PRNG (mulberry32): same seed, same city on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function clamp(v: number, side: number): number {
  return Math.min(side, Math.max(0, v));
}
