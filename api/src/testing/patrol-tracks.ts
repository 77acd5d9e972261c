import type { DataSource } from 'typeorm';

/** GPX-like test tracks in EPSG:6677: random drives along real roads, with GPS noise and times. */
export type Xy = [number, number];
export interface MetricRoad {
  id: number;
  coords: Xy[];
}

/** Deterministic PRNG (mulberry32): the same seed gives the same tracks on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const key = ([x, y]: Xy) => `${x.toFixed(2)},${y.toFixed(2)}`;

/** A drive of at least `targetM` metres from a random road, turning at random where roads meet (no U-turn but at dead ends). */
export function randomDrive(roads: readonly MetricRoad[], random: () => number, targetM: number): Xy[] {
  const atNode = new Map<string, { road: number; forward: boolean }[]>();
  roads.forEach((r, i) => {
    for (const [end, forward] of [[r.coords[0], true], [r.coords[r.coords.length - 1], false]] as const) {
      atNode.set(key(end), [...(atNode.get(key(end)) ?? []), { road: i, forward }]);
    }
  });
  let road = Math.floor(random() * roads.length);
  let forward = random() < 0.5;
  const path: Xy[] = [];
  let length = 0;
  for (let step = 0; step < 500 && length < targetM; step++) {
    const coords = forward ? roads[road].coords : [...roads[road].coords].reverse();
    for (const p of path.length === 0 ? coords : coords.slice(1)) {
      if (path.length > 0) length += Math.hypot(p[0] - path[path.length - 1][0], p[1] - path[path.length - 1][1]);
      path.push(p);
    }
    const options = (atNode.get(key(coords[coords.length - 1])) ?? []).filter((o) => o.road !== road);
    const next = options.length > 0 ? options[Math.floor(random() * options.length)] : { road, forward: !forward };
    road = next.road;
    forward = next.forward;
  }
  return path;
}

/** Vertices every `stepM` metres with up to ±`noiseM` of sideways GPS noise, timed at `speed` m/s from `startS`. */
export function gpsTrack(path: readonly Xy[], random: () => number, startS: number, speed: number, stepM = 8, noiseM = 2): [number, number, number][] {
  const out: [number, number, number][] = [];
  let along = 0;
  for (let i = 0; i + 1 < path.length; i++) {
    const [x0, y0] = path[i];
    const [x1, y1] = path[i + 1];
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len === 0) continue;
    const steps = Math.max(1, Math.round(len / stepM));
    for (let k = i === 0 ? 0 : 1; k <= steps; k++) {
      const f = k / steps;
      const side = (random() * 2 - 1) * noiseM;
      out.push([x0 + f * (x1 - x0) - (side * (y1 - y0)) / len, y0 + f * (y1 - y0) + (side * (x1 - x0)) / len, startS + (along + f * len) / speed]);
    }
    along += len;
  }
  return out;
}

/** Inserts a LineString M (EPSG:6677 vertices, M in epoch seconds or NaN) as a patrol track; returns its id. */
export async function insertTrack(
  db: DataSource,
  organisationId: string,
  track: { unit: string; kind: string; xyt: [number, number, number][]; recordTimes?: boolean },
): Promise<number> {
  const times = track.xyt.map((p) => p[2]).filter(Number.isFinite);
  const recorded = track.recordTimes !== false && times.length > 0;
  const [row] = await db.query(
    `INSERT INTO layer_patrol_tracks (organisation_id, unit, kind, started_at, ended_at, geom)
     SELECT $1, $2, $3, to_timestamp($4), to_timestamp($5),
            ST_Transform(ST_SetSRID(ST_MakeLine(ST_MakePointM(u.x, u.y, u.m) ORDER BY u.i), 6677), 4326)
       FROM unnest($6::float8[], $7::float8[], $8::float8[]) WITH ORDINALITY AS u(x, y, m, i)
     RETURNING id::int AS id`,
    [
      organisationId,
      track.unit,
      track.kind,
      recorded ? Math.min(...times) : null,
      recorded ? Math.max(...times) : null,
      track.xyt.map((p) => p[0]),
      track.xyt.map((p) => p[1]),
      track.xyt.map((p) => p[2]),
    ],
  );
  return row.id;
}

/** Live roads of the given classes, in EPSG:6677. */
export async function metricRoads(db: DataSource, classes: readonly string[]): Promise<MetricRoad[]> {
  const rows: { id: number; g: string }[] = await db.query(
    `SELECT id::int AS id, ST_AsGeoJSON(ST_Transform(geom, 6677), 3) AS g FROM layer_roads WHERE deleted_at IS NULL AND class = ANY($1::text[]) ORDER BY id`,
    [classes],
  );
  return rows.map((r) => ({ id: r.id, coords: JSON.parse(r.g).coordinates as Xy[] }));
}
