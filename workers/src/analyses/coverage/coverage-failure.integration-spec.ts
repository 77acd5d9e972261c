import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { submitRun } from '../../bench/submit-run';
import { demoWorkers, type DemoWorkers } from '../../testing/demo-workers';

const PARAMS = { targets: 'roads', sources: ['streetlights'], minGapM: 0 };
const ZONE = 6677;
const LIGHTS = 4200;

describe('a coverage run failing while its lines are written', () => {
  let demo: DemoWorkers;
  let db: DataSource;
  let queue: Queue;

  beforeAll(async () => {
    demo = await demoWorkers();
    db = demo.db;
    await demo.start({}, { concurrency: 1 });
    queue = demo.queue();
  }, 120_000);
  afterAll(() => demo?.close());

  const linesOf = async (runId: string) => (await db.query(`SELECT count(*)::int AS n FROM coverage_line WHERE run_id = $1`, [runId]))[0].n;

  it('fails with the reason, keeps none of its lines, and leaves earlier results whole', async () => {
    const before = await submitRun(db, queue, 'coverage', PARAMS);
    expect(before.status).toBe('succeeded');
    const kept = await linesOf(before.id);
    expect(kept).toBe(before.summary.lines);

    // A new road 3 km north of the others (its id is the largest: it is made and written last),
    // lit by a row of small lamps 1.5 m apart: 4,199 dark gaps, more than a line's features can number.
    await db.query(
      `WITH north AS (SELECT ST_XMin(e) AS x, ST_YMax(e) + 3000 AS y FROM (SELECT ST_Extent(ST_Transform(geom, ${ZONE})) AS e FROM layer_roads) r),
            org AS (SELECT organisation_id AS id FROM layer_roads LIMIT 1),
            road AS (
              INSERT INTO layer_roads (organisation_id, class, name, geom)
              SELECT org.id, 'residential', 'crowded lamps', ST_Transform(ST_SetSRID(ST_MakeLine(ST_MakePoint(x, y), ST_MakePoint(x + $1 * 1.5, y)), ${ZONE}), 4326)
                FROM north, org RETURNING id)
       INSERT INTO layer_streetlights (organisation_id, radius_m, geom)
       SELECT org.id, 0.5, ST_Transform(ST_SetSRID(ST_MakePoint(x + 0.75 + 1.5 * i, y), ${ZONE}), 4326)
         FROM north, org, road, generate_series(0, $1 - 1) i`,
      [LIGHTS],
    );

    const failed = await submitRun(db, queue, 'coverage', PARAMS);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/crowded lamps has 4\d{3} blind and dark spots, more than 4095: ask for a larger minGapM/);
    expect(await linesOf(failed.id)).toBe(0);
    const [run] = await db.query(`SELECT summary FROM analysis_run WHERE id = $1`, [failed.id]);
    expect(run.summary).toBeNull();

    const [earlier] = await db.query(`SELECT status FROM analysis_run WHERE id = $1`, [before.id]);
    expect(earlier.status).toBe('succeeded');
    expect(await linesOf(before.id)).toBe(kept);
  });
});
