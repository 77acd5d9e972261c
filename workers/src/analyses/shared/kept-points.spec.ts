import { countWithin, keptPoints, patchedPoints, pointsWithin, type PointRow } from './kept-points';

type Row = PointRow & { id: number; rangeM: number };

/** A deterministic pseudo-random sequence in [0, 1). */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

function rows(n: number, next: () => number): Row[] {
  return Array.from({ length: n }, (_, i) => ({ id: i + 1, x: next() * 1000, y: next() * 1000, status: next() < 0.8 ? 'active' : 'planned', rangeM: 10 + next() * 90 }));
}

const reach = (r: Row) => r.rangeM;
const ACTIVE = ['active'];
const BOTH = ['planned', 'active'];
const envelopes = [
  { xmin: 100, ymin: 100, xmax: 400, ymax: 600 },
  { xmin: -50, ymin: -50, xmax: 2000, ymax: 2000 },
  { xmin: 500, ymin: 0, xmax: 500.5, ymax: 1000 },
];

describe('kept points', () => {
  it('counts the rows within an envelope with one of the statuses, as a search finds them', () => {
    const next = random(7);
    const kept = keptPoints(rows(500, next), reach);
    for (const e of envelopes) {
      for (const statuses of [ACTIVE, BOTH]) {
        const expected = kept.rows.filter((r) => statuses.includes(r.status) && r.x >= e.xmin && r.x <= e.xmax && r.y >= e.ymin && r.y <= e.ymax).length;
        expect(countWithin(kept, e, statuses)).toBe(expected);
        expect(pointsWithin(kept, e, new Set(statuses))).toHaveLength(expected);
        // Asked again (kept), the same.
        expect(countWithin(kept, e, [...statuses].reverse())).toBe(expected);
      }
    }
  });

  it('brings its counts along when patched: moved, deleted, added and re-statused rows, as counted afresh', () => {
    const next = random(11);
    let kept = keptPoints(rows(400, next), reach);
    for (const e of envelopes) for (const statuses of [ACTIVE, BOTH]) countWithin(kept, e, statuses);
    for (let round = 0; round < 20; round++) {
      const ids = [...new Set(Array.from({ length: 1 + Math.floor(next() * 6) }, () => 1 + Math.floor(next() * 450)))];
      // Some rows move or change status, some are deleted (not in `added`), ids beyond 400 are new rows.
      const added = ids
        .filter(() => next() < 0.7)
        .map((id) => ({ id, x: next() * 1000, y: next() * 1000, status: next() < 0.5 ? 'active' : 'planned', rangeM: 10 + next() * 120 }));
      kept = patchedPoints(kept, ids, added, reach);
      const fresh = keptPoints([...kept.rows], reach);
      for (const e of envelopes) {
        for (const statuses of [ACTIVE, BOTH]) expect(countWithin(kept, e, statuses)).toBe(countWithin(fresh, e, statuses));
      }
      expect(kept.maxReach).toBe(fresh.maxReach);
      expect(kept.rows.map((r) => r.id)).toEqual([...kept.rows.map((r) => r.id)].sort((a, b) => a - b));
    }
  });
});
