import { Injectable } from '@nestjs/common';
import { findLayer, liveRows, quoteIdent, tableOf } from '@mimamori/db';
import type { TileAddress } from '../tiles/tile-address';
import { TILE_BUFFER, TILE_EXTENT } from '../tiles/tiles.repository';
import type { MeshCell } from './jis-mesh';
import type { PublicLayer } from './public-layers';
import { RequestDb } from '../core/request-db';

const CAMERAS = findLayer('cameras')!;
const MAX_FEATURES_PER_TILE = 20_000;

export interface MeshCount extends MeshCell {
  cameras: number;
}

/** Reads of the public view: allow-listed columns only, and camera counts per half mesh. */
@Injectable()
export class PublicRepository {
  constructor(private readonly db: RequestDb) {}

  async layerVersion(layer: PublicLayer): Promise<string> {
    const rows: { version: string }[] = await this.db.query(`SELECT version::text AS version FROM layer_state WHERE layer = $1`, [layer.layer.id]);
    return rows[0]?.version ?? '0';
  }

  async tile(pub: PublicLayer, tile: TileAddress): Promise<Buffer> {
    const params: unknown[] = [tile.z, tile.x, tile.y, MAX_FEATURES_PER_TILE, pub.layer.id];
    const columns = pub.properties.map((name) => `t.${quoteIdent(name)}`).join(', ');
    const kinds = pub.kinds === null ? '' : ` AND t.${quoteIdent('kind')} = ANY($${params.push(pub.kinds)}::text[])`;
    const active = pub.activeOnly ? ` AND t.${quoteIdent('status')} = 'active'` : '';
    const rows: { tile: Buffer }[] = await this.db.query(
      `SELECT ST_AsMVT(q, $5, ${TILE_EXTENT}, 'geom') AS tile FROM (
         SELECT ${columns}, ST_AsMVTGeom(t.geom_3857, ST_TileEnvelope($1, $2, $3), ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom
           FROM ${tableOf(pub.layer)} t
          WHERE t.geom_3857 && ST_TileEnvelope($1, $2, $3) AND ${liveRows('t')}${active}${kinds}
          ORDER BY t.id
          LIMIT $4
       ) q WHERE q.geom IS NOT NULL`,
      params,
    );
    return rows[0]?.tile ?? Buffer.alloc(0);
  }

  /** Active cameras per half-mesh cell in the row/column ranges, only cells with at least `minimum`. */
  meshCounts(rows: [number, number], cols: [number, number], minimum: number): Promise<MeshCount[]> {
    return this.db.query(
      `SELECT c.row, c.col, count(*)::int AS cameras
         FROM (SELECT floor(ST_Y(t.geom) * 240)::int AS row, floor(ST_X(t.geom) * 160)::int AS col
                 FROM ${tableOf(CAMERAS)} t
                WHERE ${liveRows('t')} AND t.${quoteIdent('status')} = 'active'
                  AND t.geom && ST_MakeEnvelope($3::float8 / 160, $1::float8 / 240, ($4::float8 + 1) / 160, ($2::float8 + 1) / 240, 4326)) c
        WHERE c.row BETWEEN $1 AND $2 AND c.col BETWEEN $3 AND $4
        GROUP BY c.row, c.col
       HAVING count(*) >= $5
        ORDER BY c.row, c.col`,
      [rows[0], rows[1], cols[0], cols[1], minimum],
    );
  }
}
