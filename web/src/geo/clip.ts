type Pt = readonly [number, number];
export type Box = readonly [minX: number, minY: number, maxX: number, maxY: number];

/** Liang–Barsky: the part of segment ab inside the box as parameters [t0, t1] along it, or null. */
function clipSegment(a: Pt, b: Pt, box: Box): [number, number] | null {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, a[0] - box[0]],
    [dx, box[2] - a[0]],
    [-dy, a[1] - box[1]],
    [dy, box[3] - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 > t1) return null;
  }
  return [t0, t1];
}

const at = (a: Pt, b: Pt, t: number): [number, number] => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

/** The pieces of a polyline inside a box, each a polyline of at least two vertices. */
export function clipPolyline(line: readonly Pt[], box: Box): [number, number][][] {
  const pieces: [number, number][][] = [];
  let current: [number, number][] | null = null;
  for (let i = 0; i + 1 < line.length; i++) {
    const clipped = clipSegment(line[i], line[i + 1], box);
    if (!clipped) {
      current = null;
      continue;
    }
    const [t0, t1] = clipped;
    const start = at(line[i], line[i + 1], t0);
    const end = at(line[i], line[i + 1], t1);
    if (!current || t0 > 0) {
      current = [start];
      pieces.push(current);
    }
    current.push(end);
    if (t1 < 1) current = null;
  }
  return pieces.filter((piece) => piece.length >= 2 && (piece[0][0] !== piece[1][0] || piece[0][1] !== piece[1][1] || piece.length > 2));
}
