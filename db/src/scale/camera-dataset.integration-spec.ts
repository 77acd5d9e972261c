import type { DataSource } from 'typeorm';
import { createDataSource, initDataSource } from '../data-source';
import { loadDemo } from '../demo/demo-loader';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { densifyCameras } from './camera-dataset';

describe('densifyCameras (real PostGIS)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const snapshot = () =>
    ds.query(`SELECT external_id, round(ST_X(geom)::numeric, 7)::text AS x, round(ST_Y(geom)::numeric, 7)::text AS y, bearing_deg FROM layer_cameras WHERE external_id LIKE '%#dense%' ORDER BY external_id`);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await initDataSource(createDataSource({ databaseUrl: db.url, applicationName: 'camera-dataset-spec' }));
    await loadDemo(ds);
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('adds cameras up to the total, near their originals, the same on every run', async () => {
    const [{ base }] = await ds.query(`SELECT count(*)::int AS base FROM layer_cameras WHERE deleted_at IS NULL`);
    const total = base * 3 + 7;
    expect(await densifyCameras(ds, total)).toBe(total);
    const first = await snapshot();
    expect(first).toHaveLength(total - base);

    // Each copy lies within ±0.0015° of its original and looks at most 45° away from it.
    const [far] = await ds.query(
      `SELECT max(greatest(abs(ST_X(c.geom) - ST_X(o.geom)), abs(ST_Y(c.geom) - ST_Y(o.geom)))) AS offset,
              max(least(abs(c.bearing_deg - o.bearing_deg), 360 - abs(c.bearing_deg - o.bearing_deg))) AS turn
         FROM layer_cameras c JOIN layer_cameras o ON o.external_id = split_part(c.external_id, '#dense', 1) AND o.organisation_id = c.organisation_id
        WHERE c.external_id LIKE '%#dense%'`,
    );
    expect(far.offset).toBeLessThanOrEqual(0.0015 + 1e-9);
    expect(far.turn).toBeLessThanOrEqual(45 + 1e-9);

    // A second run replaces the generated cameras with the same ones.
    expect(await densifyCameras(ds, total)).toBe(total);
    expect(await snapshot()).toEqual(first);
  });

  it('refuses a total that is not a positive integer', async () => {
    await expect(densifyCameras(ds, 0)).rejects.toThrow(/cameras must be an integer/);
    await expect(densifyCameras(ds, 1.5)).rejects.toThrow(/cameras must be an integer/);
  });
});
