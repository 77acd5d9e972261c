import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDataSource, DEMO_PASSWORD, seedDemoUsers } from '@mimamori/db';
import { Client } from 'pg';
import { FaultProcess, killQuietly, spawnPlatform, spawnWorkerProcess, waitFor } from './fault-processes';
import { health, HttpAnswer, importFile, login, postJson, waitForApi } from './fault-http';
import { freePort, PrivatePostgres, startPrivatePostgres } from './private-services';

/*
 * A private PostgreSQL cluster is shut down (immediate: every connection cut, as in a crash)
 * while the API streams a big import into it, then started again: the import fails with a
 * clear error and leaves no row behind, /api/health says the database is down meanwhile, and
 * the API and worker processes keep running and serve again afterwards.
 */
const LIGHTS = 300_000;

function streetlightsCsv(count: number, seed: number): Buffer {
  const lines = ['lon,lat,lamp_type,status'];
  for (let i = 0; i < count; i++) {
    const lon = 139.69 + ((i * 7919 + seed) % 10_000) * 2e-6;
    const lat = 35.69 + ((i * 104_729 + seed) % 10_000) * 2e-6;
    lines.push(`${lon.toFixed(7)},${lat.toFixed(7)},led,active`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

describe('PostgreSQL restarted during an import', () => {
  let pg: PrivatePostgres;
  let api: FaultProcess;
  let worker: FaultProcess;
  let port: number;
  let token: string;
  let probe: Client;

  const lightCount = async () => (await probe.query(`SELECT count(*)::int AS n FROM layer_streetlights`)).rows[0].n as number;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    const admin = new Client({ connectionString: pg.url() });
    await admin.connect();
    await admin.query(`CREATE DATABASE mimamori`);
    await admin.end();
    const url = pg.url('mimamori');
    await promisify(execFile)(process.execPath, [join(__dirname, '../../../db/dist/cli/migrate.js')], { env: { ...process.env, DATABASE_URL: url } });
    const db = createDataSource({ databaseUrl: url, applicationName: 'mimamori-faults-test', poolSize: 1 });
    await db.initialize();
    await seedDemoUsers(db);
    await db.destroy();

    const env = { DATABASE_URL: url, QUEUE_PREFIX: `mimamori-faults-${randomBytes(4).toString('hex')}`, LOG_LEVEL: 'warn' };
    worker = await spawnWorkerProcess({ ...env, LOG_LEVEL: 'log' });
    port = await freePort();
    api = spawnPlatform('api', { ...env, PORT: String(port) });
    await waitForApi(api, port);
    token = await login(port, 'admin', DEMO_PASSWORD);
    probe = new Client({ connectionString: url });
    await probe.connect();
  }, 120_000);

  afterAll(async () => {
    await probe?.end().catch(() => undefined);
    await Promise.all([worker, api].map(killQuietly));
    await pg?.destroy();
  }, 120_000);

  it('fails the import cleanly, keeps the processes running, reports the outage in /api/health', async () => {
    const small = await importFile(port, token, 'streetlights', { name: 'small.csv', content: streetlightsCsv(3, 1), type: 'text/csv' });
    expect(small).toMatchObject({ status: 200, body: { imported: 3 } });

    const answer: Promise<HttpAnswer | Error> = importFile(port, token, 'streetlights', { name: 'big.csv', content: streetlightsCsv(LIGHTS, 2), type: 'text/csv' }).catch(
      (err: Error) => err,
    );
    await waitFor('the import to stream rows into PostgreSQL', 30_000, async () => {
      const { rows } = await probe.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query ILIKE 'COPY%' AND state = 'active'`);
      return rows[0].n > 0;
    }, 20);
    await new Promise((resolve) => setTimeout(resolve, 300));
    probe.on('error', () => undefined);
    await pg.stop();

    const down = await health(port);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'degraded', redis: 'ok', postgis: expect.stringMatching(/^unavailable/) });
    const failed = await answer;
    if (failed instanceof Error) throw new Error(`the import request got no answer: ${failed.message}`);
    expect(failed).toMatchObject({ status: 503, body: { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/database is unavailable/) } });
    expect(api.alive()).toBe(true);
    expect(worker.alive()).toBe(true);

    await pg.start();
    probe = new Client({ connectionString: pg.url('mimamori') });
    await probe.connect();
    expect(await lightCount()).toBe(3);
    await waitFor('/api/health to be ok again', 20_000, async () => (await health(port)).status === 200, 250);

    const run = await postJson(port, token, '/api/analyses', { type: 'beat-stats', params: {} });
    expect(run.status).toBe(202);
    await waitFor('the run after the restart to succeed', 30_000, async () => {
      const { rows } = await probe.query(`SELECT status FROM analysis_run WHERE id = $1`, [run.body.id]);
      if (rows[0]?.status === 'failed') throw new Error(`run failed:\n${worker.output()}`);
      return rows[0]?.status === 'succeeded';
    });
    const again = await importFile(port, token, 'streetlights', { name: 'again.csv', content: streetlightsCsv(1000, 3), type: 'text/csv' });
    expect(again).toMatchObject({ status: 200, body: { imported: 1000 } });
    expect(await lightCount()).toBe(1003);
    expect(worker.alive() && api.alive()).toBe(true);
  }, 120_000);
});
