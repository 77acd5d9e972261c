import type { DataSource } from 'typeorm';
import { LAYERS, type LayerId } from '../layers/layer-registry';
import { propertyColumns, quoteIdent } from '../layers/layer-sql';

/**
 * The scale dataset: the demo's real Shinjuku layers (and its samples) replicated on a grid
 * of N copies, so N = 1 is the demo and N = 100 covers about 400 km². Each copy is shifted by
 * whole multiples of the extract's size; points get a per-copy jitter of up to ±1 m and
 * cameras a per-copy bearing change, so copies are not bit-identical.
 */
export interface ScaleSummary {
  scale: number;
  counts: Record<LayerId, number>;
}

const COPY_SEPARATOR = '#copy';

export async function replicateDemo(db: DataSource, scale: number, log: (msg: string) => void = () => undefined): Promise<ScaleSummary> {
  if (!Number.isInteger(scale) || scale < 1 || scale > 400) throw new Error(`scale must be an integer in [1, 400], got ${scale}`);
  const [extent] = await db.query(
    `SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n
       FROM (SELECT ST_Extent(geom)::geometry AS e FROM layer_roads WHERE external_id NOT LIKE '%${COPY_SEPARATOR}%') x`,
  );
  if (extent.w === null) throw new Error('load the demo first: layer_roads is empty');
  const width = Number(extent.e) - Number(extent.w);
  const height = Number(extent.n) - Number(extent.s);
  const cols = Math.ceil(Math.sqrt(scale));

  await db.transaction(async (tx) => {
    for (const layer of LAYERS) {
      const table = quoteIdent(layer.table);
      await tx.query(`DELETE FROM ${table} WHERE external_id LIKE '%${COPY_SEPARATOR}%'`);
      if (scale === 1) continue;
      const columns = propertyColumns(layer);
      const values = columns.map((c) => (layer.id === 'cameras' && c === '"bearing_deg"' ? `mod((t.${c} + (abs(hashtext(t.external_id || c.n::text)) % 21) - 10 + 360)::numeric, 360)::double precision` : `t.${c}`));
      const jitter = layer.geometry === 'Point' ? `((abs(hashtext(t.external_id || c.n::text)) % 2001) - 1000) * 1e-8` : '0';
      await tx.query(
        `INSERT INTO ${table} (organisation_id, external_id, sample, extra, ${columns.join(', ')}, geom)
         SELECT t.organisation_id, t.external_id || '${COPY_SEPARATOR}' || c.n, t.sample, t.extra, ${values.join(', ')},
                ST_Translate(t.geom, $1::float8 * (c.n % $3::int) + ${jitter}, $2::float8 * (c.n / $3::int) + ${jitter})
           FROM ${table} t CROSS JOIN generate_series(1, $4::int - 1) AS c(n)
          WHERE t.deleted_at IS NULL AND (t.external_id IS NULL OR t.external_id NOT LIKE '%${COPY_SEPARATOR}%')`,
        [width * 1.05, height * 1.05, cols, scale],
      );
      log(`${layer.id}: replicated ×${scale}`);
    }
  });

  const counts = {} as Record<LayerId, number>;
  for (const layer of LAYERS) {
    const [row] = await db.query(`SELECT count(*)::int AS n FROM ${quoteIdent(layer.table)} WHERE deleted_at IS NULL`);
    counts[layer.id] = row.n;
  }
  return { scale, counts };
}
