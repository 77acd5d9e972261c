import type { DataSource } from 'typeorm';
import type { CoverageLineRecord } from '../handlers/analysis-handler';
import { runsDatabase, type RunsDatabase, ZONE } from '../testing/runs-database';
import { FEW_LINES } from './coverage-lines.repository';
import type { RunsRepository } from './runs.repository';
/** Names as registries write them: quotes, backslashes, braces and commas (array syntax), Japanese, an emoji. */
const NAMES = ['新宿通り', 'a "quoted" \\ name', '{braced, with commas}', 'NULL', '', '🚸 通学路'];

function line(targetId: number, ewkb: Buffer): CoverageLineRecord {
  const name = NAMES[targetId % NAMES.length];
  return {
    targetId,
    figures: { lengthM: 100 + targetId / 3, seenM: 50.125, litM: 1 / 3, seenOrLitM: 60 + 2 ** -40 },
    spotCounts: { blind: targetId % 3, dark: 1 },
    ewkb,
    writeProperties: (out) => out.text(JSON.stringify({ targetId, name })),
    writeSpots: (out) => out.text(JSON.stringify([[0, 1, 0.5, 2.25, 1.75, 0.5, 2.25]])),
  };
}

/**
 * How a run's result is stored as it is marked succeeded: a few lines (an incremental run's) in
 * the marking statement, many with a COPY; both must store the same rows.
 */
describe('a run marked succeeded with its coverage lines', () => {
  let fixture: RunsDatabase;
  let db: DataSource;
  let runs: RunsRepository;
  let ewkb: Buffer;

  beforeAll(async () => {
    fixture = await runsDatabase();
    ({ db, runs, ewkb } = fixture);
  }, 60_000);
  afterAll(() => fixture?.close());

  const run = (status?: string) => fixture.run(status);
  /** Lines made as they are iterated, as a run streams them: `made` counts how many were. */
  function madeOnce(ids: number[]) {
    const lines = {
      length: ids.length,
      made: 0,
      *[Symbol.iterator]() {
        for (const id of ids) {
          lines.made++;
          yield line(id, ewkb);
        }
      },
    };
    return lines;
  }
  const complete = (runId: string, ids: number[], extra: object = {}) =>
    runs.complete(runId, { features: [], summary: { lines: ids.length }, coverageLines: ids.map((id) => line(id, ewkb)), ...extra }, ZONE);
  const stored = (runId: string) =>
    db.query(
      `SELECT target_id::int AS id, part, srid, properties, spots, length_m, seen_m, lit_m, seen_or_lit_m, blind_spots, dark_spots, ST_AsEWKB(geom) AS geom
         FROM coverage_line WHERE run_id = $1 ORDER BY target_id`,
      [runId],
    );
  const rowOf = async (runId: string) => (await db.query(`SELECT status, summary FROM analysis_run WHERE id = $1`, [runId]))[0];

  it('stores a few lines exactly as the COPY stores many: text, doubles and geometry alike', async () => {
    const few = await run();
    const many = await run();
    const ids = Array.from({ length: FEW_LINES + 1 }, (_, i) => i + 1);
    expect(await complete(few, ids.slice(0, 12))).toBe(true);
    expect(await complete(many, ids)).toBe(true);
    const a = await stored(few);
    const b = (await stored(many)).slice(0, 12);
    expect(a).toHaveLength(12);
    expect(a).toEqual(b);
    expect(a.map((r: { properties: string }) => JSON.parse(r.properties).name)).toEqual(ids.slice(0, 12).map((id) => NAMES[id % NAMES.length]));
    expect(a[0].seen_or_lit_m).toBe(60 + 2 ** -40);
    expect(await rowOf(few)).toEqual({ status: 'succeeded', summary: { lines: 12 } });
  });

  it('takes a summary known once the lines are made, and keeps an earlier run’s lines by reference', async () => {
    const earlier = await run();
    expect(await complete(earlier, [1, 2, 3])).toBe(true);
    const later = await run();
    const lines = madeOnce([2, 7]);
    const result = { features: [], coverageLines: lines, summary: () => ({ made: lines.made }), reuse: { fromRunId: earlier, exceptTargetIds: [2] } };
    expect(await runs.complete(later, result, ZONE)).toBe(true);
    expect(await rowOf(later)).toEqual({ status: 'succeeded', summary: { made: 2 } });
    expect(await db.query(`SELECT from_run_id AS "from", except_target_ids::int[] AS except FROM coverage_reuse WHERE run_id = $1`, [later])).toEqual([{ from: earlier, except: [2] }]);
    expect((await stored(later)).map((r: { id: number }) => r.id)).toEqual([2, 7]);
  });

  it('writes nothing for a run no longer running (cancelled meanwhile)', async () => {
    const cancelled = await run('cancelled');
    expect(await complete(cancelled, [1, 2])).toBe(false);
    expect(await stored(cancelled)).toEqual([]);
    expect((await rowOf(cancelled)).status).toBe('cancelled');
  });

  it('replaces what an earlier attempt left behind', async () => {
    const runId = await run();
    // Left by an earlier attempt: a line of another target and a reference.
    await db.query(
      `INSERT INTO coverage_line (run_id, srid, target_id, properties, length_m, seen_m, lit_m, seen_or_lit_m, blind_spots, dark_spots, geom)
       VALUES ($1, $2, 99, '{}', 1, 0, 0, 0, 0, 0, ST_GeomFromEWKB($3))`,
      [runId, ZONE, ewkb],
    );
    // Lines made as they are iterated (once), and a summary known after: written the other way, the same lines.
    const lines = madeOnce([1, 2]);
    expect(await runs.complete(runId, { features: [], coverageLines: lines, summary: () => ({ made: lines.made }) }, ZONE)).toBe(true);
    expect((await stored(runId)).map((r: { id: number }) => r.id)).toEqual([1, 2]);
    expect(await rowOf(runId)).toEqual({ status: 'succeeded', summary: { made: 2 } });
  });

  it('stores nothing, and leaves the run running, when a line cannot be stored', async () => {
    const runId = await run();
    const broken = { ...line(1, ewkb), ewkb: Buffer.from('not a geometry') };
    await expect(runs.complete(runId, { features: [], summary: {}, coverageLines: [line(2, ewkb), broken] }, ZONE)).rejects.toThrow();
    expect(await stored(runId)).toEqual([]);
    expect((await rowOf(runId)).status).toBe('running');
  });
});
