import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { resultDigest, submitRun, SubmittedRun } from '../../bench/submit-run';
import { demoWorkers, type DemoWorkers } from '../../testing/demo-workers';
import { deleteCamera, moveCamera } from '../coverage/coverage-edit';

const PARAMS = { targets: 'roads', sources: ['cameras', 'streetlights'], occlusion: true };
const COUNTS = ['lines', 'lengthM', 'seenM', 'litM', 'seenOrLitM', 'blindSpots', 'darkSpots', 'cameras', 'streetlights', 'buildings'];

/**
 * A worker keeps its coverage inputs between runs (COVERAGE_CACHE_MAX_ROWS); one with the setting 0
 * reads them for every run. Both must give the same results, before and after edits.
 */
describe('coverage inputs kept by a worker between runs', () => {
  let demo: DemoWorkers;
  let db: DataSource;
  let keeping: Queue;
  let reading: Queue;

  beforeAll(async () => {
    demo = await demoWorkers();
    db = demo.db;
    const readingSettings = { queuePrefix: `${demo.config.queuePrefix}-reads`, coverageCacheMaxRows: 0 };
    await Promise.all([demo.start(), demo.start(readingSettings)]);
    keeping = demo.queue();
    reading = demo.queue(readingSettings);
  }, 120_000);
  afterAll(() => demo?.close());

  async function run(queue: Queue, params: object = PARAMS, options: { reuse?: boolean } = {}): Promise<SubmittedRun> {
    const r = await submitRun(db, queue, 'coverage', params, options);
    expect(r.status).toBe('succeeded');
    return r;
  }

  async function expectSame(a: SubmittedRun, b: SubmittedRun) {
    expect(await resultDigest(db, a.id)).toBe(await resultDigest(db, b.id));
    for (const key of COUNTS) expect([key, a.summary[key]]).toEqual([key, b.summary[key]]);
  }

  it('gives the results of reading every input per run, and follows edits at once', async () => {
    const first = await run(keeping);
    await expectSame(first, await run(reading));
    // The second run uses what the first kept.
    await expectSame(await run(keeping), first);

    // Plain SQL edits bump the layer versions: the next run must see them.
    await db.query(`UPDATE layer_cameras SET bearing_deg = mod(bearing_deg::numeric + 90, 360)::float8 WHERE id IN (SELECT id FROM layer_cameras ORDER BY id LIMIT 5)`);
    await db.query(`UPDATE layer_streetlights SET status = 'planned' WHERE id IN (SELECT id FROM layer_streetlights WHERE status = 'active' ORDER BY id LIMIT 20)`);
    await db.query(`UPDATE layer_buildings SET deleted_at = now() WHERE id IN (SELECT id FROM layer_buildings ORDER BY id LIMIT 200)`);
    const edited = await run(keeping);
    expect(await resultDigest(db, edited.id)).not.toBe(await resultDigest(db, first.id));
    expect(edited.summary.streetlights).toBe(Number(first.summary.streetlights) - 20);
    await expectSame(edited, await run(reading));

    // Other selections from the same kept layers: planned inputs included, a few lines, night mode.
    const [{ ids }] = await db.query(`SELECT array_agg(id::float8 ORDER BY id) AS ids FROM (SELECT id FROM layer_roads WHERE deleted_at IS NULL ORDER BY id LIMIT 40) r`);
    for (const params of [{ ...PARAMS, includePlanned: true }, { ...PARAMS, ids }, { ...PARAMS, night: true, dori: 'observe' }]) {
      await expectSame(await run(keeping, params), await run(reading, params));
    }
  }, 240_000);

  it('brings kept cameras up to date from an edit found by an incremental run, as if read again', async () => {
    await run(keeping, PARAMS, { reuse: true });
    const cameras: { id: number }[] = await db.query(`SELECT id::int AS id FROM layer_cameras WHERE status = 'active' AND deleted_at IS NULL ORDER BY id LIMIT 3`);
    await moveCamera(db, cameras[0].id, 0.0004, -0.0002);
    await deleteCamera(db, cameras[1].id);
    await db.query(
      `INSERT INTO layer_cameras (organisation_id, bearing_deg, hfov_deg, range_m, geom)
       SELECT organisation_id, 45, 90, 40, ST_Translate(geom, 0.0002, 0.0002) FROM layer_cameras WHERE id = $1`,
      [cameras[2].id],
    );
    const incremental = await run(keeping, PARAMS, { reuse: true });
    // Positions: the moved camera's old and new, the deleted one's (twice: as it is and as audited), the new one's.
    expect(incremental.summary.incremental).toMatchObject({ changedInputs: 5 });
    const read = await run(reading);
    expect(await resultDigest(db, incremental.id)).toBe(await resultDigest(db, read.id));
    // The next runs on the keeping worker use the kept cameras as the incremental run left them.
    await expectSame(await run(keeping), read);
    await expectSame(await run(keeping, { ...PARAMS, includePlanned: true }), await run(reading, { ...PARAMS, includePlanned: true }));
  }, 240_000);
});
