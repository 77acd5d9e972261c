import type { DataSource } from 'typeorm';
import { createDataSource, initDataSource } from '../data-source';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { DemoRepository } from './demo.repository';
import type { DemoRow } from './demo-types';
import { seedDemoUsers } from './demo-users';

const building = (externalId: string, ring: number[][]): DemoRow => ({
  externalId,
  sample: false,
  properties: { name: externalId },
  extra: { demo: 'shinjuku' },
  geometry: { type: 'Polygon', coordinates: [ring] },
});

describe('DemoRepository (real PostGIS)', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await initDataSource(createDataSource({ databaseUrl: db.url, applicationName: 'demo-repository-spec' }));
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('repairs an invalid polygon, skips one that is empty after repair, and flags what it repaired', async () => {
    const { city } = await seedDemoUsers(ds);
    const repo = new DemoRepository(ds.manager);
    // A 2 × 2 bow-tie (self-intersecting at its centre) is two triangles of 1 unit² each; a
    // ring whose points lie on one line has no area at all.
    const o = [139.7, 35.7];
    const d = 0.0001;
    const result = await repo.insertRows('buildings', city, [
      building('square', [o, [o[0] + d, o[1]], [o[0] + d, o[1] + d], [o[0], o[1] + d], o]),
      building('bow-tie', [o, [o[0] + 2 * d, o[1] + 2 * d], [o[0] + 2 * d, o[1]], [o[0], o[1] + 2 * d], o]),
      building('flat', [o, [o[0] + d, o[1]], [o[0] + 2 * d, o[1]], o]),
    ]);

    expect(result).toEqual({ inserted: 2, repaired: 1, skipped: 1 });
    const rows: { name: string; parts: number; valid: boolean; ratio: number; repaired: boolean }[] = await ds.query(
      `SELECT name, ST_NumGeometries(geom) AS parts, ST_IsValid(geom) AS valid, extra ? 'geom_repaired' AS repaired,
              ST_Area(geom) / ${d * d} AS ratio
       FROM layer_buildings ORDER BY name`,
    );
    expect(rows.map((r) => ({ ...r, ratio: Math.round(r.ratio * 1000) / 1000 }))).toEqual([
      { name: 'bow-tie', parts: 2, valid: true, ratio: 2, repaired: true },
      { name: 'square', parts: 1, valid: true, ratio: 1, repaired: false },
    ]);
    const counts = await repo.counts();
    expect(counts.buildings).toEqual({ rows: 2, sample: 0, repaired: 1 });
  });

  it('rejects a property the layer does not have', async () => {
    const { city } = await seedDemoUsers(ds);
    const row = { ...building('x', []), properties: { name: 'x', colour: 'red' } };
    await expect(new DemoRepository(ds.manager).insertRows('buildings', city, [row])).rejects.toThrow('"colour" is not a property of the layer');
  });
});
