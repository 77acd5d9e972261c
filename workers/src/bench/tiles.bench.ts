import { findLayer, visibleProperties, type LayerDefinition } from '@mimamori/db';
import { DataSource } from 'typeorm';
import { spawnApi, bounded, get } from './api-process';
import { benchLine, detail, timed } from './bench-report';
import { login, quantile } from './load-client';

const CONCURRENCY = 16;
/** How many planners open the same city audit in the throughput comparison. */
const AUDITS = 20;
const PORT = 3901;
/** The layers a city audit shows together; cameras need a signed-in user. */
const LAYERS = ['roads', 'buildings', 'streetlights', 'cameras'];

interface Tile {
  z: number;
  x: number;
  y: number;
}

/** Every tile of zoom z over the live roads' extent. */
export async function tilesOver(db: DataSource, z: number, limit: number, table = 'layer_roads'): Promise<Tile[]> {
  const [e] = await db.query(`SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n FROM (SELECT ST_Extent(geom) AS b FROM ${table} WHERE deleted_at IS NULL) x`);
  const n = 2 ** z;
  const tx = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const ty = (lat: number) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
  const tiles: Tile[] = [];
  for (let x = tx(e.w); x <= tx(e.e); x++) for (let y = ty(e.n); y <= ty(e.s); y++) tiles.push({ z, x, y });
  return tiles.slice(0, limit);
}

/**
 * The tile as a GIS analyst serves it straight from PostGIS: ST_AsMVT over ST_AsMVTGeom of the
 * stored 3857 column (GiST index), the layer's attributes, no cache.
 */
function rawTileSql(layer: LayerDefinition): string {
  const columns = visibleProperties(layer, 'internal').map((p) => (p.type === 'date' || p.type === 'json' || p.type === 'timestamp' ? `t."${p.name}"::text AS "${p.name}"` : `t."${p.name}"`));
  return `SELECT ST_AsMVT(q, '${layer.id}', 4096, 'geom', 'id') AS tile FROM (
       SELECT t.id, ${columns.join(', ')}, ST_AsMVTGeom(t.geom_3857, ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS geom
         FROM ${layer.table} t WHERE t.deleted_at IS NULL AND t.geom_3857 && ST_TileEnvelope($1, $2, $3)) q`;
}

/**
 * The analyst's tile server: as many connections as there are clients, and the one setting our
 * renderer uses too (serial plans: on 2 cores they render z14 tiles about twice as fast).
 */
async function rawTileServer(databaseUrl: string): Promise<DataSource> {
  const raw = await new DataSource({
    type: 'postgres',
    url: databaseUrl,
    applicationName: 'mimamori-bench-raw',
    extra: { max: CONCURRENCY, options: '-c max_parallel_workers_per_gather=0' },
  }).initialize();
  const [{ workers }] = await raw.query(`SELECT current_setting('max_parallel_workers_per_gather') AS workers`);
  if (workers !== '0') throw new Error(`raw tile server: max_parallel_workers_per_gather is ${workers}`);
  return raw;
}

const path = (layer: string, t: Tile) => `/api/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`;

interface TileRequest {
  layer: string;
  t: Tile;
}

/** Cached tiles over HTTP and raw ST_AsMVT for the same requests, 16 at a time: seconds each, and the HTTP payload. */
async function compare(api: { port: number }, raw: DataSource, headers: Record<string, string>, requests: TileRequest[]) {
  const check = (r: { status: number }, q: TileRequest) => {
    if (r.status !== 200 && r.status !== 204) throw new Error(`${path(q.layer, q.t)}: HTTP ${r.status}`);
  };
  // One pass fills the cache (and warms both sides' code paths); then both serve every request.
  await bounded(requests, CONCURRENCY, async (q) => check(await get(api.port, path(q.layer, q.t), headers), q));
  let bytes = 0;
  const ours = await timed(() =>
    bounded(requests, CONCURRENCY, async (q) => {
      const r = await get(api.port, path(q.layer, q.t), headers);
      check(r, q);
      bytes += r.bytes;
    }),
  );
  const sql = new Map(LAYERS.map((id) => [id, rawTileSql(findLayer(id)!)]));
  const baseline = await timed(() => bounded(requests, CONCURRENCY, async (q) => void (await raw.query(sql.get(q.layer)!, [q.t.z, q.t.x, q.t.y]))));
  return { ours: ours.seconds, baseline: baseline.seconds, bytes };
}

/**
 * `BENCH tiles`: cached tiles through HTTP vs the raw ST_AsMVT query for the same tiles (≥ 5× and
 * ≥ 2,000 tiles/s). The tiles: a city audit, every z14 tile over the dataset of the four layers it
 * shows (roads, buildings, streetlights, cameras), opened by AUDITS planners in turn. A second
 * detail line does the same for one planner zooming in (every z15 and z16 tile once), for the record.
 */
export async function tilesBench(db: DataSource, databaseUrl: string, redisUrl: string, log: (line: string) => void): Promise<boolean> {
  const audit = (await tilesOver(db, 14, 1000)).flatMap((t) => LAYERS.map((layer) => ({ layer, t })));
  const requests = Array.from({ length: AUDITS }, () => audit).flat();
  const zoomIn = [...(await tilesOver(db, 15, 4000)), ...(await tilesOver(db, 16, 10000))].flatMap((t) => LAYERS.map((layer) => ({ layer, t })));
  const api = await spawnApi({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl }, PORT);
  const raw = await rawTileServer(databaseUrl);
  try {
    const headers = { Authorization: `Bearer ${await login(api.port, 'planner', 'mimamori-demo')}` };
    const z14 = await compare(api, raw, headers, requests);
    const perSecond = requests.length / z14.ours;
    const line = benchLine({ name: 'tiles', oursS: z14.ours, baselineS: z14.baseline, target: 5, checks: [{ label: 'tiles/s', ok: perSecond >= 2000 }] });
    log(line);
    detail(
      'tiles',
      `${requests.length} z14 tiles (${audit.length / LAYERS.length} addresses × ${LAYERS.join(', ')}, ${AUDITS} audits; ${(z14.bytes / 1024 / 1024).toFixed(1)} MB), ${CONCURRENCY} at a time: ` +
        `cached ${perSecond.toFixed(0)} tiles/s over HTTP, raw ST_AsMVT ${(requests.length / z14.baseline).toFixed(0)} tiles/s`,
    );
    const deeper = await compare(api, raw, headers, zoomIn);
    detail(
      'tiles',
      `zooming in, ${zoomIn.length} z15–z16 tiles once each (${(deeper.bytes / 1024 / 1024).toFixed(1)} MB): cached ${(zoomIn.length / deeper.ours).toFixed(0)} tiles/s, ` +
        `raw ST_AsMVT ${(zoomIn.length / deeper.baseline).toFixed(0)} tiles/s (${(deeper.baseline / deeper.ours).toFixed(1)}×)`,
    );
    return line.endsWith('PASS');
  } finally {
    await raw.destroy();
    await api.stop();
  }
}

/** `BENCH tiles-p975`: cold z14 tiles (a fresh API, nothing cached) within 50 ms at the 97.5th percentile. */
export async function tilesP975Bench(db: DataSource, databaseUrl: string, redisUrl: string, log: (line: string) => void): Promise<boolean> {
  const tiles = await tilesOver(db, 14, 5000);
  const api = await spawnApi({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl }, PORT + 1);
  try {
    const headers = { Authorization: `Bearer ${await login(api.port, 'planner', 'mimamori-demo')}` };
    const latencies: number[] = [];
    const byLayer = new Map<string, number[]>(LAYERS.map((layer) => [layer, []]));
    let largest = { bytes: 0, path: '' };
    await bounded(tiles, 4, async (t) => {
      for (const layer of LAYERS) {
        const r = await get(api.port, path(layer, t), headers);
        if (r.status !== 200 && r.status !== 204) throw new Error(`${path(layer, t)}: HTTP ${r.status}`);
        latencies.push(r.seconds);
        byLayer.get(layer)!.push(r.seconds);
        if (r.bytes > largest.bytes) largest = { bytes: r.bytes, path: path(layer, t) };
      }
    });
    latencies.sort((a, b) => a - b);
    const ms = (values: number[], q: number) => (quantile(values, q) * 1000).toFixed(1);
    // The size cap, checked on the densest tiles there are (N = 100, z14).
    const line = benchLine({ name: 'tiles-p975', oursS: quantile(latencies, 0.975), baselineS: 0.05, target: 1, checks: [{ label: '≤ 500 KB', ok: largest.bytes <= 500 * 1024 }] });
    log(line);
    detail('tiles-p975', `${latencies.length} cold z14 tiles (${LAYERS.join(', ')}; signed-in planner), 4 clients: p50 ${ms(latencies, 0.5)} ms, p97.5 ${ms(latencies, 0.975)} ms, max ${ms(latencies, 1)} ms`);
    const perLayer = [...byLayer].map(([layer, values]) => {
      values.sort((a, b) => a - b);
      return `${layer} p50 ${ms(values, 0.5)} / p97.5 ${ms(values, 0.975)} ms`;
    });
    detail('tiles-p975', `by layer: ${perLayer.join(', ')}; largest tile ${(largest.bytes / 1024).toFixed(0)} KB (${largest.path})`);
    return line.endsWith('PASS');
  } finally {
    await api.stop();
  }
}
