import { getLayer, liveRows, tableOf } from '@mimamori/db';
import type { Vec } from '../../kernels/coverage/coverage.types';
import type { BenchTrack } from './bench-tracks';
import type { Queryable } from './patrol.repository';

const TRACKS = tableOf(getLayer('patrol-tracks'));
const BEATS = tableOf(getLayer('beats'));
const ROADS = tableOf(getLayer('roads'));
const DRIVABLE = ['primary', 'secondary', 'tertiary', 'unclassified', 'residential', 'living_street', 'service'];

/**
 * The baseline of BENCH patrol-beats: per-beat patrol length by a plain ST_Intersection join of
 * tracks × beats in the metric zone.
 */
const BASELINE_SQL = `
SELECT b.id::float8 AS id, sum(ST_Length(ST_Intersection(ST_Transform(t.geom, $1::int), ST_Transform(b.geom, $1::int)))) / 1000 AS km
  FROM ${TRACKS} t JOIN ${BEATS} b ON ST_Intersects(t.geom, b.geom)
 WHERE ${liveRows('t')} AND ${liveRows('b')}
 GROUP BY b.id`;

/** Statements of the patrol benchmark; run on one connection inside a transaction that is rolled back. */
export class PatrolBenchRepository {
  constructor(private readonly db: Queryable) {}

  async drivableRoads(srid: number): Promise<Vec[][]> {
    const rows: { g: string }[] = await this.db.query(
      `SELECT ST_AsGeoJSON(ST_Transform(r.geom, $1::int), 3) AS g FROM ${ROADS} r WHERE ${liveRows('r')} AND r.class = ANY($2::text[]) ORDER BY r.id`,
      [srid, DRIVABLE],
    );
    return rows.map((r) => (JSON.parse(r.g) as { coordinates: Vec[] }).coordinates);
  }

  async anyOrganisation(): Promise<string> {
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM organisation ORDER BY created_at LIMIT 1`);
    if (!rows[0]) throw new Error('the database has no organisation: load the demo first');
    return rows[0].id;
  }

  /** Inserts tracks given in metres (srid) as police patrol tracks, many per statement. */
  async insertTracks(organisationId: string, tracks: readonly BenchTrack[], srid: number): Promise<void> {
    const track: number[] = [];
    const x: number[] = [];
    const y: number[] = [];
    const m: number[] = [];
    tracks.forEach((t, i) => {
      for (let o = 0; o < t.xyt.length; o += 3) {
        track.push(i);
        x.push(t.xyt[o]);
        y.push(t.xyt[o + 1]);
        m.push(t.xyt[o + 2]);
      }
    });
    await this.db.query(
      `INSERT INTO ${TRACKS} (organisation_id, unit, kind, started_at, ended_at, sample, geom)
       SELECT $1, u.units[v.track + 1], 'police', to_timestamp(min(v.m)), to_timestamp(max(v.m)), true,
              ST_Transform(ST_SetSRID(ST_MakeLine(ST_MakePointM(v.x, v.y, v.m) ORDER BY v.n), $2::int), 4326)
         FROM unnest($3::int[], $4::float8[], $5::float8[], $6::float8[]) WITH ORDINALITY AS v(track, x, y, m, n)
        CROSS JOIN (SELECT $7::text[] AS units) u
        GROUP BY v.track, u.units`,
      [organisationId, srid, track, x, y, m, tracks.map((t) => t.unit)],
    );
  }

  /**
   * Hides the stored tracks for the rest of the (rolled back) transaction. Recorded tracks may
   * retrace a street exactly, and ST_Intersection dissolves such overlaps (counting the street
   * once), so only the generated tracks, whose GPS noise never repeats, compare fairly.
   */
  async hideStoredTracks(): Promise<void> {
    await this.db.query(`UPDATE ${TRACKS} t SET deleted_at = now() WHERE ${liveRows('t')}`);
  }

  async analyze(): Promise<void> {
    await this.db.query(`ANALYZE ${TRACKS}`);
  }

  async baselineKmPerBeat(srid: number): Promise<{ id: number; km: number }[]> {
    return this.db.query(BASELINE_SQL, [srid]);
  }
}
