import { Injectable } from '@nestjs/common';
import { tableOf, type LayerDefinition } from '@mimamori/db';
import { DataSource } from 'typeorm';
import type { LonLatBox } from './tile-freshness';

export interface Watermark {
  xmax: string;
  xip: string[];
}

/**
 * Where a layer changed. Written rows are found by their transaction id (`xmin`), not by
 * `updated_at`: a long import stamps rows with its start time but becomes visible only when it
 * commits, and every transaction committing after a watermark has an id at or above it.
 */
@Injectable()
export class TileInvalidationRepository {
  // The owner connection, not RequestDb: the tile cache is shared by every reader, so changes must be found in rows no single reader may see.
  constructor(private readonly db: DataSource) {}

  /** Every layer's version (layer_state, no secret), in one round trip: it is read for every tile request (see VersionReads). */
  async layerVersions(): Promise<Map<string, string>> {
    const rows: { layer: string; version: string }[] = await this.db.query(`SELECT layer, version::text AS version FROM layer_state`);
    return new Map(rows.map((r) => [r.layer, r.version]));
  }

  /**
   * The transactions not visible now: those running (xip) and every later one (from xmax). Rows
   * they write are the news of the next check. 32-bit ids, compared with age() across wraparound.
   */
  async watermark(): Promise<Watermark> {
    const [row] = await this.db.query(
      `WITH s AS (SELECT pg_current_snapshot() AS s)
       SELECT (pg_snapshot_xmax(s.s)::text::numeric % 4294967296)::bigint::text AS xmax,
              ARRAY(SELECT (x::text::numeric % 4294967296)::bigint::text FROM pg_snapshot_xip(s.s) x) AS xip
         FROM s`,
    );
    return { xmax: row.xmax, xip: row.xip };
  }

  /**
   * Boxes of the rows written since the watermark (their geometry now, deleted rows included) and
   * of their geometry before each edit (audit log); at most `limit` + 1 boxes, and the new watermark.
   */
  async touchedSince(layer: LayerDefinition, watermark: Watermark, limit: number): Promise<{ boxes: LonLatBox[]; watermark: Watermark }> {
    const next = await this.watermark();
    const rows: { w: number; s: number; e: number; n: number }[] = await this.db.query(
      `WITH touched AS (
         SELECT t.geom::box2d AS b FROM ${tableOf(layer)} t WHERE age(t.xmin) <= age($1::text::xid) OR t.xmin::text = ANY($4::text[])
         UNION ALL
         SELECT ST_GeomFromGeoJSON(a.before->'geometry')::box2d FROM audit_log a
          WHERE a.layer = $2 AND (age(a.xmin) <= age($1::text::xid) OR a.xmin::text = ANY($4::text[])) AND jsonb_typeof(a.before->'geometry') = 'object'
       )
       SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n FROM touched WHERE b IS NOT NULL LIMIT $3`,
      [watermark.xmax, layer.id, limit + 1, watermark.xip],
    );
    return { boxes: rows.map((r) => [r.w, r.s, r.e, r.n]), watermark: next };
  }
}
