import type { DataSource } from 'typeorm';
import { spawnApi, type ApiProcess } from './api-process';
import { benchLine, detail } from './bench-report';
import { login, openLoop, quantile, type LoadOptions, type LoadResult } from './load-client';
import { tilesOver } from './tiles.bench';
import { mulberry32 as random } from '../kernels/siting/random-instance';

const PORT = 3911;
const SECONDS = 10;
/**
 * The same load first runs this long unmeasured: the budgets are for a serving API, not its first
 * seconds (cold tiles have their own budget, BENCH tiles-p975). The warm-up's figures are printed too.
 */
const WARMUP_SECONDS = 5;
/** The issue's load: z14 tiles at ≥ 300 requests/s within 50 ms at p97.5, bbox queries within 100 ms. */
const TILE_RATE = 300;
const TILE_BUDGET_S = 0.05;
const FEATURE_RATE = 100;
const FEATURE_BUDGET_S = 0.1;
/** The web app's what-if frame reads cameras ±350 m around its centre, up to 10,000 of them. */
const BBOX_HALF_M = 350;
const BBOX_LIMIT = 10_000;

/** Starts the API and keeps the end of its output, printed if it exits while under load. */
async function startApi(databaseUrl: string, redisUrl: string, port: number, name: string): Promise<ApiProcess> {
  const api = await spawnApi({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl }, port);
  let tail = '';
  let stopping = false;
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
  api.child.stdout!.on('data', keep);
  api.child.stderr!.on('data', keep);
  api.child.once('exit', (code, signal) => {
    if (!stopping) detail(name, `the API exited (${code ?? signal}) under load:\n${tail}`);
  });
  return {
    ...api,
    stop: () => {
      stopping = true;
      return api.stop();
    },
  };
}

async function cameraCount(db: DataSource): Promise<number> {
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM layer_cameras WHERE deleted_at IS NULL`);
  return n;
}

const summary = (r: LoadResult) => {
  const ms = (q: number) => (quantile(r.latencies, q) * 1000).toFixed(1);
  return `${r.requests} requests, ${r.achievedRate.toFixed(0)}/s answered, ${r.errors} errors${r.errors ? ` ${JSON.stringify(r.failures)}` : ''}, ${(r.bytes / 1024 / 1024).toFixed(1)} MB; p50 ${ms(0.5)} ms, p97.5 ${ms(0.975)} ms, p99 ${ms(0.99)} ms, max ${ms(1)} ms`;
};

/** Warm-up, then the measured run at the same rate; errors in either fail the line. */
async function measure(name: string, options: LoadOptions, budgetS: number, what: string, log: (line: string) => void): Promise<boolean> {
  const warmup = await openLoop({ ...options, seconds: WARMUP_SECONDS });
  const r = await openLoop({ ...options, seconds: SECONDS, path: (i) => options.path(i + warmup.requests) });
  const line = benchLine({ name, oursS: quantile(r.latencies, 0.975), baselineS: budgetS, target: 1, checks: [{ label: 'errors', ok: r.errors + warmup.errors === 0 }] });
  log(line);
  detail(name, `${what}, ${options.rate}/s`);
  detail(name, `warm-up ${WARMUP_SECONDS} s (not counted): ${summary(warmup)}`);
  detail(name, `measured ${SECONDS} s: ${summary(r)}`);
  return line.endsWith('PASS');
}

/**
 * `BENCH load-tiles`: a fresh API on loopback, z14 camera tiles over the whole dataset (200,000
 * cameras) at a fixed rate, signed in as a planner; latency from when each request was due.
 */
export async function loadTilesBench(db: DataSource, databaseUrl: string, redisUrl: string, log: (line: string) => void): Promise<boolean> {
  const cameras = await cameraCount(db);
  const tiles = await tilesOver(db, 14, 10_000, 'layer_cameras');
  const next = random(14);
  const order = Array.from({ length: Math.round(TILE_RATE * (WARMUP_SECONDS + SECONDS)) + 1 }, () => tiles[Math.floor(next() * tiles.length)]);
  const api = await startApi(databaseUrl, redisUrl, PORT, 'load-tiles');
  try {
    const headers = { Authorization: `Bearer ${await login(api.port, 'planner', 'mimamori-demo')}` };
    const path = (i: number) => `/api/tiles/cameras/${order[i].z}/${order[i].x}/${order[i].y}.mvt`;
    return await measure('load-tiles', { port: api.port, rate: TILE_RATE, seconds: SECONDS, headers, path }, TILE_BUDGET_S, `${cameras} cameras, ${tiles.length} z14 tiles in random order`, log);
  } finally {
    await api.stop();
  }
}

/**
 * `BENCH load-features`: bbox queries as the web app's what-if frame makes them
 * (`GET /api/layers/cameras/features?bbox=…&limit=10000`, 700 m boxes at random places over the
 * dataset) at a fixed rate, signed in as a planner.
 */
export async function loadFeaturesBench(db: DataSource, databaseUrl: string, redisUrl: string, log: (line: string) => void): Promise<boolean> {
  const cameras = await cameraCount(db);
  const [e] = await db.query(`SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n FROM (SELECT ST_Extent(geom) AS b FROM layer_cameras WHERE deleted_at IS NULL) x`);
  const next = random(100);
  const dLat = BBOX_HALF_M / 111_320;
  const boxes = Array.from({ length: Math.round(FEATURE_RATE * (WARMUP_SECONDS + SECONDS)) + 1 }, () => {
    const lon = e.w + next() * (e.e - e.w);
    const lat = e.s + next() * (e.n - e.s);
    const dLon = dLat / Math.cos((lat * Math.PI) / 180);
    return [lon - dLon, lat - dLat, lon + dLon, lat + dLat].map((v) => v.toFixed(6)).join(',');
  });
  const api = await startApi(databaseUrl, redisUrl, PORT + 1, 'load-features');
  try {
    const headers = { Authorization: `Bearer ${await login(api.port, 'planner', 'mimamori-demo')}` };
    const path = (i: number) => `/api/layers/cameras/features?bbox=${boxes[i]}&limit=${BBOX_LIMIT}`;
    return await measure('load-features', { port: api.port, rate: FEATURE_RATE, seconds: SECONDS, headers, path }, FEATURE_BUDGET_S, `${cameras} cameras, ${2 * BBOX_HALF_M} m boxes at random places over the dataset`, log);
  } finally {
    await api.stop();
  }
}
