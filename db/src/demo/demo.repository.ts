import type { EntityManager } from 'typeorm';
import { SRID } from '../data-source';
import { getLayer, LAYERS, type LayerDefinition, type LayerId, type PropertyType } from '../layers/layer-registry';
import { quoteIdent, tableOf } from '../layers/layer-sql';
import type { UnionRow } from './beat-generator';
import { DEMO_DATASET, type DemoRow } from './demo-types';

export interface InsertResult {
  inserted: number;
  repaired: number;
  skipped: number;
}

export interface LayerCount {
  rows: number;
  sample: number;
  repaired: number;
}

const SQL_TYPE: Record<PropertyType, string> = {
  text: 'text',
  enum: 'text',
  number: 'double precision',
  integer: 'integer',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamptz',
  json: 'jsonb',
};

/** Rows per INSERT: well under PostgreSQL's 65,535 bound parameters for every layer. */
const BATCH = 500;
const LOCK_KEY = 'mimamori-demo-load';

/** Every SQL statement of the demo loader. Table and column names come from the layer registry. */
export class DemoRepository {
  constructor(private readonly db: EntityManager) {}

  /** Serialises concurrent loads (e.g. `npm start` and a CLI run) until the transaction ends. */
  async lock(): Promise<void> {
    await this.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK_KEY]);
  }

  /**
   * The demo counts as loaded while any layer holds a row with its marker (soft-deleted ones
   * included): a partly edited demo is left alone, `reset` reloads it.
   */
  async isLoaded(): Promise<boolean> {
    const probes = LAYERS.map((layer) => `SELECT 1 FROM ${tableOf(layer)} WHERE extra->>'demo' = $1`).join(' UNION ALL ');
    const rows: { loaded: boolean }[] = await this.db.query(`SELECT EXISTS (${probes}) AS loaded`, [DEMO_DATASET]);
    return rows[0].loaded;
  }

  /** Empties the ten layer tables and the analysis runs (their result features cascade). */
  async deleteAll(): Promise<void> {
    await this.db.query('DELETE FROM analysis_run');
    await this.db.query('DELETE FROM countermeasure');
    for (const layer of LAYERS) await this.db.query(`DELETE FROM ${tableOf(layer)}`);
  }

  async counts(): Promise<Record<LayerId, LayerCount>> {
    const selects = LAYERS.map(
      (layer, i) =>
        `SELECT ${i} AS i, count(*)::int AS rows, (count(*) FILTER (WHERE sample))::int AS sample,
                (count(*) FILTER (WHERE extra ? 'geom_repaired'))::int AS repaired
         FROM ${tableOf(layer)} WHERE extra->>'demo' = $1 AND deleted_at IS NULL`,
    );
    const rows: { i: number; rows: number; sample: number; repaired: number }[] = await this.db.query(selects.join(' UNION ALL '), [DEMO_DATASET]);
    const out = {} as Record<LayerId, LayerCount>;
    for (const r of rows) out[LAYERS[r.i].id] = { rows: r.rows, sample: r.sample, repaired: r.repaired };
    return out;
  }

  /**
   * Batched multi-row INSERTs. Invalid polygons are repaired (ST_MakeValid, polygon parts
   * only) and flagged `extra.geom_repaired`; rows left empty, and invalid non-polygons, are skipped.
   */
  async insertRows(layerId: LayerId, organisationId: string, rows: readonly DemoRow[]): Promise<InsertResult> {
    const layer = getLayer(layerId);
    const total: InsertResult = { inserted: 0, repaired: 0, skipped: 0 };
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH);
      const { values, params } = valuesList(layer, organisationId, batch, { value: (row) => geometryText(layer, row), type: 'text' });
      const [result]: InsertResult[] = await this.db.query(
        `WITH src (organisation_id, external_id, sample, extra, ${columnList(layer)}, source_geom) AS (VALUES ${values}),
         raw AS (SELECT src.*, ${parseGeometry(layer, 'src.source_geom')} AS raw_geom FROM src),
         checked AS (
           SELECT raw.*, ST_IsValid(raw_geom) AS was_valid,
                  CASE WHEN ST_IsValid(raw_geom) THEN ${toStored(layer, 'raw_geom')} ELSE ${repaired(layer, 'raw_geom')} END AS geom
           FROM raw),
         ins AS (
           INSERT INTO ${tableOf(layer)} (organisation_id, external_id, sample, extra, ${columnList(layer)}, geom)
           SELECT organisation_id, external_id, sample,
                  CASE WHEN was_valid THEN extra ELSE extra || '{"geom_repaired": true}'::jsonb END, ${columnList(layer)}, geom
           FROM checked WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom)
           RETURNING 1)
         SELECT (SELECT count(*) FROM ins)::int AS inserted,
                (count(*) FILTER (WHERE NOT was_valid AND geom IS NOT NULL AND NOT ST_IsEmpty(geom)))::int AS repaired,
                (count(*) FILTER (WHERE geom IS NULL OR ST_IsEmpty(geom)))::int AS skipped
         FROM checked`,
        params,
      );
      total.inserted += result.inserted;
      total.repaired += result.repaired;
      total.skipped += result.skipped;
    }
    return total;
  }

  /** Rows whose geometry is the union of demo `blocks` rows of `partsOrganisationId`, given by external id. */
  async insertUnions(layerId: LayerId, organisationId: string, partsOrganisationId: string, rows: readonly UnionRow[]): Promise<number> {
    const layer = getLayer(layerId);
    const blocks = getLayer('blocks');
    const { values, params } = valuesList(layer, organisationId, rows, { value: (row) => row.parts, type: 'text[]' });
    const partsOrg = params.push(partsOrganisationId);
    const result: unknown[] = await this.db.query(
      `WITH src (organisation_id, external_id, sample, extra, ${columnList(layer)}, parts) AS (VALUES ${values})
       INSERT INTO ${tableOf(layer)} (organisation_id, external_id, sample, extra, ${columnList(layer)}, geom)
       SELECT organisation_id, external_id, sample, extra, ${columnList(layer)},
              (SELECT ST_Multi(ST_CollectionExtract(ST_Union(b.geom), 3)) FROM ${tableOf(blocks)} b
               WHERE b.organisation_id = $${partsOrg} AND b.external_id = ANY (src.parts) AND b.deleted_at IS NULL)
       FROM src RETURNING 1`,
      params,
    );
    return result.length;
  }
}

function columnList(layer: LayerDefinition): string {
  return layer.properties.map((p) => quoteIdent(p.name)).join(', ');
}

/** `($1::uuid, $2::text, …), (…)` with every value bound and cast to its column's type. */
function valuesList<R extends Omit<DemoRow, 'geometry'>>(
  layer: LayerDefinition,
  organisationId: string,
  rows: readonly R[],
  last: { value: (row: R) => unknown; type: 'text' | 'text[]' },
): { values: string; params: unknown[] } {
  const params: unknown[] = [organisationId];
  const known = new Set(layer.properties.map((p) => p.name));
  const tuples = rows.map((row) => {
    const unknown = Object.keys(row.properties).find((k) => !known.has(k));
    if (unknown) throw new Error(`${layer.id} ${row.externalId}: "${unknown}" is not a property of the layer`);
    const bind = (value: unknown, type: string) => `$${params.push(value)}::${type}`;
    const cells = [
      '$1::uuid',
      bind(row.externalId, 'text'),
      bind(row.sample, 'boolean'),
      bind(JSON.stringify(row.extra), 'jsonb'),
      ...layer.properties.map((p) => {
        const value = row.properties[p.name] ?? null;
        return bind(p.type === 'json' && value !== null ? JSON.stringify(value) : value, SQL_TYPE[p.type]);
      }),
      bind(last.value(row), last.type),
    ];
    return `(${cells.join(', ')})`;
  });
  return { values: tuples.join(', '), params };
}

/** GeoJSON text, or WKT `LINESTRING M (lon lat m, …)` for LineStringM layers (GeoJSON has no M). */
function geometryText(layer: LayerDefinition, row: DemoRow): string {
  if (layer.geometry !== 'LineStringM') return JSON.stringify(row.geometry);
  if (row.geometry.type !== 'LineString') throw new Error(`${layer.id} ${row.externalId}: expected a LineString with [lon, lat, m] positions`);
  return `LINESTRING M (${row.geometry.coordinates.map(([x, y, m]) => `${x} ${y} ${m}`).join(', ')})`;
}

function parseGeometry(layer: LayerDefinition, expr: string): string {
  return layer.geometry === 'LineStringM' ? `ST_GeomFromText(${expr}, ${SRID})` : `ST_SetSRID(ST_GeomFromGeoJSON(${expr}), ${SRID})`;
}

function toStored(layer: LayerDefinition, expr: string): string {
  return layer.geometry.startsWith('Multi') ? `ST_Multi(${expr})` : expr;
}

function repaired(layer: LayerDefinition, expr: string): string {
  return layer.geometry === 'MultiPolygon' ? `ST_Multi(ST_CollectionExtract(ST_MakeValid(${expr}), 3))` : 'NULL::geometry';
}
