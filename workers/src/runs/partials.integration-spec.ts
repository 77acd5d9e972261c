import type { DataSource } from 'typeorm';
import type { CoverageLineRecord } from '../handlers/analysis-handler';
import { runsDatabase, type RunsDatabase, ZONE } from '../testing/runs-database';
import type { RunsRepository } from './runs.repository';

/** A coverage line record as a part writes it (its figures and JSON are not what is tested here). */
function line(targetId: number, ewkb: Buffer): CoverageLineRecord {
  return {
    targetId,
    figures: { lengthM: 100, seenM: 50, litM: 25, seenOrLitM: 60 },
    spotCounts: { blind: 0, dark: 0 },
    ewkb,
    writeProperties: (out) => out.bytes(Buffer.from(`{"targetId":${targetId}}`)),
    writeSpots: (out) => out.bytes(Buffer.from('[]')),
  };
}

describe('the lines parts of a split run write', () => {
  let fixture: RunsDatabase;
  let db: DataSource;
  let runs: RunsRepository;
  let ewkb: Buffer;

  beforeAll(async () => {
    fixture = await runsDatabase();
    ({ db, runs, ewkb } = fixture);
  }, 60_000);
  afterAll(() => fixture?.close());

  const runningRun = () => fixture.run();
  const targetsOf = async (runId: string) =>
    (await db.query(`SELECT target_id::int AS id, part FROM coverage_line WHERE run_id = $1 ORDER BY target_id`, [runId])) as { id: number; part: number }[];
  /** A part's write, each adding a tenth to the progress: whether it was written. */
  const write = async (runId: string, part: number, written: number[], given: number[]) =>
    (await runs.writePartial(runId, part, [], ZONE, { share: 0.1, ceiling: 0.9 }, { records: written.map((id) => line(id, ewkb)), targetIds: given })).written;
  const progressOf = async (runId: string) => Number((await db.query(`SELECT progress FROM analysis_run WHERE id = $1`, [runId]))[0].progress);

  it('a part written again (a retried or re-delivered job) replaces the lines of its targets, also of a target gone since', async () => {
    const runId = await runningRun();
    expect(await write(runId, 0, [1, 2, 3], [1, 2, 3])).toBe(true);
    expect(await write(runId, 1, [4, 5], [4, 5])).toBe(true);
    // Target 3 was deleted between the attempts: the retry no longer makes its line.
    expect(await write(runId, 0, [1, 2], [1, 2, 3])).toBe(true);
    // Each write added its share (a re-delivered part adds it again: progress is only shown, up to its ceiling).
    expect(await progressOf(runId)).toBeCloseTo(0.3);
    expect(await targetsOf(runId)).toEqual([
      { id: 1, part: 0 },
      { id: 2, part: 0 },
      { id: 4, part: 1 },
      { id: 5, part: 1 },
    ]);
  });

  it('a part of a run no longer running writes nothing', async () => {
    const runId = await runningRun();
    await runs.markFailed(runId, 'another part failed');
    expect(await write(runId, 0, [1], [1])).toBe(false);
    expect(await targetsOf(runId)).toEqual([]);
    expect(await progressOf(runId)).toBe(0);
  });

  it('other parts add their progress while one writes; dropping a failed run waits for the writer, then drops its lines too', async () => {
    const runId = await runningRun();
    expect(await write(runId, 0, [1], [1])).toBe(true);
    // A part in the middle of its write: the run's row held as writePartial holds it, a line in.
    const writer = db.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    try {
      await writer.query(`SELECT FROM analysis_run WHERE id = $1 AND status = 'running' FOR KEY SHARE`, [runId]);
      await writer.query(
        `INSERT INTO coverage_line (run_id, part, srid, target_id, properties, length_m, seen_m, lit_m, seen_or_lit_m, blind_spots, dark_spots, geom)
         VALUES ($1, 1, ${ZONE}, 2, '{}', 1, 0, 0, 0, 0, 0, ST_GeomFromEWKB($2))`,
        [runId, ewkb],
      );
      // Not blocked by the writer: another part written with its progress, and the failure of a third.
      expect(await write(runId, 2, [3], [3])).toBe(true);
      expect(await progressOf(runId)).toBeCloseTo(0.2);
      expect(await runs.markFailed(runId, 'part 3 failed')).not.toBeNull();
      let dropped = false;
      const drop = runs.dropPartials(runId).then(() => (dropped = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(dropped).toBe(false);
      await writer.commitTransaction();
      await drop;
    } finally {
      await writer.release();
    }
    expect(await targetsOf(runId)).toEqual([]);
  });
});
