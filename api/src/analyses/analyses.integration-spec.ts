import { ANALYSIS_TYPES, QueueName, RunningWorker, startWorker } from '@mimamori/workers';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createTestApp, TestApp } from '../testing/test-app';

/*
 * Two 100 m × 100 m beats side by side in Shinjuku (metres east/north of a point near Toyama,
 * laid out in EPSG:6677), with blocks whose households straddle them:
 *   beat A = [0,100]×[0,100], beat B = [100,200]×[0,100]
 *   block 1 = [0,150]×[0,100]: 300 households, 600 people → 2/3 in A, 1/3 in B
 *   block 2 = [150,250]×[0,100]: 80 households, 100 people → 1/2 in B
 * so A has 200 households / 400 people and B 100 + 40 = 140 / 200 + 50 = 250.
 * A road along y = 50 from x = -50 to 250 gives 100 m in each beat.
 */
const ORIGIN = [139.7125, 35.7035];
type Box = [number, number, number, number];

interface SseEvent {
  runId: string;
  status: string;
  progress: number;
  message?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('analyses: POST → queue → worker → results (real PostGIS + Redis)', () => {
  let t: TestApp;
  let worker: RunningWorker;
  let redis: Redis;
  let queue: Queue;
  let police: string;
  let beatA: number;
  let beatB: number;

  const auth = () => ({ Authorization: `Bearer ${police}` });
  const post = (body: object, token = police) => t.http().post('/api/analyses').set('Authorization', `Bearer ${token}`).send(body);
  const runCount = async () => Number((await t.db.query(`SELECT count(*) AS n FROM analysis_run`))[0].n);

  async function insert(table: string, columns: string[], values: unknown[], geometry: string): Promise<number> {
    const placeholders = columns.map((_, i) => `$${i + 1}`);
    const rows = await t.db.query(
      `WITH o AS (SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint(${ORIGIN[0]}, ${ORIGIN[1]}), 4326), 6677) p)
       INSERT INTO ${table} (organisation_id, ${columns.join(', ')}, geom)
       SELECT '${t.orgs.police}', ${placeholders.join(', ')}, ${geometry} FROM o RETURNING id::int AS id`,
      values,
    );
    return rows[0].id;
  }
  const square = ([x0, y0, x1, y1]: Box) =>
    `ST_Multi(ST_Transform(ST_MakeEnvelope(o.x + ${x0}, o.y + ${y0}, o.x + ${x1}, o.y + ${y1}, 6677), 4326))`;
  const point = (x: number, y: number) => `ST_Transform(ST_SetSRID(ST_MakePoint(o.x + ${x}, o.y + ${y}), 6677), 4326)`;
  const camera = (x: number, y: number, status: string) =>
    insert('layer_cameras', ['bearing_deg', 'hfov_deg', 'range_m', 'status'], [90, 60, 30, status], point(x, y));

  async function waitForTerminal(id: string, timeoutMs = 30000): Promise<Record<string, unknown>> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const res = await t.http().get(`/api/analyses/${id}`).set(auth()).expect(200);
      if (['succeeded', 'failed', 'cancelled'].includes(res.body.status)) return res.body;
      if (Date.now() > until) throw new Error(`run ${id} still ${res.body.status} after ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
      await sleep(50);
    }
  }
  const featureCount = async (runId: string) =>
    Number((await t.db.query(`SELECT count(*) AS n FROM analysis_result WHERE run_id = $1`, [runId]))[0].n);

  /** The whole SSE stream of a run (it ends after a terminal state); `onOpen` runs at its first bytes. */
  function readEvents(id: string, onOpen: () => void = () => undefined) {
    return t
      .http()
      .get(`/api/analyses/${id}/events`)
      .set(auth())
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text === '') onOpen();
          text += chunk;
        });
        res.on('end', () => done(null, text));
      })
      .then((res) => ({
        contentType: res.headers['content-type'] as string,
        events: (res.body as string)
          .split('\n\n')
          .filter((block) => block.startsWith('data: '))
          .map((block) => JSON.parse(block.slice('data: '.length)) as SseEvent),
      }));
  }

  beforeAll(async () => {
    t = await createTestApp();
    worker = await startWorker(t.config, { logger: false });
    redis = new Redis(t.config.redisUrl, { maxRetriesPerRequest: null });
    queue = new Queue(QueueName.Analyses, { connection: redis, prefix: t.config.queuePrefix });
    police = await t.tokenFor('police');

    beatA = await insert('layer_beats', ['code', 'name', 'post'], ['T-A', '戸山一丁目', '戸山交番'], square([0, 0, 100, 100]));
    beatB = await insert('layer_beats', ['code', 'name', 'post'], ['T-B', '戸山二丁目', '戸山交番'], square([100, 0, 200, 100]));
    await insert('layer_blocks', ['code', 'name', 'households', 'population'], ['B1', 'ブロック1', 300, 600], square([0, 0, 150, 100]));
    await insert('layer_blocks', ['code', 'name', 'households', 'population'], ['B2', 'ブロック2', 80, 100], square([150, 0, 250, 100]));
    await camera(20, 20, 'active');
    await camera(80, 50, 'active');
    await camera(120, 50, 'active');
    await camera(150, 60, 'planned');
    await insert('layer_streetlights', ['radius_m', 'status'], [15, 'active'], point(50, 40));
    await insert('layer_streetlights', ['radius_m', 'status'], [15, 'out_of_service'], point(130, 40));
    await insert('layer_facilities', ['kind', 'name'], ['koban', '戸山交番'], point(10, 90));
    await insert('layer_facilities', ['kind', 'name'], ['school', '戸山小学校'], point(110, 90));
    await t.db.query(
      `WITH o AS (SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint($2, $3), 4326), 6677) p)
       INSERT INTO layer_roads (organisation_id, class, geom)
       SELECT $1, 'residential', ST_Transform(ST_SetSRID(ST_MakeLine(ST_MakePoint(o.x - 50, o.y + 50), ST_MakePoint(o.x + 250, o.y + 50)), 6677), 4326) FROM o`,
      [t.orgs.police, ORIGIN[0], ORIGIN[1]],
    );
  });

  afterAll(async () => {
    await worker?.stop();
    await queue?.obliterate({ force: true });
    await queue?.close();
    redis?.disconnect();
    await t?.close();
  });

  it('refuses anonymous runs with 401 and stores nothing', async () => {
    const res = await t.http().post('/api/analyses').send({ type: 'beat-stats' }).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(await runCount()).toBe(0);
  });

  it('rejects an unknown type with 400 UNKNOWN_ANALYSIS_TYPE listing the known ones', async () => {
    const res = await post({ type: 'crystal-ball', params: {} }).expect(400);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_ANALYSIS_TYPE', details: { known: [...ANALYSIS_TYPES] } });
    expect(res.body.message).toContain('beat-stats');
    expect(await runCount()).toBe(0);
  });

  it('rejects bad params with 400 INVALID_PARAMS naming the field', async () => {
    const badId = await post({ type: 'beat-stats', params: { ids: [beatA, 'B'] } }).expect(400);
    expect(badId.body).toMatchObject({ code: 'INVALID_PARAMS', details: { field: 'ids[1]' } });
    const unknown = await post({ type: 'beat-stats', params: { radiusM: 5 } }).expect(400);
    expect(unknown.body).toMatchObject({ code: 'INVALID_PARAMS', details: { field: 'radiusM' } });
    expect(await runCount()).toBe(0);
  });

  it('answers 404 RUN_NOT_FOUND for a malformed or unknown run id', async () => {
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      for (const path of [`/api/analyses/${id}`, `/api/analyses/${id}/features`, `/api/analyses/${id}/events`]) {
        const res = await t.http().get(path).set(auth()).expect(404);
        expect(res.body.code).toBe('RUN_NOT_FOUND');
      }
    }
  });

  let firstRunId: string;

  it('runs beat-stats: SSE follows it from queued to succeeded, with hand-checkable numbers', async () => {
    await queue.pause();
    const created = await post({ type: 'beat-stats', params: {} }).expect(202);
    expect(created.body).toMatchObject({ status: 'queued', reused: false, type: 'beat-stats' });
    firstRunId = created.body.id;
    const early = await t.http().get(`/api/analyses/${firstRunId}/features`).set(auth()).expect(409);
    expect(early.body.code).toBe('RUN_NOT_FINISHED');

    const { contentType, events } = await readEvents(firstRunId, () => void queue.resume());

    expect(contentType).toMatch(/^text\/event-stream/);
    const statuses = events.map((e) => e.status).filter((s, i, all) => s !== all[i - 1]);
    expect(statuses).toEqual(['queued', 'running', 'succeeded']);
    expect(events.at(-1)).toEqual({ runId: firstRunId, status: 'succeeded', progress: 1 });

    const run = (await t.http().get(`/api/analyses/${firstRunId}`).set(auth()).expect(200)).body;
    expect(run).toMatchObject({ status: 'succeeded', progress: 1, error: null, attempts: 1, params: {} });
    expect(run.summary).toMatchObject({ beats: 2, cameras: 3, streetlights: 1 });
    expect(run.summary.households).toBeCloseTo(340, 0);
    expect(run.summary.population).toBeCloseTo(650, 0);

    const features = await t.http().get(`/api/analyses/${firstRunId}/features`).set(auth()).expect(200);
    expect(features.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(features.body.type).toBe('FeatureCollection');
    expect(features.body.features).toHaveLength(2);
    const byBeat = new Map(features.body.features.map((f: { properties: { beatId: number } }) => [f.properties.beatId, f]));
    const a = byBeat.get(beatA) as { geometry: { type: string }; properties: Record<string, number | string> };
    const b = byBeat.get(beatB) as { properties: Record<string, number | string> };
    expect(a.geometry.type).toBe('MultiPolygon');
    expect(a.properties).toMatchObject({ kind: 'beat', code: 'T-A', name: '戸山一丁目', post: '戸山交番', cameras: 2, streetlights: 1, refuges: 1 });
    expect(b.properties).toMatchObject({ kind: 'beat', code: 'T-B', cameras: 1, streetlights: 0, refuges: 0 });
    for (const [props, households, population] of [
      [a.properties, 200, 400],
      [b.properties, 140, 250],
    ] as const) {
      expect(Math.abs((props.households as number) - households)).toBeLessThanOrEqual(0.5);
      expect(Math.abs((props.population as number) - population)).toBeLessThanOrEqual(0.5);
      expect(Math.abs((props.areaM2 as number) - 10000) / 10000).toBeLessThan(0.005);
      expect(Math.abs((props.roadLengthM as number) - 100) / 100).toBeLessThan(0.005);
    }
  });

  it('returns the same run for an identical request (202, reused)', async () => {
    const again = await post({ type: 'beat-stats' }).expect(202);
    expect(again.body).toMatchObject({ id: firstRunId, status: 'succeeded', reused: true });
    const admin = await post({ type: 'beat-stats', params: {} }, await t.tokenFor('admin')).expect(202);
    expect(admin.body.id).toBe(firstRunId);
    // Per-beat household counts are police information: for a city planner the analysis does not exist.
    const planner = await post({ type: 'beat-stats', params: {} }, await t.tokenFor('planner')).expect(400);
    expect(planner.body).toMatchObject({ code: 'UNKNOWN_ANALYSIS_TYPE' });
    expect(planner.body.details.known).not.toContain('beat-stats');
  });

  it('ignores a second delivery of a finished run\'s job (BullMQ is at-least-once)', async () => {
    const before = (await t.http().get(`/api/analyses/${firstRunId}`).set(auth()).expect(200)).body;
    await queue.add('run-analysis', { runId: firstRunId, type: 'beat-stats' }, { jobId: firstRunId });
    await waitUntil('the duplicate job is done', async () => (await queue.getJobState(firstRunId)) === 'completed');
    expect((await queue.getJob(firstRunId))?.returnvalue).toBe('skipped');
    expect((await t.http().get(`/api/analyses/${firstRunId}`).set(auth()).expect(200)).body).toEqual(before);
    expect(await featureCount(firstRunId)).toBe(2);
    await queue.remove(firstRunId);
  });

  it('starts a new run once an input layer has changed', async () => {
    await camera(180, 20, 'active');
    const created = await post({ type: 'beat-stats', params: {} }).expect(202);
    expect(created.body.id).not.toBe(firstRunId);
    expect(created.body.reused).toBe(false);
    const run = await waitForTerminal(created.body.id);
    expect(run).toMatchObject({ status: 'succeeded', summary: expect.objectContaining({ cameras: 4 }) });
    const features = await t.http().get(`/api/analyses/${created.body.id}/features`).set(auth()).expect(200);
    const b = features.body.features.find((f: { properties: { beatId: number } }) => f.properties.beatId === beatB);
    expect(b.properties.cameras).toBe(2);
  });

  it('refuses, before queueing, a requested beat that does not exist', async () => {
    const before = await runCount();
    const res = await post({ type: 'beat-stats', params: { ids: [beatA, 987654] } }).expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_PARAMS', details: { field: 'ids', missing: [987654] } });
    expect(res.body.message).toContain('987654');
    expect(await runCount()).toBe(before);
  });

  it('retries a failing run and records "failed" with the error only after the last attempt', async () => {
    await t.db.query(`ALTER TABLE layer_roads RENAME TO layer_roads_hidden`);
    try {
      const created = await post({ type: 'beat-stats', params: { ids: [beatA] } }).expect(202);
      const run = await waitForTerminal(created.body.id);
      expect(run).toMatchObject({ status: 'failed', attempts: 3 });
      expect(run.error).toContain('"layer_roads" does not exist');
    } finally {
      await t.db.query(`ALTER TABLE layer_roads_hidden RENAME TO layer_roads`);
    }
  });

  it('cancels a queued run: removed from the queue, ends cancelled, never runs', async () => {
    await queue.pause();
    const created = await post({ type: 'beat-stats', params: { ids: [beatB] } }).expect(202);
    const id = created.body.id as string;
    expect(await queue.getJob(id)).toBeDefined();

    const planner = await t.tokenFor('planner');
    const absent = await t.http().delete(`/api/analyses/${id}`).set('Authorization', `Bearer ${planner}`).expect(404);
    expect(absent.body.code).toBe('RUN_NOT_FOUND');
    await t.http().get(`/api/analyses/${id}`).set('Authorization', `Bearer ${planner}`).expect(404);
    await t.http().get(`/api/tiles/analyses/${id}/15/29100/12900.mvt`).set('Authorization', `Bearer ${planner}`).expect(404);

    const cancelled = await t.http().delete(`/api/analyses/${id}`).set(auth()).expect(200);
    expect(cancelled.body).toMatchObject({ id, status: 'cancelled', attempts: 0 });
    expect(cancelled.body.finishedAt).not.toBeNull();
    expect(await queue.getJob(id)).toBeUndefined();
    await queue.resume();

    const { events } = await readEvents(id);
    expect(events).toEqual([{ runId: id, status: 'cancelled', progress: 0 }]);
    await sleep(500);
    expect((await t.http().get(`/api/analyses/${id}`).set(auth()).expect(200)).body).toMatchObject({ status: 'cancelled', attempts: 0 });
    expect((await t.http().delete(`/api/analyses/${id}`).set(auth()).expect(200)).body.status).toBe('cancelled');

    const fresh = await post({ type: 'beat-stats', params: { ids: [beatB] } }).expect(202);
    expect(fresh.body.id).not.toBe(id);
    expect(await waitForTerminal(fresh.body.id)).toMatchObject({ status: 'succeeded' });
  });

  it('stops a running run that is cancelled, writing no results', async () => {
    const blocker = t.db.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    let id = '';
    try {
      await blocker.query(`LOCK TABLE layer_roads IN ACCESS EXCLUSIVE MODE`);
      id = (await post({ type: 'beat-stats', params: { ids: [beatA, beatB] } }).expect(202)).body.id;
      await waitUntil('the run is running', async () => (await t.http().get(`/api/analyses/${id}`).set(auth())).body.status === 'running');
      const cancelled = await t.http().delete(`/api/analyses/${id}`).set(auth()).expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', attempts: 1 });
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    await waitUntil('the worker let go of the job', async () => (await queue.getJobState(id)) === 'unknown');
    expect((await t.http().get(`/api/analyses/${id}`).set(auth()).expect(200)).body).toMatchObject({ status: 'cancelled', summary: null });
    expect(await featureCount(id)).toBe(0);
  });

  it('lists recent runs newest first, with a bounded limit', async () => {
    const res = await t.http().get('/api/analyses?limit=2').set(auth()).expect(200);
    expect(res.body.runs).toHaveLength(2);
    expect(res.body.runs[0].createdAt >= res.body.runs[1].createdAt).toBe(true);
    expect(res.body.runs[0]).toMatchObject({ type: 'beat-stats', params: { ids: [beatA, beatB] }, status: 'cancelled' });
    expect(res.body.runs[1]).toMatchObject({ type: 'beat-stats', params: { ids: [beatB] }, status: 'succeeded' });
    expect((await t.http().get('/api/analyses?limit=0').set(auth()).expect(400)).body.code).toBe('INVALID_QUERY');
  });
});
