import Flatbush from 'flatbush';
import type { Vec } from '../../kernels';
import { envelopeOf } from '../coverage/coverage-geometry';
import type { TargetBox } from '../coverage/coverage.repository';
import type { LineTarget } from './coverage-inputs';

/** A whole kept line layer's lookups: by id, and by bounding box (the boxes in layer order). */
interface LineLookups {
  byId: Map<number, LineTarget>;
  boxes: TargetBox[];
  index: Flatbush;
}

/** Made once per kept layer version, when it is loaded, not on a run's way. */
const lookups = new WeakMap<LineTarget[], LineLookups>();

/** A whole layer's lines as kept: indexed by id and by bounding box. */
export function indexedLines(whole: LineTarget[]): LineTarget[] {
  lookupsOf(whole);
  return whole;
}

function lookupsOf(whole: LineTarget[]): LineLookups {
  let found = lookups.get(whole);
  if (!found) {
    const boxes = whole.map((t) => ({ id: t.row.id, ...(envelopeOf([t.parts], 0) ?? { xmin: 0, ymin: 0, xmax: 0, ymax: 0 }) }));
    const index = new Flatbush(Math.max(1, boxes.length));
    for (const b of boxes) index.add(b.xmin, b.ymin, b.xmax, b.ymax);
    if (boxes.length === 0) index.add(0, 0, 0, 0);
    index.finish();
    found = { byId: new Map(whole.map((t) => [t.row.id, t])), boxes, index };
    lookups.set(whole, found);
  }
  return found;
}

/** The kept lines with these ids, in id order (as the database returns them). */
export function linesWithIds(whole: LineTarget[], ids: readonly number[]): LineTarget[] {
  const { byId } = lookupsOf(whole);
  const found: LineTarget[] = [];
  for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
    const line = byId.get(id);
    if (line) found.push(line);
  }
  return found;
}

/** The bounding boxes of the kept lines (all, or those with these ids), in id order. */
export function boxesOf(whole: LineTarget[], ids: readonly number[] | undefined): TargetBox[] {
  const { boxes } = lookupsOf(whole);
  if (!ids) return boxes;
  const wanted = new Set(ids);
  return boxes.filter((b) => wanted.has(b.id));
}

/**
 * Ids (ascending) of the kept lines within `reachM` of any of the points. A line closer than its
 * reach by a micrometre more is included too: one line too many is recomputed to the same result,
 * one too few would keep a stale one.
 */
export function linesNear(whole: LineTarget[], points: readonly { x: number; y: number; reachM: number }[]): number[] {
  const { index } = lookupsOf(whole);
  const near = new Set<number>();
  for (const { x, y, reachM } of points) {
    const r = reachM + 1e-6;
    for (const i of index.search(x - r, y - r, x + r, y + r)) {
      const t = whole[i];
      if (!near.has(t.row.id) && t.parts.some((part) => withinOf(part, x, y, r))) near.add(t.row.id);
    }
  }
  return [...near].sort((a, b) => a - b);
}

/** Whether a point lies within `r` of a line part (a single point counts as a part too). */
function withinOf(part: readonly Vec[], x: number, y: number, r: number): boolean {
  const r2 = r * r;
  if (part.length === 1) return (part[0][0] - x) ** 2 + (part[0][1] - y) ** 2 <= r2;
  for (let k = 1; k < part.length; k++) {
    const [ax, ay] = part[k - 1];
    const dx = part[k][0] - ax;
    const dy = part[k][1] - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    if ((ax + t * dx - x) ** 2 + (ay + t * dy - y) ** 2 <= r2) return true;
  }
  return false;
}
