import Flatbush from 'flatbush';
import type { CoverageLine } from './coverage.types';

/** Every segment of every line, flat, with its line, its offset along the line and a spatial index. */
export interface SegmentIndex {
  count: number;
  /** x0, y0, x1, y1 per segment. */
  coords: Float64Array;
  line: Int32Array;
  offset: Float64Array;
  lineLengths: Float64Array;
  tree: Flatbush | null;
}

export function indexSegments(lines: readonly CoverageLine[]): SegmentIndex {
  let capacity = 0;
  for (const l of lines) capacity += Math.max(0, l.coords.length - 1);
  const coords = new Float64Array(capacity * 4);
  const line = new Int32Array(capacity);
  const offset = new Float64Array(capacity);
  const lineLengths = new Float64Array(lines.length);
  let count = 0;
  lines.forEach((l, li) => {
    let along = 0;
    for (let i = 0; i + 1 < l.coords.length; i++) {
      const [x0, y0] = l.coords[i];
      const [x1, y1] = l.coords[i + 1];
      if (!(Number.isFinite(x0) && Number.isFinite(y0) && Number.isFinite(x1) && Number.isFinite(y1))) {
        throw new RangeError(`line ${l.id}: vertex ${Number.isFinite(x0 + y0) ? i + 1 : i} is not a finite coordinate`);
      }
      const len = Math.sqrt((x1 - x0) ** 2 + (y1 - y0) ** 2);
      if (len === 0) continue;
      const o = count * 4;
      coords[o] = x0;
      coords[o + 1] = y0;
      coords[o + 2] = x1;
      coords[o + 3] = y1;
      line[count] = li;
      offset[count] = along;
      along += len;
      count++;
    }
    lineLengths[li] = along;
  });
  return { count, coords, line, offset, lineLengths, tree: segmentTree(coords, count) };
}

function segmentTree(coords: Float64Array, count: number): Flatbush | null {
  if (count === 0) return null;
  const tree = new Flatbush(count);
  for (let i = 0; i < count; i++) {
    const o = i * 4;
    tree.add(
      Math.min(coords[o], coords[o + 2]),
      Math.min(coords[o + 1], coords[o + 3]),
      Math.max(coords[o], coords[o + 2]),
      Math.max(coords[o + 1], coords[o + 3]),
    );
  }
  tree.finish();
  return tree;
}
