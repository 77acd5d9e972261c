import { Injectable } from '@nestjs/common';
import { featureJson, LayerDefinition, liveRows, Sensitivity, tableOf } from '@mimamori/db';
import type { Feature } from 'geojson';
import { rowScope } from '../layers/feature-sql';
import type { Bbox } from '../tiles/tiles.repository';
import { RequestDb } from '../core/request-db';

/** Features whose geometry intersects the box ($1..$4 = west, south, east, north). */
const BBOX_FILTER = `ST_Intersects(t.geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))`;

@Injectable()
export class OgcRepository {
  constructor(private readonly db: RequestDb) {}

  async count(layer: LayerDefinition, bbox?: Bbox): Promise<number> {
    const params: unknown[] = bbox ? [...bbox] : [];
    const rows: { n: string }[] = await this.db.query(
      `SELECT count(*) AS n FROM ${tableOf(layer)} t
        WHERE ${liveRows('t')}${bbox ? ` AND ${BBOX_FILTER}` : ''}${rowScope(layer, 't', (v) => `$${params.push(v)}`)}`,
      params,
    );
    return Number(rows[0].n);
  }

  /** One page in id order, so offsets page through a stable sequence. */
  async page(layer: LayerDefinition, clearance: Sensitivity, bbox: Bbox | undefined, limit: number, offset: number): Promise<Feature[]> {
    const params: unknown[] = bbox ? [...bbox] : [];
    const where = (bbox ? ` AND ${BBOX_FILTER}` : '') + rowScope(layer, 't', (v) => `$${params.push(v)}`);
    const rows: { feature: Feature }[] = await this.db.query(
      `SELECT ${featureJson(layer, 't', clearance)} AS feature
         FROM ${tableOf(layer)} t
        WHERE ${liveRows('t')}${where}
        ORDER BY t.id
        LIMIT $${params.push(limit)} OFFSET $${params.push(offset)}`,
      params,
    );
    return rows.map((r) => r.feature);
  }

  async find(layer: LayerDefinition, clearance: Sensitivity, id: string): Promise<Feature | null> {
    const params: unknown[] = [id];
    const rows: { feature: Feature }[] = await this.db.query(
      `SELECT ${featureJson(layer, 't', clearance)} AS feature FROM ${tableOf(layer)} t
        WHERE t.id = $1 AND ${liveRows('t')}${rowScope(layer, 't', (v) => `$${params.push(v)}`)}`,
      params,
    );
    return rows[0]?.feature ?? null;
  }
}
