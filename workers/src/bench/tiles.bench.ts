import type { DataSource } from 'typeorm';
import { spawnApi, get, bounded } from './api-process';
import { benchLine, detail, timed } from './bench-report';

const CONCURRENCY = 16;
const PORT = 3901;

interface Tile {
  z: number;
  x: number;
  y: number;
}

/** Every tile of zoom z over the live roads' extent. */
async function tilesOver(db: DataSource, z: number, limit: number): Promise<Tile[]> {
  const [e] = await db.query(`SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n FROM (SELECT ST_Extent(geom) AS b FROM layer_roads WHERE deleted_at IS NULL) x`);
  const n = 2 ** z;
  const tx = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const ty = (lat: number) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
  const tiles: Tile[] = [];
  for (let x = tx(e.w); x <= tx(e.e); x++) for (let y = ty(e.n); y <= ty(e.s); y++) tiles.push({ z, x, y });
  return tiles.slice(0, limit);
}

/** The tile as the plain PostGIS query renders it (roads with their attributes, no cache). */
async function rawTile(db: DataSource, t: Tile): Promise<void> {
  await db.query(
    `SELECT ST_AsMVT(q, 'roads', 4096, 'geom') AS tile FROM (
       SELECT r.id, r.class, r.name, ST_AsMVTGeom(r.geom_3857, ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS geom
         FROM layer_roads r WHERE r.deleted_at IS NULL AND r.geom_3857 && ST_TileEnvelope($1, $2, $3)) q`,
    [t.z, t.x, t.y],
  );
}

const path = (t: Tile) => `/api/tiles/roads/${t.z}/${t.x}/${t.y}.mvt`;

/** `BENCH tiles`: cached tiles through HTTP vs the raw ST_AsMVT query for the same tiles (≥ 5× and ≥ 2,000 tiles/s). */
export async function tilesBench(db: DataSource, databaseUrl: string, redisUrl: string, log: (line: string) => void): Promise<boolean> {
  const tiles = await tilesOver(db, 16, 4000);
  const api = await spawnApi({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl }, PORT);
  try {
    let bytes = 0;
    await bounded(tiles, CONCURRENCY, async (t) => {
      const r = await get(api.port, path(t));
      if (r.status !== 200 && r.status !== 204) throw new Error(`${path(t)}: HTTP ${r.status}`);
      bytes += r.bytes;
    });
    const ours = await timed(() => bounded(tiles, CONCURRENCY, async (t) => void (await get(api.port, path(t)))));
    const baseline = await timed(() => bounded(tiles, CONCURRENCY, (t) => rawTile(db, t)));
    const perSecond = tiles.length / ours.seconds;
    const line = benchLine({ name: 'tiles', oursS: ours.seconds, baselineS: baseline.seconds, target: 5, checks: [{ label: 'tiles/s', ok: perSecond >= 2000 }] });
    log(line);
    detail('tiles', `${tiles.length} z16 roads tiles (${(bytes / 1024 / 1024).toFixed(1)} MB), ${CONCURRENCY} at a time: cached ${perSecond.toFixed(0)} tiles/s over HTTP, raw ST_AsMVT ${(tiles.length / baseline.seconds).toFixed(0)} tiles/s`);
    return line.endsWith('PASS');
  } finally {
    await api.stop();
  }
}

/** `BENCH tiles-p975`: cold z14 tiles (a fresh API, nothing cached) within 50 ms at the 97.5th percentile. */
export async function tilesP975Bench(db: DataSource, databaseUrl: string, redisUrl: string, log: (line: string) => void): Promise<boolean> {
  const tiles = await tilesOver(db, 14, 5000);
  const api = await spawnApi({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl }, PORT + 1);
  try {
    const latencies: number[] = [];
    await bounded(tiles, 4, async (t) => {
      for (const layer of ['roads', 'buildings', 'cameras', 'streetlights']) {
        const r = await get(api.port, `/api/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`);
        if (r.status >= 500) throw new Error(`${layer} ${t.z}/${t.x}/${t.y}: HTTP ${r.status}`);
        latencies.push(r.seconds);
      }
    });
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    const line = benchLine({ name: 'tiles-p975', oursS: p(0.975), baselineS: 0.05, target: 1 });
    log(line);
    detail('tiles-p975', `${latencies.length} cold z14 tiles (roads, buildings, cameras, streetlights), 4 clients: p50 ${(p(0.5) * 1000).toFixed(1)} ms, p97.5 ${(p(0.975) * 1000).toFixed(1)} ms, max ${(p(1) * 1000).toFixed(1)} ms`);
    return line.endsWith('PASS');
  } finally {
    await api.stop();
  }
}
