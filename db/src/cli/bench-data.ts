import { Client } from 'pg';
import { loadConfig } from '../config/config';
import { createDataSource, initDataSource, migrate } from '../data-source';
import { loadDemo } from '../demo/demo-loader';
import { densifyCameras } from '../scale/camera-dataset';
import { replicateDemo } from '../scale/scale-dataset';

const USAGE =
  'usage: npm run bench:data -- --scale N [--cameras C]   (N = 1 is the demo; N = 100 is about 400 km²; C cameras in all, e.g. 200000 for the load benchmark)';

/** Database URL of the scale dataset N (with C cameras): a sibling of DATABASE_URL named mimamori_bench_s<N>[_c<C>]. */
export function benchDatabaseUrl(databaseUrl: string, scale: number, cameras?: number): string {
  const url = new URL(databaseUrl);
  url.pathname = `/mimamori_bench_s${scale}${cameras ? `_c${cameras}` : ''}`;
  return url.toString();
}

function parseCameras(args: string[]): number | undefined {
  const i = args.indexOf('--cameras');
  if (i < 0) return undefined;
  const cameras = Number(args[i + 1]);
  if (!Number.isInteger(cameras) || cameras < 1 || cameras > 2_000_000) throw new Error(`--cameras must be an integer from 1 to 2000000\n${USAGE}`);
  return cameras;
}

function parseScale(args: string[]): number {
  const i = args.indexOf('--scale');
  const raw = i >= 0 ? args[i + 1] : '1';
  const scale = Number(raw);
  if (!Number.isInteger(scale) || scale < 1 || scale > 400) throw new Error(`--scale must be an integer from 1 to 400\n${USAGE}`);
  return scale;
}

async function ensureDatabase(databaseUrl: string, name: string): Promise<void> {
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    // PostGIS needs a superuser to create: clone the template `scripts/services.sh` prepares.
    if (!rowCount) await client.query(`CREATE DATABASE "${name}" TEMPLATE mimamori_postgis_template`);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const scale = parseScale(process.argv.slice(2));
  const cameras = parseCameras(process.argv.slice(2));
  const config = loadConfig();
  const url = benchDatabaseUrl(config.databaseUrl, scale, cameras);
  await ensureDatabase(config.databaseUrl, new URL(url).pathname.slice(1));
  const db = await initDataSource(createDataSource({ databaseUrl: url, applicationName: 'mimamori-bench-data' }));
  try {
    await migrate(db);
    await loadDemo(db);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM layer_roads WHERE deleted_at IS NULL`);
    const [{ base }] = await db.query(`SELECT count(*)::int AS base FROM layer_roads WHERE external_id NOT LIKE '%#copy%'`);
    if (n !== base * scale) {
      const summary = await replicateDemo(db, scale, (msg) => console.error(msg));
      console.error(`scale ${scale}: ${Object.entries(summary.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    }
    if (cameras !== undefined) {
      const [{ live }] = await db.query(`SELECT count(*)::int AS live FROM layer_cameras WHERE deleted_at IS NULL`);
      if (live !== cameras) console.error(`cameras: ${await densifyCameras(db, cameras)}`);
    }
    await db.query('ANALYZE');
    console.log(url);
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`bench data failed: ${err.message}`);
    process.exit(1);
  });
}
