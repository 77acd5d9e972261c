/** A vertex: x (or lon) and y (or lat); further ordinates are carried along. */
type Pt = readonly number[];

function orientation(a: Pt, b: Pt, c: Pt): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(a: Pt, b: Pt, p: Pt): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** Whether segments ab and cd share a point (touching counts). */
export function segmentsIntersect(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

function openRing<T extends Pt>(ring: readonly T[]): T[] {
  const n = ring.length;
  const closed = n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1];
  return closed ? ring.slice(0, -1) : [...ring];
}

/**
 * Why a drawn ring cannot be a polygon, or null when it can: fewer than three distinct corners,
 * or two edges that cross or touch other than where neighbours meet (a "bow tie").
 */
export function ringProblem(ring: readonly Pt[]): 'too-few-points' | 'self-intersection' | null {
  const pts = openRing(ring);
  const distinct = new Set(pts.map((p) => `${p[0]},${p[1]}`));
  if (distinct.size < 3) return 'too-few-points';
  const n = pts.length;
  for (let i = 0; i < n; i++) {
    const a = pts[i];
    const b = pts[(i + 1) % n];
    for (let j = i + 1; j < n; j++) {
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      if (adjacent) continue;
      if (segmentsIntersect(a, b, pts[j], pts[(j + 1) % n])) return 'self-intersection';
    }
  }
  return null;
}

/** The ring closed (first vertex repeated at the end), as GeoJSON wants it. */
export function closeRing<T extends Pt>(ring: readonly T[]): T[] {
  const pts = openRing(ring);
  return pts.length > 0 ? [...pts, pts[0]] : pts;
}
