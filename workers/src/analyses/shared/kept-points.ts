import Flatbush from 'flatbush';
import type { MetricEnvelope } from '../coverage/coverage-geometry';

/** A camera or light as a worker keeps it: its projected position and status (and what the kernel needs). */
export type PointRow = { x: number; y: number; status: string };

/** A kept point layer: its rows in load order, indexed by position, and its largest range or radius. */
export interface KeptPoints<T extends PointRow> {
  rows: T[];
  index: Flatbush;
  maxReach: number;
  /** How many rows have one of these statuses (key: the statuses joined), once counted. */
  counted: Map<string, number>;
}

export function keptPoints<T extends PointRow>(rows: T[], reach: (row: T) => number): KeptPoints<T> {
  const index = new Flatbush(Math.max(1, rows.length));
  let maxReach = 0;
  for (const r of rows) {
    index.add(r.x, r.y, r.x, r.y);
    if (reach(r) > maxReach) maxReach = reach(r);
  }
  if (rows.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return { rows, index, maxReach, counted: new Map() };
}

function coversAll<T extends PointRow>({ index }: KeptPoints<T>, e: MetricEnvelope): boolean {
  return e.xmin <= index.minX && e.ymin <= index.minY && e.xmax >= index.maxX && e.ymax >= index.maxY;
}

/** Positions (load order) of the kept rows within the envelope with one of the statuses. */
export function pointsWithin<T extends PointRow>(kept: KeptPoints<T>, e: MetricEnvelope, statuses: ReadonlySet<string>): number[] {
  const { rows, index } = kept;
  if (rows.length === 0) return [];
  if (coversAll(kept, e)) {
    // The whole layer (a run over every line): no search, no sort.
    const all: number[] = [];
    for (let i = 0; i < rows.length; i++) if (statuses.has(rows[i].status)) all.push(i);
    return all;
  }
  return index.search(e.xmin, e.ymin, e.xmax, e.ymax, (i) => statuses.has(rows[i].status)).sort((a, b) => a - b);
}

/** How many kept rows with one of the statuses lie within the envelope (the whole layer's count is kept). */
export function countWithin<T extends PointRow>(kept: KeptPoints<T>, e: MetricEnvelope, statuses: readonly string[]): number {
  const whole = coversAll(kept, e);
  const key = [...statuses].sort().join(',');
  if (whole && kept.counted.has(key)) return kept.counted.get(key)!;
  const n = pointsWithin(kept, e, new Set(statuses)).length;
  if (whole) kept.counted.set(key, n);
  return n;
}

/** Kept rows (in id order) without `removed`, with `added` (live rows as they are now) in id order. */
export function patchedRows<T extends { id: number }>(kept: readonly T[], removed: readonly number[], added: readonly T[]): T[] {
  const gone = new Set(removed);
  const fresh = [...added].sort((a, b) => a.id - b.id);
  const rows: T[] = [];
  let j = 0;
  for (const r of kept) {
    if (gone.has(r.id)) continue;
    while (j < fresh.length && fresh[j].id < r.id) rows.push(fresh[j++]);
    rows.push(r);
  }
  while (j < fresh.length) rows.push(fresh[j++]);
  return rows;
}
