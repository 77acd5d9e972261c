import { buildEdgeGrid, segmentClear } from './edge-grid.kernel';

/** Whether segments p→q and r→s share a point (closed segments). */
function touches(p: number[], q: number[], r: number[], s: number[]): boolean {
  const cross = (a: number[], b: number[], c: number[]) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  const on = (a: number[], b: number[], c: number[]) =>
    Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
  const d1 = cross(r, s, p);
  const d2 = cross(r, s, q);
  const d3 = cross(p, q, r);
  const d4 = cross(p, q, s);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 === 0 && on(r, s, p)) || (d2 === 0 && on(r, s, q)) || (d3 === 0 && on(p, q, r)) || (d4 === 0 && on(p, q, s));
}

describe('edge grid', () => {
  let seed = 11;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;

  it('never calls a segment clear when it touches an edge (random edges and segments)', () => {
    const edges: number[] = [];
    for (let e = 0; e < 200; e++) {
      const x = random() * 2000;
      const y = random() * 2000;
      edges.push(x, y, x + (random() - 0.5) * 400, y + (random() - 0.5) * 400);
    }
    const grid = buildEdgeGrid(Float64Array.from(edges), 200)!;
    let clear = 0;
    const wrong: number[][] = [];
    for (let k = 0; k < 20000; k++) {
      const a = [random() * 2200 - 100, random() * 2200 - 100];
      const b = [a[0] + (random() - 0.5) * 40, a[1] + (random() - 0.5) * 40];
      if (!segmentClear(grid, a[0], a[1], b[0], b[1])) continue;
      clear++;
      for (let e = 0; e < 200; e++) if (touches(a, b, edges.slice(e * 4, e * 4 + 2), edges.slice(e * 4 + 2, e * 4 + 4))) wrong.push([...a, ...b]);
    }
    expect(wrong).toEqual([]);
    expect(clear).toBeGreaterThan(2000);
  });

  it('calls a segment far outside every edge clear, and defers very long segments to the tree', () => {
    const grid = buildEdgeGrid(Float64Array.from([0, 0, 100, 0]), 1)!;
    expect(segmentClear(grid, 500, 500, 510, 510)).toBe(true);
    expect(segmentClear(grid, 50, -200, 50, 200)).toBe(false);
    expect(segmentClear(grid, 50, 60, 52, 61)).toBe(true);
  });
});
