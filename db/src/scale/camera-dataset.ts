import type { DataSource } from 'typeorm';
import { findLayer } from '../layers/layer-registry';
import { propertyColumns } from '../layers/layer-sql';

/** Suffix of the external ids of generated cameras (unique per organisation like every external id). */
const DENSE_SEPARATOR = '#dense';

/**
 * Adds cameras until the layer holds `total` live ones (the load benchmark's 200,000): copies of
 * the cameras already there, each moved by up to ±0.0015° (about ±150 m) and turned by up to ±45°,
 * both from a hash of the camera and the copy number, so the result is the same on every run.
 * Earlier generated cameras are removed first; returns the live count.
 */
export async function densifyCameras(db: DataSource, total: number): Promise<number> {
  if (!Number.isInteger(total) || total < 1 || total > 2_000_000) throw new Error(`cameras must be an integer in [1, 2000000], got ${total}`);
  const layer = findLayer('cameras')!;
  const columns = propertyColumns(layer);
  const values = columns.map((c) => (c === '"bearing_deg"' ? `mod((t.${c} + (abs(hashtext(k.src || 'b')) % 91) - 45 + 360)::numeric, 360)::double precision` : `t.${c}`));
  const offset = (salt: string) => `((abs(hashtext(k.src || '${salt}')) % 3001) - 1500) * 1e-6`;
  return db.transaction(async (tx) => {
    await tx.query(`DELETE FROM layer_cameras WHERE external_id LIKE '%${DENSE_SEPARATOR}%'`);
    const [{ base }] = await tx.query(`SELECT count(*)::int AS base FROM layer_cameras WHERE deleted_at IS NULL`);
    if (base === 0) throw new Error('load the demo first: layer_cameras is empty');
    if (base < total) {
      await tx.query(
        `INSERT INTO layer_cameras (organisation_id, external_id, sample, extra, ${columns.join(', ')}, geom)
         SELECT t.organisation_id, k.src, t.sample, t.extra, ${values.join(', ')}, ST_Translate(t.geom, ${offset('x')}, ${offset('y')})
           FROM layer_cameras t
           CROSS JOIN generate_series(1, $1::int) AS c(n)
           CROSS JOIN LATERAL (SELECT coalesce(t.external_id, t.id::text) || '${DENSE_SEPARATOR}' || c.n AS src) k
          WHERE t.deleted_at IS NULL
          ORDER BY c.n, t.id
          LIMIT $2`,
        [Math.ceil(total / base) - 1, total - base],
      );
    }
    const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM layer_cameras WHERE deleted_at IS NULL`);
    return n;
  });
}
