import { loadDemo } from '@mimamori/db';
import { parseOrLibraryScp, parseSpoptSanFrancisco } from '@mimamori/workers/kernels';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisHarness, FinishedRun, startAnalysisHarness } from '../testing/analysis-harness';

const BENCHMARKS = join(__dirname, '../../../db/data/benchmarks');
const read = (path: string) => readFileSync(join(BENCHMARKS, path), 'utf8');

/*
 * Geographic scene in EPSG:6677, metres from an origin near Toyama. Route y = 0 from x = 0 to
 * 100, demand every 5 m (21 points; the ends stand for 2.5 m, the others for 5 m). Candidate
 * cameras: hfov 90°, range 30 m, bearings every 90°.
 *   existing camera at (22, −10) facing north sees |x − 22| ≤ 10: x = 15…30, 20 m already covered
 *   P1 (22, 12), 100,000 yen: west x ∈ [−5.5, 10] → 0, 5, 10 = 12.5 m; east x ∈ [34, 49.5] →
 *     35, 40, 45 = 15 m; south |x − 22| ≤ 12 → only 10 is new = 5 m
 *   P2 (72, 10): west x ∈ [43.7, 62] → 45…60 = 20 m; south |x − 72| ≤ 10 → 65…80, but the wall
 *     [73, 90] × [4, 6] hides 75 and 80 → 10 m; east → 85…100, all behind the wall
 *   P3 (50, 45): 45 m from the route, sees nothing
 * Best single camera: P2 west, 20 m (without the wall P2 south would give 25 m; without the
 * existing camera P1 south would). Best pair: P2 west + P1 west, 32.5 m (disjoint). Nobody can
 * see 75…100: 6 points, 27.5 m.
 * A block [−3, 12] × [−5, 5] (150 m²) with 3 crimes in 2025: 20,000 per km².
 * A road y = 2 from x = 50 to 150, 2 m beside the route up to x = 100.
 */
const ORIGIN = [139.7125, 35.7035];
const origin = `(SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint(${ORIGIN[0]}, ${ORIGIN[1]}), 4326), 6677) p) o`;
const at = (x: number, y: number) => `ST_Transform(ST_SetSRID(ST_MakePoint(o.x + ${x}, o.y + ${y}), 6677), 4326)`;

type Properties = Record<string, unknown>;
const ofKind = (run: FinishedRun, kind: string) => run.features.filter((f) => f.properties.kind === kind);

describe('siting analysis (real PostGIS + Redis, in-process worker)', () => {
  let h: AnalysisHarness;
  let routeId: number;
  let roadId: number;
  let candidates: { lon: number; lat: number; costYen?: number }[];

  const post = async (params: unknown) =>
    h.t.http().post('/api/analyses').set('Authorization', `Bearer ${await h.t.tokenFor('planner')}`).send({ type: 'siting', params });
  const runCount = async () => Number((await h.t.db.query(`SELECT count(*) AS n FROM analysis_run`))[0].n);
  const scene = (extra: object) => ({ ids: [routeId], candidates, candidateSources: [], bearingStepDeg: 90, ...extra });

  beforeAll(async () => {
    h = await startAnalysisHarness();
    const org = h.t.orgs.city;
    const [route] = await h.t.db.query(
      `INSERT INTO layer_school_routes (organisation_id, school, name, geom)
       SELECT $1, '戸山小学校', 'siting test route', ST_Multi(ST_MakeLine(${at(0, 0)}, ${at(100, 0)})) FROM ${origin} RETURNING id::int`,
      [org],
    );
    routeId = route.id;
    await h.t.db.query(
      `INSERT INTO layer_cameras (organisation_id, bearing_deg, hfov_deg, range_m, status, geom)
       SELECT $1, 0, 90, 30, 'active', ${at(22, -10)} FROM ${origin}`,
      [org],
    );
    await h.t.db.query(
      `INSERT INTO layer_buildings (organisation_id, geom)
       SELECT $1, ST_Multi(ST_Transform(ST_MakeEnvelope(o.x + 73, o.y + 4, o.x + 90, o.y + 6, 6677), 4326)) FROM ${origin}`,
      [org],
    );
    await h.t.db.query(
      `INSERT INTO layer_blocks (organisation_id, code, name, crimes, geom)
       SELECT $1, 'T-SITING', 'テスト町', '{"2025": {"total": 3, "burglary": 1}}'::jsonb,
              ST_Multi(ST_Transform(ST_MakeEnvelope(o.x - 3, o.y - 5, o.x + 12, o.y + 5, 6677), 4326)) FROM ${origin}`,
      [org],
    );
    const [road] = await h.t.db.query(
      `INSERT INTO layer_roads (organisation_id, class, geom) SELECT $1, 'residential', ST_MakeLine(${at(50, 2)}, ${at(150, 2)}) FROM ${origin} RETURNING id::int`,
      [org],
    );
    roadId = road.id;
    const points: { lon: number; lat: number }[] = await h.t.db.query(
      `SELECT ST_X(g) AS lon, ST_Y(g) AS lat FROM ${origin}, LATERAL (VALUES (1, ${at(22, 12)}), (2, ${at(72, 10)}), (3, ${at(50, 45)})) v(i, g) ORDER BY i`,
    );
    candidates = points.map((p, i) => (i === 0 ? { ...p, costYen: 100_000 } : p));
  }, 60_000);
  afterAll(() => h.close());

  describe('explicit matrices: the public benchmarks through POST /api/analyses', () => {
    it('spopt San Francisco, p = 4 within 5,000 m: the POP2000 optimum covers 184 of 205 tracts', async () => {
      const sf = parseSpoptSanFrancisco(
        read('spopt-sf/SF_demand_205_centroid_uniform_weight.csv'),
        read('spopt-sf/SF_store_site_16_longlat.csv'),
        read('spopt-sf/SF_network_distance_candidateStore_16_censusTract_205_new.csv'),
      );
      const run = await h.run('siting', {
        objective: 'max-coverage',
        k: 4,
        matrix: { demand: sf.population, distances: sf.distances, serviceDistance: 5000 },
      });
      expect(run.status).toBe('succeeded');
      expect(run.summary).toMatchObject({ mode: 'matrix', coveredDemand: 184, objective: 875_247, optimal: true, gap: 0, candidates: 16, demandPoints: 205 });
      const selected = run.summary.selected as number[];
      expect(selected.map((j) => sf.stores[j]).sort()).toEqual(['Store_11', 'Store_12', 'Store_15', 'Store_2']);
      const sites = ofKind(run, 'site');
      expect(sites.map((f) => f.properties.candidate)).toEqual(selected);
      expect(sites.every((f) => f.geometry === null)).toBe(true);
      expect(sites.at(-1)!.properties.cumulativeGain).toBe(875_247);
    });

    it('OR-Library scp41, min-cost-cover: reaches the published optimum 429 and proves it', async () => {
      const scp = parseOrLibraryScp(read('orlib-scp41/scp41.txt'));
      const run = await h.run('siting', {
        objective: 'min-cost-cover',
        matrix: { demand: new Array<number>(scp.numRows).fill(1), coverage: scp.coverage, costs: scp.costs },
      });
      expect(run.status).toBe('succeeded');
      expect(run.summary).toMatchObject({ objective: 429, totalCost: 429, optimal: true, coveredDemand: 200, feasible: true, uncoverableCount: 0 });
      const selected = run.summary.selected as number[];
      expect(selected.reduce((sum, j) => sum + scp.costs[j], 0)).toBe(429);
    });

    it('min-cost-cover that cannot cover everything says which demand no candidate covers', async () => {
      const run = await h.run('siting', { objective: 'min-cost-cover', matrix: { demand: [1, 1, 1, 1], coverage: [[0, 1], [1], [3]] } });
      expect(run.status).toBe('succeeded');
      expect(run.summary).toMatchObject({ feasible: false, uncoverable: [2], uncoverableCount: 1, coveredDemand: 3, selected: [0, 2], totalCost: 2 });
    });

    it('answers bad matrices with 400 INVALID_PARAMS naming the field, storing nothing', async () => {
      const before = await runCount();
      const cases: [unknown, string][] = [
        [{ objective: 'max-coverage', k: 3, matrix: { demand: [1, 1], coverage: [[0], [1]] } }, 'k'],
        [{ k: 1, matrix: { demand: [1, 1], coverage: [[0], [5]] } }, 'matrix.coverage[1][0]'],
        [{ k: 1, matrix: { demand: [1], coverage: [[0]] }, colour: 'red' }, 'colour'],
        [{ k: 1, camera: { hfovDeg: 400 } }, 'camera.hfovDeg'],
        [{ k: 1001 }, 'k'],
      ];
      for (const [params, field] of cases) {
        const res = await post(params);
        expect({ status: res.status, code: res.body.code, field: res.body.details?.field }).toEqual({ status: 400, code: 'INVALID_PARAMS', field });
      }
      expect(await runCount()).toBe(before);
    });
  });

  describe('geographic mode on a hand-made scene', () => {
    it('k = 1: the camera adding the most unseen metres, with the wall and the existing camera counted', async () => {
      const run = await h.run('siting', scene({ k: 1 }));
      expect(run.status).toBe('succeeded');
      expect(run.summary).toMatchObject({ mode: 'geographic', selected: ['candidates[1]'], candidates: 3, placements: 12, demandPoints: 21, existingCameras: 1, totalCost: 250_000 });
      expect(run.summary.objective).toBeCloseTo(20, 2);
      expect(run.summary.demandM).toBeCloseTo(100, 2);
      expect(run.summary.alreadyCoveredM).toBeCloseTo(20, 2);
      const [site] = ofKind(run, 'site');
      expect(site.properties).toMatchObject({ rank: 1, siteId: 'candidates[1]', bearingDeg: 270, hfovDeg: 90, rangeM: 30, costYen: 250_000, marginalGainM: 20, cumulativeGainM: 20 });
      expect(site.geometry).toEqual({ type: 'Point', coordinates: [expect.closeTo(candidates[1].lon, 7), expect.closeTo(candidates[1].lat, 7)] });
      const [sector] = ofKind(run, 'sector');
      expect(sector.geometry).toMatchObject({ type: 'Polygon' });
      expect(sector.properties).toMatchObject({ rank: 1, bearingDeg: 270 });
    });

    it('k = 2: the best pair covers 32.5 m more, and 27.5 m stay out of every candidate\'s sight', async () => {
      const run = await h.run('siting', scene({ k: 2 }));
      expect(run.summary).toMatchObject({ selected: ['candidates[1]', 'candidates[0]'], optimal: true, totalCost: 350_000 });
      expect(run.summary.objective).toBeCloseTo(32.5, 2);
      expect(run.summary.coveredM).toBeCloseTo(52.5, 2);
      expect(run.summary.uncoverable).toEqual({ demandPoints: 6, demandM: 27.5 });
      expect(run.summary.coverageCurve).toEqual([
        { cameras: 1, objective: 20 },
        { cameras: 2, objective: 32.5 },
      ]);
      expect(ofKind(run, 'site').map((f) => [f.properties.bearingDeg, f.properties.marginalGainM])).toEqual([
        [270, 20],
        [270, 12.5],
      ]);
    });

    it('a 300,000 yen budget buys the two cheap cameras at P1 (27.5 m) rather than P2 west (20 m)', async () => {
      const run = await h.run('siting', scene({ budgetYen: 300_000 }));
      expect(run.summary).toMatchObject({ selected: ['candidates[0]', 'candidates[0]'], totalCost: 200_000 });
      expect(run.summary.objective).toBeCloseTo(27.5, 2);
    });

    it('min-cost-cover: four cameras cover every coverable point and the rest is reported', async () => {
      const run = await h.run('siting', scene({ objective: 'min-cost-cover' }));
      expect(run.status).toBe('succeeded');
      expect(run.summary).toMatchObject({ feasible: false, totalCost: 700_000, uncoverable: { demandPoints: 6, demandM: 27.5 } });
      expect((run.summary.selected as string[]).sort()).toEqual(['candidates[0]', 'candidates[0]', 'candidates[1]', 'candidates[1]']);
      expect(run.summary.coveredM).toBeCloseTo(72.5, 2);
    });

    it('weights crime: 1 + 0.0001 × 20,000/km² triples x = 0…10, so P1 west (37.5 weighted m) wins', async () => {
      const run = await h.run('siting', scene({ k: 1, weights: { crime: 0.0001 } }));
      expect(run.summary).toMatchObject({ selected: ['candidates[0]'] });
      expect(run.summary.objective).toBeCloseTo(37.5, 2);
      expect(run.summary.demandWeightM).toBeCloseTo(125, 2);
      expect(ofKind(run, 'site')[0].properties).toMatchObject({ bearingDeg: 270, marginalGainM: 37.5 });
    });

    it('roads as targets: stretches within 10 m of a school route weigh double; bearings follow the road', async () => {
      // Road points x = 50…105 lie within 10 m of the route (2.5 + 11 × 5 = 57.5 m doubled); x = 110 is 10.2 m away.
      // P2 snaps to the road 8 m away (bearings 90° and 270°); P1 and P3 are farther than 15 m: four steps each.
      // P2 west sees road points 50, 55, 60: (2.5 + 5 + 5) × 2 = 25 weighted m.
      const run = await h.run('siting', { ...scene({ k: 1 }), targets: 'roads', ids: [roadId], bearings: 'along-road' });
      expect(run.status).toBe('succeeded');
      expect(run.summary).toMatchObject({ selected: ['candidates[1]'], placements: 10, alreadyCoveredM: 0 });
      expect(run.summary.demandM).toBeCloseTo(100, 2);
      expect(run.summary.demandWeightM).toBeCloseTo(157.5, 2);
      expect(run.summary.objective).toBeCloseTo(25, 2);
      expect(ofKind(run, 'site')[0].properties.bearingDeg).toBe(270);
    });

    it('fails the run clearly when k exceeds the placements the map yields', async () => {
      const run = await h.run('siting', scene({ k: 13 }));
      expect(run.status).toBe('failed');
      expect(run.error).toContain('k (13) is larger than the 12 candidate placements');
    });
  });

  it('runs on the full Shinjuku demo with k = 5: five sites in Japan, each adding coverage', async () => {
    const demo = await loadDemo(h.t.db);
    expect(demo.action).toBe('loaded');
    const started = Date.now();
    const run = await h.run('siting', { k: 5 });
    const seconds = (Date.now() - started) / 1000;
    expect(run.status).toBe('succeeded');
    const sites = ofKind(run, 'site');
    expect(sites).toHaveLength(5);
    for (const site of sites) {
      const [lon, lat] = (site.geometry as { coordinates: number[] }).coordinates;
      expect(lon).toBeGreaterThan(139.6);
      expect(lon).toBeLessThan(139.8);
      expect(lat).toBeGreaterThan(35.6);
      expect(lat).toBeLessThan(35.8);
      expect(site.properties.marginalGainM as number).toBeGreaterThan(0);
    }
    const gains = sites.map((s) => (s.properties as Properties).marginalGainM as number);
    expect([...gains].sort((a, b) => b - a)).toEqual(gains);
    expect(ofKind(run, 'sector')).toHaveLength(5);
    const s = run.summary;
    expect(s.objective as number).toBeCloseTo(gains.reduce((a, b) => a + b, 0), 1);
    expect(s.candidates as number).toBeGreaterThan(100);
    expect(s.demandM as number).toBeGreaterThan(1000);
    console.log(
      `siting on the demo: ${seconds.toFixed(1)} s for ${s.demandPoints} demand points (${s.demandM} m), ${s.candidates} sites, ` +
        `${s.placements} placements, ${s.existingCameras} existing cameras; objective ${s.objective} m, method ${s.method}, gap ${s.gap}`,
    );
    expect(seconds).toBeLessThan(60);
  }, 120_000);
});
