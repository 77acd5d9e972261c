import { startAnalysisHarness, AnalysisHarness } from '../testing/analysis-harness';

/*
 * A hand-checkable scene in EPSG:6677, metres from an origin near Toyama:
 *   route: y = 0 from x = -100 to x = 100 (200 m)
 *   camera at (0, 10) looking south (180°), hfov 90°, range 30 m: it sees the route where the
 *     direction is within 45° of south, |x| ≤ 10 (distance ≤ √200 < 30), so 20 m = 10 %
 *   wall [0, 20] × [4, 6] between them: sight lines to (x, 0) cross y = 5 at x/2, inside the
 *     wall for every x in (0, 10], so with occlusion only [-10, 0] is seen: 10 m = 5 %
 *   streetlight at (50, 5), radius 13 m: lit where |x − 50| ≤ √(13² − 5²) = 12, so 24 m = 12 %
 */
describe('coverage analysis (real PostGIS + Redis)', () => {
  let h: AnalysisHarness;
  let routeId: number;

  const ORIGIN = [139.7125, 35.7035];
  const at = (x: number, y: number) =>
    `ST_Transform(ST_SetSRID(ST_MakePoint(o.x + ${x}, o.y + ${y}), 6677), 4326)`;
  const origin = `(SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint(${ORIGIN[0]}, ${ORIGIN[1]}), 4326), 6677) p) o`;

  async function insert(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await h.t.db.query(sql, params);
    return row.id;
  }

  beforeAll(async () => {
    h = await startAnalysisHarness();
    const org = h.t.orgs.city;
    routeId = await insert(
      `INSERT INTO layer_school_routes (organisation_id, school, name, geom)
       SELECT $1, '戸山小学校', 'test route', ST_Multi(ST_MakeLine(${at(-100, 0)}, ${at(100, 0)})) FROM ${origin} RETURNING id::int`,
      [org],
    );
    await insert(
      `INSERT INTO layer_cameras (organisation_id, bearing_deg, hfov_deg, range_m, resolution_px, status, geom)
       SELECT $1, 180, 90, 30, 1920, 'active', ${at(0, 10)} FROM ${origin} RETURNING id::int`,
      [org],
    );
    await insert(
      `INSERT INTO layer_buildings (organisation_id, geom)
       SELECT $1, ST_Multi(ST_Transform(ST_MakeEnvelope(o.x, o.y + 4, o.x + 20, o.y + 6, 6677), 4326)) FROM ${origin} RETURNING id::int`,
      [org],
    );
    await insert(
      `INSERT INTO layer_streetlights (organisation_id, lamp_type, radius_m, status, geom)
       SELECT $1, 'led', 13, 'active', ${at(50, 5)} FROM ${origin} RETURNING id::int`,
      [org],
    );
  }, 60_000);
  afterAll(() => h.close());

  const lineOf = (run: { features: { properties: Record<string, unknown> }[] }) => run.features.find((f) => f.properties.kind === 'line')!.properties;

  it('measures seen, lit and blind/dark stretches with occlusion', async () => {
    const run = await h.run('coverage', { targets: 'school-routes', ids: [routeId], minGapM: 0 });
    expect(run.status).toBe('succeeded');
    const line = lineOf(run);
    expect(line.lengthM).toBeCloseTo(200, 1);
    expect(line.seenM).toBeCloseTo(10, 1);
    expect(line.seenPct).toBeCloseTo(5, 1);
    expect(line.litM).toBeCloseTo(24, 1);
    expect(line.litPct).toBeCloseTo(12, 1);
    expect(line.seenOrLitPct).toBeCloseTo(17, 1);
    expect(run.summary).toMatchObject({ lines: 1, cameras: 1, streetlights: 1 });
    const blind = run.features.filter((f) => f.properties.kind === 'blind-spot').map((f) => f.properties.lengthM as number);
    expect(blind.sort((a, b) => a - b)).toEqual([expect.closeTo(90, 1), expect.closeTo(100, 1)]);
    const dark = run.features.filter((f) => f.properties.kind === 'dark-spot').map((f) => f.properties.lengthM as number);
    expect(dark.sort((a, b) => a - b)).toEqual([expect.closeTo(38, 1), expect.closeTo(138, 1)]);
    // Neither seen nor lit: x in [-100, -10], [0, 38], [62, 100]: the longest is 90 m.
    expect(line.longestDarkUnwatchedM).toBeCloseTo(90, 1);
  });

  it('sees through the wall when occlusion is off, and reports only long gaps', async () => {
    const run = await h.run('coverage', { ids: [routeId], occlusion: false, minGapM: 95 });
    const line = lineOf(run);
    expect(line.seenM).toBeCloseTo(20, 1);
    const blind = run.features.filter((f) => f.properties.kind === 'blind-spot');
    expect(blind).toHaveLength(0);
  });

  it('shortens the range to the DORI distance', async () => {
    // identify: 1920 / (250 × 2 × tan 45°) = 3.84 m, shorter than the 10 m to the route.
    const run = await h.run('coverage', { ids: [routeId], dori: 'identify', occlusion: false });
    expect(lineOf(run).seenM).toBeCloseTo(0, 3);
  });

  it('returns the finished run for an identical request and recomputes after a camera edit', async () => {
    const first = await h.run('coverage', { ids: [routeId], minGapM: 0 });
    const again = await h.run('coverage', { ids: [routeId], minGapM: 0 });
    expect(again.id).toBe(first.id);
    await h.t.db.query(`UPDATE layer_cameras SET bearing_deg = 0`);
    const edited = await h.run('coverage', { ids: [routeId], minGapM: 0 });
    expect(edited.id).not.toBe(first.id);
    expect(lineOf(edited).seenM).toBeCloseTo(0, 3);
    await h.t.db.query(`UPDATE layer_cameras SET bearing_deg = 180`);
  });

  it('finds the unseen road space of an area as blind-area polygons', async () => {
    const org = h.t.orgs.city;
    await insert(
      `INSERT INTO layer_roads (organisation_id, class, geom) SELECT $1, 'residential', ST_MakeLine(${at(-100, 0)}, ${at(100, 0)}) FROM ${origin} RETURNING id::int`,
      [org],
    );
    const run = await h.run('coverage', {
      targets: 'roads',
      area: { bbox: bboxAround(ORIGIN, 0.0015) },
      occlusion: false,
      roadHalfWidthM: 4,
    });
    expect(run.status).toBe('succeeded');
    const blindArea = run.features.filter((f) => f.properties.kind === 'blind-area').reduce((s, f) => s + (f.properties.areaM2 as number), 0);
    // Road space 200 m × 8 m = 1,600 m², minus what the camera sees of it (its 90° wedge down
    // to y = −4: the triangle-ish area |x| ≤ 10 + 4 … computed exactly by PostGIS below).
    const [{ expected }] = await h.t.db.query(
      `WITH o AS (SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint(${ORIGIN[0]}, ${ORIGIN[1]}), 4326), 6677) p),
        road AS (SELECT ST_Buffer(ST_MakeLine(ST_MakePoint(o.x - 100, o.y), ST_MakePoint(o.x + 100, o.y)), 4, 'endcap=flat join=round') g FROM o),
        wedge AS (SELECT ST_Intersection(ST_Buffer(ST_MakePoint(o.x, o.y + 10), 30, 256),
                    ST_MakePolygon(ST_MakeLine(ARRAY[ST_MakePoint(o.x, o.y + 10), ST_MakePoint(o.x - 100, o.y - 90), ST_MakePoint(o.x + 100, o.y - 90), ST_MakePoint(o.x, o.y + 10)]))) g FROM o)
       SELECT ST_Area(ST_Difference(road.g, wedge.g)) AS expected FROM road, wedge`,
    );
    expect(blindArea).toBeGreaterThan(0);
    expect(Math.abs(blindArea - expected) / expected).toBeLessThan(0.01);
  });

  it('refuses bad params with 400 and names the field', async () => {
    const token = await h.t.tokenFor('planner');
    const post = (params: unknown) => h.t.http().post('/api/analyses').set('Authorization', `Bearer ${token}`).send({ type: 'coverage', params });
    const cases: [unknown, string][] = [
      [{ targets: 'rivers' }, 'targets'],
      [{ area: { layer: 'beats', id: 999999 } }, 'area'],
      [{ area: { layer: 'cameras', id: 1 } }, 'area.layer'],
      [{ area: { bbox: [35.7, 139.7, 35.71, 139.71] } }, 'area.bbox'],
      [{ dori: 'see-everything' }, 'dori'],
      [{ minGapM: -1 }, 'minGapM'],
      [{ cameraDefaults: { resolutionPx: 0 } }, 'cameraDefaults.resolutionPx'],
      [{ ids: [routeId, 987654] }, 'ids'],
      [{ colour: 'red' }, 'colour'],
    ];
    for (const [params, field] of cases) {
      const res = await post(params);
      expect({ params, status: res.status, code: res.body.code, field: res.body.details?.field }).toEqual({ params, status: 400, code: 'INVALID_PARAMS', field });
    }
  });
});

function bboxAround([lon, lat]: number[], d: number): [number, number, number, number] {
  return [lon - d, lat - d, lon + d, lat + d];
}
