import Flatbush from 'flatbush';
import type { MetricEnvelope } from '../coverage/coverage-geometry';

/** A camera or light as a worker keeps it: its projected position and status (and what the kernel needs). */
export type PointRow = { x: number; y: number; status: string };

/** A kept point layer: its rows in load order, indexed by position, and its largest range or radius. */
export interface KeptPoints<T extends PointRow> {
  rows: T[];
  index: Flatbush;
  maxReach: number;
  /** Counts made (see countWithin), brought along when the layer is patched (see patchedPoints). */
  counted: Map<string, KeptCount>;
}

/** How many rows with one of the statuses lie within the envelope. */
interface KeptCount {
  env: MetricEnvelope;
  statuses: ReadonlySet<string>;
  n: number;
}

/** At most this many counts kept per copy of a layer (runs over the same lines count the same envelopes). */
const MAX_COUNTS = 16;

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

/** How many kept rows with one of the statuses lie within the envelope (kept: see KeptPoints.counted). */
export function countWithin<T extends PointRow>(kept: KeptPoints<T>, e: MetricEnvelope, statuses: readonly string[]): number {
  const key = `${[...statuses].sort().join(',')} ${e.xmin} ${e.ymin} ${e.xmax} ${e.ymax}`;
  const known = kept.counted.get(key);
  if (known) return known.n;
  const wanted = new Set(statuses);
  const n = pointsWithin(kept, e, wanted).length;
  if (kept.counted.size >= MAX_COUNTS) kept.counted.clear();
  kept.counted.set(key, { env: { ...e }, statuses: wanted, n });
  return n;
}

/**
 * A kept layer without the rows `removed` (ids), with `added` (live rows as they are now): its
 * rows patched (patchedRows) and indexed again, and its counts brought along by the rows that
 * left and joined each envelope, instead of being made again over every row.
 */
export function patchedPoints<T extends PointRow & { id: number }>(
  kept: KeptPoints<T>,
  removed: readonly number[],
  added: readonly T[],
  reach: (row: T) => number,
): KeptPoints<T> {
  const updated = keptPoints(patchedRows(kept.rows, removed, added), reach);
  const gone = new Set(removed);
  const left = kept.rows.filter((r) => gone.has(r.id));
  for (const [key, c] of kept.counted) {
    const counts = (r: T) => c.statuses.has(r.status) && r.x >= c.env.xmin && r.x <= c.env.xmax && r.y >= c.env.ymin && r.y <= c.env.ymax;
    updated.counted.set(key, { ...c, n: c.n - left.filter(counts).length + added.filter(counts).length });
  }
  return updated;
}

/** Kept rows (in id order) without `removed`, with `added` (live rows as they are now) in id order. */
function patchedRows<T extends { id: number }>(kept: readonly T[], removed: readonly number[], added: readonly T[]): T[] {
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
