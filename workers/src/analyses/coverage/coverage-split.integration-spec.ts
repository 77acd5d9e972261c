import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { resultFeatures, submitRun } from '../../bench/submit-run';
import { demoWorkers, type DemoWorkers } from '../../testing/demo-workers';
import { COVERAGE_SPLIT } from './coverage-split';

const PARAMS = { targets: 'roads', sources: ['cameras', 'streetlights'], occlusion: true };
const SINGLE = { ...COVERAGE_SPLIT };

describe('coverage split by tile across workers', () => {
  let demo: DemoWorkers;
  let db: DataSource;
  let queue: Queue;

  beforeAll(async () => {
    demo = await demoWorkers();
    db = demo.db;
    await Promise.all([demo.start({}, { concurrency: 1 }), demo.start({}, { concurrency: 1 })]);
    queue = demo.queue();
  }, 120_000);
  afterEach(() => Object.assign(COVERAGE_SPLIT, SINGLE));
  afterAll(() => demo?.close());

  const features = (runId: string) => resultFeatures(db, runId);
  const withoutTimings = ({ timingsMs: _t, parts: _p, ...rest }: Record<string, unknown>) => rest;

  it('gives exactly the single-job result: the same features with the same numbers and geometry, the same summary', async () => {
    Object.assign(COVERAGE_SPLIT, { minTargets: Number.MAX_SAFE_INTEGER });
    const single = await submitRun(db, queue, 'coverage', PARAMS);
    Object.assign(COVERAGE_SPLIT, { minTargets: 1, minCellM: 300, maxParts: 12 });
    const split = await submitRun(db, queue, 'coverage', PARAMS);

    expect(single.status).toBe('succeeded');
    expect(split.status).toBe('succeeded');
    expect(single.summary.parts).toBeUndefined();
    expect(split.summary.parts).toBeGreaterThanOrEqual(8);
    expect(withoutTimings(split.summary)).toEqual(withoutTimings(single.summary));
    expect(Number(split.summary.lines)).toBeGreaterThan(500);

    const [a, b] = [await features(single.id), await features(split.id)];
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    const [{ progress }] = await db.query(`SELECT progress FROM analysis_run WHERE id = $1`, [split.id]);
    expect(progress).toBe(1);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM analysis_partial`);
    expect(n).toBe(0);
  });

  it('keeps runs over fewer lines than the threshold as one job', async () => {
    Object.assign(COVERAGE_SPLIT, { minTargets: 100_000, minCellM: 300 });
    const run = await submitRun(db, queue, 'coverage', { targets: 'roads', sources: ['streetlights'] });
    expect(run.status).toBe('succeeded');
    expect(run.summary.parts).toBeUndefined();
  });
});
