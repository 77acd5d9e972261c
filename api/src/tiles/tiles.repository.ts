import { Injectable } from '@nestjs/common';
import { LayerDefinition, liveRows, PropertySpec, quoteIdent, Sensitivity, tableOf, visibleProperties } from '@mimamori/db';
import { DataSource } from 'typeorm';
import { rowOrganisations, rowScope } from '../layers/feature-sql';
import type { TileAddress } from './tile-address';

export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
/** Tiles also carry features within the clipping buffer, so symbols at tile edges are not cut. */
const MARGIN = TILE_BUFFER / TILE_EXTENT;

export type Bbox = [west: number, south: number, east: number, north: number];

export interface LayerTileOptions {
  /** ST_SimplifyPreserveTopology tolerance in 3857 units (0 = keep every vertex). */
  simplifyTolerance: number;
  /** Features whose bounding box is smaller than this in both directions are left out (0 = keep all). */
  minFeatureSize: number;
  maxFeatures: number;
}

export interface RunState {
  id: string;
  type: string;
  status: string;
  finishedAt: string | null;
}

/** MVT attributes support strings, numbers and booleans; dates and JSON travel as text. */
function attribute(p: PropertySpec): string {
  const column = `t.${quoteIdent(p.name)}`;
  switch (p.type) {
    case 'date':
    case 'json':
      return `${column}::text`;
    case 'timestamp':
      return `to_json(${column}) #>> '{}'`;
    case 'text':
    case 'enum':
    case 'number':
    case 'integer':
    case 'boolean':
      return column;
  }
}

@Injectable()
export class TilesRepository {
  constructor(private readonly db: DataSource) {}

  async layerVersion(layer: LayerDefinition): Promise<string> {
    const rows: { version: string }[] = await this.db.query(`SELECT version::text AS version FROM layer_state WHERE layer = $1`, [layer.id]);
    const version = rows[0]?.version ?? '0';
    // Tiles and extents are cached by version: a shared view's content differs, so its key does too.
    const organisations = rowOrganisations(layer);
    return organisations === null ? version : `${version}@${organisations.join(',')}`;
  }

  /** Bounding box of the live rows in lon/lat, or null for an empty layer. */
  async layerExtent(layer: LayerDefinition): Promise<Bbox | null> {
    const params: unknown[] = [];
    const rows: { w: number | null; s: number; e: number; n: number }[] = await this.db.query(
      `SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n
         FROM (SELECT ST_Extent(t.geom) AS x FROM ${tableOf(layer)} t WHERE ${liveRows('t')}${rowScope(layer, 't', (v) => `$${params.push(v)}`)}) extent`,
      params,
    );
    const r = rows[0];
    return r && r.w !== null ? [r.w, r.s, r.e, r.n] : null;
  }

  async layerTile(layer: LayerDefinition, clearance: Sensitivity, tile: TileAddress, options: LayerTileOptions): Promise<Buffer> {
    const attributes = visibleProperties(layer, clearance).map((p) => `${attribute(p)} AS ${quoteIdent(p.name)}`);
    const params: unknown[] = [tile.z, tile.x, tile.y, options.maxFeatures, layer.id];
    const geometry = options.simplifyTolerance > 0 ? `ST_SimplifyPreserveTopology(t.geom_3857, $${params.push(options.simplifyTolerance)})` : 't.geom_3857';
    let sizeFilter = rowScope(layer, 't', (v) => `$${params.push(v)}`);
    if (options.minFeatureSize > 0) {
      const size = `$${params.push(options.minFeatureSize)}`;
      sizeFilter += ` AND (ST_XMax(t.geom_3857) - ST_XMin(t.geom_3857) >= ${size} OR ST_YMax(t.geom_3857) - ST_YMin(t.geom_3857) >= ${size})`;
    }
    const rows: { tile: Buffer }[] = await this.db.query(
      `SELECT ST_AsMVT(q, $5, ${TILE_EXTENT}, 'geom', 'id') AS tile FROM (
         SELECT t.id, ${[...attributes, 't.sample'].join(', ')},
                ST_AsMVTGeom(${geometry}, ST_TileEnvelope($1, $2, $3), ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom
           FROM ${tableOf(layer)} t
          WHERE t.geom_3857 && ST_TileEnvelope($1, $2, $3, margin => ${MARGIN}) AND ${liveRows('t')} ${sizeFilter}
          ORDER BY t.id
          LIMIT $4
       ) q WHERE q.geom IS NOT NULL`,
      params,
    );
    return rows[0]?.tile ?? Buffer.alloc(0);
  }

  async findRun(runId: string): Promise<RunState | null> {
    const rows: RunState[] = await this.db.query(
      `SELECT id, type, status, finished_at::text AS "finishedAt" FROM analysis_run WHERE id = $1`,
      [runId],
    );
    return rows[0] ?? null;
  }

  /** Result features of a run; attributes are `kind` and the scalar top-level properties. */
  async analysisTile(runId: string, tile: TileAddress, maxFeatures: number): Promise<Buffer> {
    const rows: { tile: Buffer }[] = await this.db.query(
      `SELECT ST_AsMVT(q, 'analysis', ${TILE_EXTENT}, 'geom', 'id') AS tile FROM (
         SELECT f.id, f.kind,
                COALESCE((SELECT jsonb_object_agg(p.key, p.value) FROM jsonb_each(f.properties) p
                           WHERE p.key NOT IN ('kind', 'id') AND jsonb_typeof(p.value) IN ('string', 'number', 'boolean')), '{}'::jsonb) AS properties,
                ST_AsMVTGeom(f.geom_3857, ST_TileEnvelope($2, $3, $4), ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom
           FROM analysis_feature f
          WHERE f.run_id = $1 AND f.geom_3857 && ST_TileEnvelope($2, $3, $4, margin => ${MARGIN})
          ORDER BY f.id
          LIMIT $5
       ) q WHERE q.geom IS NOT NULL`,
      [runId, tile.z, tile.x, tile.y, maxFeatures],
    );
    return rows[0]?.tile ?? Buffer.alloc(0);
  }
}
