import { Injectable } from '@nestjs/common';
import type { LayerId } from '@mimamori/db';
import type { EntityManager } from 'typeorm';
import type { GeoJsonGeometry } from '../geojson-types';
import { RequestDb } from '../../core/request-db';

export interface ToTransform {
  geometry: GeoJsonGeometry;
  srid: number;
  /** Merge overlapping or touching parts into one outline first. */
  dissolve: boolean;
}

export type Transformed = { geometry: GeoJsonGeometry } | { error: string };

export interface SavedMapping {
  mapping: Record<string, string>;
  columns: string[];
}

/** The import's own SQL: coordinate transforms in PostGIS and saved column mappings. */
@Injectable()
export class ImportRepository {
  constructor(private readonly db: RequestDb) {}

  /**
   * Geometries in EPSG:4326 (9 decimals, about 0.1 mm), each transformed from its SRID with
   * ST_Transform; a geometry PostGIS cannot read or transform gets its error instead.
   */
  async toWgs84(items: readonly ToTransform[]): Promise<Transformed[]> {
    if (items.length === 0) return [];
    try {
      const rows: { i: number; geojson: string }[] = await this.db.query(
        `SELECT u.i::int - 1 AS i,
                ST_AsGeoJSON(ST_Force2D(ST_Transform(CASE WHEN u.dissolve THEN ST_UnaryUnion(x.g) ELSE x.g END, 4326)), 9) AS geojson
           FROM unnest($1::text[], $2::int[], $3::boolean[]) WITH ORDINALITY AS u(json, srid, dissolve, i)
           CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_GeomFromGeoJSON(u.json), u.srid) AS g) x`,
        [items.map((t) => JSON.stringify(t.geometry)), items.map((t) => t.srid), items.map((t) => t.dissolve)],
      );
      const out: Transformed[] = new Array(items.length);
      for (const r of rows) out[r.i] = { geometry: JSON.parse(r.geojson) as GeoJsonGeometry };
      return out;
    } catch (err) {
      if (items.length === 1) return [{ error: (err as Error).message }];
      const out: Transformed[] = [];
      for (const item of items) out.push((await this.toWgs84([item]))[0]);
      return out;
    }
  }

  async knownSrid(srid: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM spatial_ref_sys WHERE srid = $1', [srid]);
    return rows.length === 1;
  }

  async findMapping(organisationId: string, layer: LayerId, columnsKey: string): Promise<SavedMapping | null> {
    const rows: SavedMapping[] = await this.db.query(
      'SELECT mapping, columns FROM import_mapping WHERE organisation_id = $1 AND layer = $2 AND columns_key = $3',
      [organisationId, layer, columnsKey],
    );
    return rows[0] ?? null;
  }

  async saveMapping(
    em: EntityManager,
    entry: { organisationId: string; layer: LayerId; columnsKey: string; columns: string[]; mapping: Record<string, string>; userId: string | null },
  ): Promise<void> {
    await em.query(
      `INSERT INTO import_mapping (organisation_id, layer, columns_key, columns, mapping, updated_by)
       VALUES ($1, $2, $3, $4::text[], $5::jsonb, $6)
       ON CONFLICT (organisation_id, layer, columns_key)
       DO UPDATE SET columns = EXCLUDED.columns, mapping = EXCLUDED.mapping, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [entry.organisationId, entry.layer, entry.columnsKey, entry.columns, JSON.stringify(entry.mapping), entry.userId],
    );
  }
}
