import { Injectable } from '@nestjs/common';
import { featureJson, liveRows, propertiesJson, tableOf, type LayerDefinition, type Sensitivity } from '@mimamori/db';
import { normaliseFeature, Params, rowColumns, rowScope, toStoredRow, type StoredRow } from './feature-sql';
import type { Feature } from './geojson-types';
import type { ListQuery } from './request-params';
import { RequestDb } from '../core/request-db';

export interface LayerStats {
  count: number;
  extent: [number, number, number, number] | null;
  version: number;
}

export interface CsvRow {
  id: string;
  properties: Record<string, unknown>;
  wkt: string;
  lon?: number;
  lat?: number;
}

interface StatsRow {
  layer: string;
  count: number;
  w: number | null;
  s: number | null;
  e: number | null;
  n: number | null;
  version: string;
}

/** Every read of the layers API, plus PostGIS's validity verdict on incoming geometries. */
@Injectable()
export class LayersRepository {
  constructor(private readonly db: RequestDb) {}

  async stats(layers: readonly LayerDefinition[]): Promise<Map<string, LayerStats>> {
    if (layers.length === 0) return new Map();
    const params = new Params();
    const parts = layers.map(
      (layer) => `SELECT ${params.add(layer.id, 'text')} AS layer, count(*)::int AS count, ST_Extent(t.geom) AS ext
                    FROM ${tableOf(layer)} t WHERE ${liveRows('t')}${rowScope(layer, 't', (v) => params.add(v))}`,
    );
    const rows: StatsRow[] = await this.db.query(
      `SELECT u.layer, u.count, ST_XMin(u.ext) AS w, ST_YMin(u.ext) AS s, ST_XMax(u.ext) AS e, ST_YMax(u.ext) AS n,
              COALESCE(ls.version, 1) AS version
         FROM (${parts.join(' UNION ALL ')}) u LEFT JOIN layer_state ls ON ls.layer = u.layer`,
      params.values,
    );
    return new Map(
      rows.map((r) => [r.layer, { count: r.count, extent: r.w === null ? null : [r.w, r.s!, r.e!, r.n!], version: Number(r.version) }]),
    );
  }

  async findFeature(layer: LayerDefinition, id: string, clearance: Sensitivity): Promise<StoredRow | null> {
    const params = [id];
    const rows = await this.db.query(
      `SELECT ${rowColumns(layer, 't', clearance)} FROM ${tableOf(layer)} t WHERE t.id = $1 AND ${liveRows('t')}${rowScope(layer, 't', (v) => `$${params.push(v as string)}`)}`,
      params,
    );
    return rows.length === 0 ? null : toStoredRow(layer, rows[0]);
  }

  async listFeatures(layer: LayerDefinition, clearance: Sensitivity, query: ListQuery): Promise<{ features: Feature[]; matched: number }> {
    const params = new Params();
    const where = [liveRows('t') + rowScope(layer, 't', (v) => params.add(v))];
    if (query.bbox) {
      const [w, s, e, n] = query.bbox.map((v) => params.add(v, 'float8'));
      where.push(`ST_Intersects(t.geom, ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))`);
    }
    const filter = `FROM ${tableOf(layer)} t WHERE ${where.join(' AND ')}`;
    const [{ matched }] = await this.db.query(`SELECT count(*)::int AS matched ${filter}`, params.values);
    const limit = params.add(query.limit, 'int4');
    const offset = params.add(query.offset, 'int8');
    const rows: { feature: Feature }[] = await this.db.query(
      `SELECT ${featureJson(layer, 't', clearance)} AS feature ${filter} ORDER BY t.id LIMIT ${limit} OFFSET ${offset}`,
      params.values,
    );
    return { features: rows.map((r) => normaliseFeature(layer, r.feature)), matched };
  }

  /** PostGIS's reason for each geometry that is not valid, by index in the input. */
  async invalidGeometries(geometries: readonly string[]): Promise<Map<number, string>> {
    try {
      const rows: { i: number; reason: string }[] = await this.db.query(
        `SELECT u.i::int - 1 AS i, ST_IsValidReason(x.g) AS reason
           FROM unnest($1::text[]) WITH ORDINALITY AS u(json, i)
           CROSS JOIN LATERAL (SELECT ST_GeomFromGeoJSON(u.json) AS g) x
          WHERE NOT ST_IsValid(x.g)`,
        [geometries],
      );
      return new Map(rows.map((r) => [r.i, r.reason]));
    } catch (err) {
      if (geometries.length === 1) return new Map([[0, (err as Error).message]]);
      // One geometry PostGIS cannot even read fails the whole statement: find it row by row.
      const out = new Map<number, string>();
      for (let i = 0; i < geometries.length; i++) {
        const reason = (await this.invalidGeometries([geometries[i]])).get(0);
        if (reason !== undefined) out.set(i, reason);
      }
      return out;
    }
  }

  /** A page of live features after `afterId`, in id order (keyset paging for exports). */
  async exportFeatures(layer: LayerDefinition, clearance: Sensitivity, afterId: string, limit: number): Promise<{ id: string; feature: Feature }[]> {
    const params: unknown[] = [afterId, limit];
    const rows: { id: string; feature: Feature }[] = await this.db.query(
      `SELECT t.id, ${featureJson(layer, 't', clearance)} AS feature FROM ${tableOf(layer)} t
        WHERE ${liveRows('t')} AND t.id > $1${rowScope(layer, 't', (v) => `$${params.push(v)}`)} ORDER BY t.id LIMIT $2`,
      params,
    );
    return rows.map((r) => ({ id: r.id, feature: normaliseFeature(layer, r.feature) }));
  }

  /**
   * The keys of the layer's extra (unmodelled) properties with the types their values have:
   * JSON types, with whole numbers told apart as "integer".
   */
  async extraPropertyTypes(layer: LayerDefinition): Promise<Map<string, string[]>> {
    const params: unknown[] = [];
    const rows: { key: string; types: string[] }[] = await this.db.query(
      `SELECT x.key, array_agg(DISTINCT x.type ORDER BY x.type) AS types
         FROM (SELECT e.key, CASE WHEN jsonb_typeof(e.value) = 'number' AND (e.value::text)::numeric % 1 = 0 THEN 'integer'
                                  ELSE jsonb_typeof(e.value) END AS type
                 FROM ${tableOf(layer)} t CROSS JOIN LATERAL jsonb_each(t.extra) e
                WHERE ${liveRows('t')}${rowScope(layer, 't', (v) => `$${params.push(v)}`)} AND jsonb_typeof(e.value) <> 'null') x
        GROUP BY x.key ORDER BY x.key`,
      params,
    );
    return new Map(rows.map((r) => [r.key, r.types]));
  }

  exportCsvRows(layer: LayerDefinition, clearance: Sensitivity, afterId: string, limit: number): Promise<CsvRow[]> {
    const point = layer.geometry === 'Point' ? ', ST_X(t.geom) AS lon, ST_Y(t.geom) AS lat' : '';
    const params: unknown[] = [afterId, limit];
    return this.db.query(
      `SELECT t.id, ${propertiesJson(layer, 't', clearance)} AS properties, ST_AsText(t.geom, 7) AS wkt${point}
         FROM ${tableOf(layer)} t WHERE ${liveRows('t')} AND t.id > $1${rowScope(layer, 't', (v) => `$${params.push(v)}`)} ORDER BY t.id LIMIT $2`,
      params,
    );
  }
}
