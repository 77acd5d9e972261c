import { spawn } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource, DEMO_PASSWORD, initDataSource, migrate, seedDemoUsers } from '@mimamori/db';
import { spawnApi } from './api-process';
import { benchLine, detail, timed } from './bench-report';
import { writeStreetlightCsv } from './import-data';
import { login } from './load-client';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const PORT = 3921;
const RSS_LIMIT_MB = 500;
const DATABASE = 'mimamori_bench_import';

/**
 * `BENCH import-1m`: 1,000,000 streetlights from a Japanese-header CSV through the product path
 * (POST /api/layers/streetlights/import?async=true on a real API process over loopback, progress
 * followed at GET /api/imports/{id}; parsed, mapped, validated per row, COPY into staging, SQL
 * geometry check, INSERT … SELECT) vs what an analyst would run to get the same rows into the layer:
 * `ogr2ogr -f PostgreSQL` with PG_USE_COPY=YES into a plain table, then one INSERT … SELECT mapping
 * its columns (no validation), in the same run. Peak RSS of the API < 500 MB.
 */
export async function importBench(databaseUrl: string, redisUrl: string, log: (line: string) => void): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'mimamori-bench-import-'));
  const url = await freshDatabase(databaseUrl);
  try {
    const csv = join(dir, 'streetlights-1m.csv');
    const bytes = await writeStreetlightCsv(csv, ROWS);
    detail('import-1m', `${ROWS.toLocaleString('en')} streetlights, ${(bytes / 1024 / 1024).toFixed(0)} MB CSV (UTF-8, Japanese headers and values)`);

    // The analyst's load first: our import then writes into a layer that already holds its million rows.
    const baseline = await timed(async () => {
      await ogr2ogr(url, csv);
      await intoLayer(url);
    });
    const api = await spawnApi({ DATABASE_URL: url, REDIS_URL: redisUrl, LOG_LEVEL: 'error' }, PORT);
    let ours: { seconds: number; value: JobView };
    let peakMb = 0;
    try {
      const token = await login(api.port, 'planner', DEMO_PASSWORD);
      const sample = () => (peakMb = Math.max(peakMb, vmHwmMb(api.child.pid!)));
      const timer = setInterval(sample, 200);
      try {
        ours = await timed(() => importOver(api.port, token, csv, bytes));
      } finally {
        clearInterval(timer);
        sample();
      }
    } finally {
      await api.stop();
    }
    const counts = await countRows(url);
    const result = ours.value.result!;
    const line = benchLine({
      name: 'import-1m',
      oursS: ours.seconds,
      baselineS: baseline.seconds,
      target: 0.5,
      checks: [
        { label: 'all rows imported', ok: result.imported === ROWS && counts.ours === ROWS && counts.baseline === ROWS },
        { label: `peak RSS < ${RSS_LIMIT_MB} MB`, ok: peakMb > 0 && peakMb < RSS_LIMIT_MB },
      ],
    });
    log(line);
    detail('import-1m', `ours ${ours.seconds.toFixed(1)} s = ${(ROWS / ours.seconds).toFixed(0)} rows/s, peak RSS of the API process ${peakMb.toFixed(0)} MB (limit ${RSS_LIMIT_MB} MB)`);
    detail(
      'import-1m',
      `baseline: ogr2ogr (PG_USE_COPY=YES) into a plain table, then one INSERT … SELECT mapping its columns into the layer, no validation: ` +
        `${baseline.seconds.toFixed(1)} s = ${(ROWS / baseline.seconds).toFixed(0)} rows/s; rows in the layer: ours ${counts.ours}, the baseline's ${counts.baseline}`,
    );
    return line.endsWith('PASS');
  } finally {
    await rm(dir, { recursive: true, force: true });
    await dropDatabase(databaseUrl);
  }
}

interface JobView {
  status: 'running' | 'succeeded' | 'failed';
  progress: { phase: string; rowsRead: number; rowsWritten: number; bytesRead: number | null; bytesTotal: number; fraction: number };
  result: { imported: number } | null;
  error: unknown;
}

/** The upload streamed from disk as multipart, then the import followed until it ends, printing progress. */
async function importOver(port: number, token: string, csv: string, bytes: number): Promise<JobView> {
  const boundary = `mimamori${Date.now()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="streetlights.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const started = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/layers/streetlights/import?async=true',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': Buffer.byteLength(head) + bytes + Buffer.byteLength(tail),
        },
      },
      (res) => collect(res).then((body) => resolve({ status: res.statusCode ?? 0, body }), reject),
    );
    req.on('error', reject);
    req.write(head);
    const file = createReadStream(csv);
    file.pipe(req, { end: false });
    file.on('end', () => req.end(tail));
    file.on('error', reject);
  });
  if (started.status !== 202) throw new Error(`import: HTTP ${started.status} ${started.body.slice(0, 500)}`);
  const { id } = JSON.parse(started.body) as { id: string };
  let lastShown = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const view = JSON.parse(await getJson(port, `/api/imports/${id}`, token)) as JobView;
    const p = view.progress;
    if (view.status !== 'running') {
      if (view.status === 'failed') throw new Error(`import failed: ${JSON.stringify(view.error).slice(0, 1000)}`);
      return view;
    }
    if (Date.now() - lastShown > 5000) {
      lastShown = Date.now();
      detail('import-1m', `progress ${(p.fraction * 100).toFixed(0)} % (${p.phase}): ${p.rowsRead} rows read, ${((p.bytesRead ?? 0) / 1024 / 1024).toFixed(0)} of ${(p.bytesTotal / 1024 / 1024).toFixed(0)} MB`);
    }
  }
}

function ogr2ogr(url: string, csv: string): Promise<void> {
  const u = new URL(url);
  const pg = `PG:host=${u.hostname} port=${u.port || 5432} dbname=${u.pathname.slice(1)} user=${decodeURIComponent(u.username)} password=${decodeURIComponent(u.password)}`;
  const args = ['-f', 'PostgreSQL', pg, csv, '-nln', 'ogr_streetlights', '-overwrite', '-a_srs', 'EPSG:4326', '-lco', 'GEOMETRY_NAME=geom', '-lco', 'LAUNDER=NO',
    '-oo', 'X_POSSIBLE_NAMES=経度', '-oo', 'Y_POSSIBLE_NAMES=緯度', '-oo', 'AUTODETECT_TYPE=YES', '--config', 'PG_USE_COPY', 'YES'];
  return new Promise((resolve, reject) => {
    const child = spawn('ogr2ogr', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ogr2ogr exited with ${code}: ${err}`))));
  });
}

function getJson(port: number, path: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${token}` } }, (res) => collect(res).then(resolve, reject));
    req.on('error', reject);
    req.end();
  });
}

async function collect(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += (chunk as Buffer).toString();
  return text;
}

function vmHwmMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** A database of its own (migrated, demo users), so the scale datasets stay as they are. */
async function freshDatabase(databaseUrl: string): Promise<string> {
  await dropDatabase(databaseUrl);
  await admin(databaseUrl, (c) => c.query(`CREATE DATABASE ${DATABASE} TEMPLATE mimamori_postgis_template`));
  const url = new URL(databaseUrl);
  url.pathname = `/${DATABASE}`;
  const db = await initDataSource(createDataSource({ databaseUrl: url.toString(), applicationName: 'mimamori-bench-import' }));
  try {
    await migrate(db);
    await seedDemoUsers(db);
  } finally {
    await db.destroy();
  }
  return url.toString();
}

function dropDatabase(databaseUrl: string): Promise<void> {
  return admin(databaseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));
}

async function admin(databaseUrl: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** The organisation the baseline loads for (ours imports as the planner's). */
const BASELINE_ORG = `(SELECT o.id FROM organisation o JOIN app_user u ON u.organisation_id = o.id WHERE u.username = 'police')`;

/**
 * What the analyst runs after ogr2ogr to make the rows a layer: the register's columns mapped to
 * the layer's, the lamp-type radius default, in one statement (no per-row checks).
 */
async function intoLayer(url: string): Promise<void> {
  await withClient(url, (c) =>
    c.query(
      `INSERT INTO layer_streetlights (organisation_id, external_id, lamp_type, watts, mount_height_m, radius_m, status, owner, geom)
       SELECT ${BASELINE_ORG}, o."管理番号", l.lamp, o."消費電力(W)", o."設置高(m)",
              CASE l.lamp WHEN 'led' THEN 15 WHEN 'fluorescent' THEN 12 WHEN 'mercury' THEN 15 WHEN 'sodium' THEN 18 ELSE 12 END,
              CASE o."状態" WHEN '稼働中' THEN 'active' WHEN '計画' THEN 'planned' ELSE 'out_of_service' END, o."管理者", o.geom
         FROM ogr_streetlights o
         CROSS JOIN LATERAL (SELECT CASE o."灯具種別" WHEN 'LED' THEN 'led' WHEN '蛍光灯' THEN 'fluorescent' WHEN '水銀灯' THEN 'mercury'
                                                      WHEN 'ナトリウム灯' THEN 'sodium' ELSE 'unknown' END AS lamp) l`,
    ),
  );
}

async function countRows(url: string): Promise<{ ours: number; baseline: number }> {
  return withClient(url, async (c) => {
    const rows = await c.query<{ ours: number; baseline: number }>(
      `SELECT count(*) FILTER (WHERE organisation_id <> ${BASELINE_ORG})::int AS ours,
              count(*) FILTER (WHERE organisation_id = ${BASELINE_ORG})::int AS baseline FROM layer_streetlights`,
    );
    return rows.rows[0];
  });
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
