import { randomUUID } from 'node:crypto';
import { createDataSource } from '@mimamori/db';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { resultFeatures, submitRun, type SubmittedRun } from '../../bench/submit-run';
import { demoWorkers, type DemoWorkers } from '../../testing/demo-workers';
import { deleteCamera, moveCamera } from './coverage-edit';
import { CoverageReuseRepository } from './coverage-reuse.repository';

const PARAMS = { targets: 'roads', sources: ['cameras', 'streetlights'], occlusion: true };

describe('incremental coverage after a camera edit', () => {
  let demo: DemoWorkers;
  let db: DataSource;
  let queue: Queue;

  beforeAll(async () => {
    demo = await demoWorkers();
    db = demo.db;
    await demo.start();
    queue = demo.queue();
  }, 120_000);
  afterAll(() => demo?.close());

  const features = (runId: string) => resultFeatures(db, runId);

  /** The incremental run against a full recompute made right after it. */
  async function expectSameAsFull(incremental: { id: string; summary: Record<string, unknown> }) {
    const full = await submitRun(db, queue, 'coverage', PARAMS);
    expect(full.summary.incremental).toBeUndefined();
    expect(await features(incremental.id)).toEqual(await features(full.id));
    const s = incremental.summary;
    for (const key of ['lines', 'blindSpots', 'darkSpots', 'cameras', 'streetlights', 'buildings']) expect(s[key]).toBe(full.summary[key]);
    // What an incremental run keeps is derived from the earlier run's totals in whole centimetres: exactly the full run's.
    expect(s.lineTotals).toEqual(full.summary.lineTotals);
    // Kept lines are summed from their stored (rounded to the centimetre) lengths.
    for (const key of ['lengthM', 'seenM', 'litM', 'seenOrLitM']) {
      expect(Math.abs(Number(s[key]) - Number(full.summary[key]))).toBeLessThanOrEqual(0.005 * Number(full.summary.lines));
    }
  }

  it('recomputes only the lines near a moved camera, and equals a full recompute', async () => {
    const first = await submitRun(db, queue, 'coverage', PARAMS, { reuse: true });
    expect(first.status).toBe('succeeded');
    expect(first.summary.incremental).toBeUndefined();
    const [camera] = await db.query(`SELECT id::int AS id, range_m FROM layer_cameras WHERE status = 'active' AND deleted_at IS NULL ORDER BY id LIMIT 1`);

    // About 55 m east: the lines within its range of the old or the new position change.
    await moveCamera(db, camera.id, 0.0006, 0);
    const second = await submitRun(db, queue, 'coverage', PARAMS, { reuse: true });
    expect(second.status).toBe('succeeded');
    const inc = second.summary.incremental as { fromRun: string; changedInputs: number; recomputedLines: number };
    expect(inc.fromRun).toBe(first.id);
    expect(inc.changedInputs).toBe(2);
    expect(inc.recomputedLines).toBeGreaterThan(0);
    expect(inc.recomputedLines).toBeLessThan(Number(first.summary.lines) / 10);
    await expectSameAsFull(second);
  });

  it('also follows a deleted camera and reuses everything when nothing changed', async () => {
    const before = await submitRun(db, queue, 'coverage', PARAMS, { reuse: true });
    const [camera] = await db.query(`SELECT id::int AS id FROM layer_cameras WHERE status = 'active' AND deleted_at IS NULL ORDER BY id DESC LIMIT 1`);
    await deleteCamera(db, camera.id);
    const afterDelete = await submitRun(db, queue, 'coverage', PARAMS, { reuse: true });
    expect((afterDelete.summary.incremental as { fromRun: string }).fromRun).toBe(before.id);
    expect(afterDelete.summary.cameras).toBe(Number(before.summary.cameras) - 1);
    await expectSameAsFull(afterDelete);

    const unchanged = await submitRun(db, queue, 'coverage', PARAMS, { reuse: true });
    expect(unchanged.summary.incremental).toMatchObject({ changedInputs: 0, recomputedLines: 0 });
    expect(await features(unchanged.id)).toEqual(await features(afterDelete.id));
  });

  it('follows an edit still being written when the earlier run started reading (committed after it)', async () => {
    const [camera] = await db.query(`SELECT id::int AS id FROM layer_cameras WHERE status = 'active' AND deleted_at IS NULL ORDER BY id LIMIT 1 OFFSET 2`);
    const edit = db.createQueryRunner();
    await edit.connect();
    let before: SubmittedRun;
    try {
      await edit.startTransaction();
      await moveCamera(edit.manager, camera.id, -0.0005, 0.0002);
      // The edit's transaction is open: this run sees the camera where it was (in progress in its snapshot).
      before = await submitRun(db, queue, 'coverage', PARAMS, { reuse: true });
      expect(before.status).toBe('succeeded');
      await edit.commitTransaction();
    } finally {
      await edit.release();
    }
    const after = await submitRun(db, queue, 'coverage', PARAMS, { reuse: true });
    const inc = after.summary.incremental as { fromRun: string; changedInputs: number; recomputedLines: number };
    expect(inc.fromRun).toBe(before.id);
    expect(inc.changedInputs).toBe(2);
    expect(inc.recomputedLines).toBeGreaterThan(0);
    await expectSameAsFull(after);
  });

  it('recomputes everything after a plain SQL edit that left no audit entry (the old position is unknown)', async () => {
    const before = await submitRun(db, queue, 'coverage', PARAMS, { reuse: true });
    expect(before.status).toBe('succeeded');
    await db.query(`UPDATE layer_cameras SET geom = ST_Translate(geom, 0.0003, 0) WHERE id = (SELECT min(id) FROM layer_cameras WHERE deleted_at IS NULL)`);
    const after = await submitRun(db, queue, 'coverage', PARAMS, { reuse: true });
    expect(after.summary.incremental).toBeUndefined();
    await expectSameAsFull(after);
  });

  it('recomputes everything after a plain SQL delete (a row removed for good leaves no trace of where it was)', async () => {
    const before = await submitRun(db, queue, 'coverage', PARAMS, { reuse: true });
    expect(before.status).toBe('succeeded');
    await db.query(`DELETE FROM layer_cameras WHERE id = (SELECT max(id) FROM layer_cameras WHERE deleted_at IS NULL AND status = 'active')`);
    const after = await submitRun(db, queue, 'coverage', PARAMS, { reuse: true });
    expect(after.summary.incremental).toBeUndefined();
    expect(after.summary.cameras).toBe(Number(before.summary.cameras) - 1);
    await expectSameAsFull(after);
    // Runs after it are incremental again.
    await moveCamera(db, (await db.query(`SELECT min(id)::int AS id FROM layer_cameras WHERE deleted_at IS NULL`))[0].id, 0.0002, 0);
    const next = await submitRun(db, queue, 'coverage', PARAMS, { reuse: true });
    expect((next.summary.incremental as { fromRun: string }).fromRun).toBe(after.id);
    await expectSameAsFull(next);
  });

  it('records a run’s snapshot as it starts reading, without leaving its connection’s later commits asynchronous', async () => {
    // One connection: the statement's setting (its commit does not wait for the disk) must end with it.
    const one = createDataSource({ databaseUrl: demo.config.databaseUrl, applicationName: 'mimamori-test', poolSize: 1 });
    await one.initialize();
    try {
      const id = randomUUID();
      await one.query(`INSERT INTO analysis_run (id, type, params, fingerprint, status) VALUES ($1, 'coverage', $2, $3, 'running')`, [id, PARAMS, `test:${id}`]);
      await new CoverageReuseRepository(one).startReading(id, false, demo.config.metricSrid, { cameraM: 100, lightM: 30 }, ['roads', 'cameras']);
      const [row] = await one.query(`SELECT layer_versions ? 'cameras' AS cameras FROM analysis_run_snapshot WHERE run_id = $1`, [id]);
      expect(row).toEqual({ cameras: true });
      expect(await one.query(`SELECT current_setting('synchronous_commit') AS mode`)).toEqual([{ mode: 'on' }]);
      await one.query(`DELETE FROM analysis_run WHERE id = $1`, [id]);
    } finally {
      await one.destroy();
    }
  });
});
