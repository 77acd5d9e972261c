import { DataSource, type EntityManager } from 'typeorm';

/** Where an edit is written: in a transaction of its own (a DataSource) or in one already open. */
type Writer = DataSource | EntityManager;

/**
 * Moves a camera the way the layers service does (new geometry, version + 1, updated_at, an
 * audit entry with the feature before), for incremental-coverage tests and benchmarks.
 */
export async function moveCamera(db: Writer, cameraId: number, dxDeg: number, dyDeg: number): Promise<void> {
  await editCamera(db, cameraId, 'update', 'geom = ST_Translate(geom, $2, $3)', [dxDeg, dyDeg]);
}

/** Soft-deletes a camera the way the layers service does (with its audit entry). */
export async function deleteCamera(db: Writer, cameraId: number): Promise<void> {
  await editCamera(db, cameraId, 'delete', 'deleted_at = now()', []);
}

/** `change` is a constant SET clause whose parameters ($2, …) are `values`. */
async function editCamera(db: Writer, cameraId: number, action: 'update' | 'delete', change: string, values: number[]): Promise<void> {
  const write = async (tx: EntityManager) => {
    const [before] = await tx.query(
      `SELECT jsonb_build_object('type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geom)::jsonb,
                                 'properties', jsonb_build_object('range_m', range_m, 'bearing_deg', bearing_deg)) AS feature
         FROM layer_cameras WHERE id = $1`,
      [cameraId],
    );
    await tx.query(`UPDATE layer_cameras SET ${change}, version = version + 1, updated_at = now() WHERE id = $1`, [cameraId, ...values]);
    await tx.query(`INSERT INTO audit_log (action, layer, feature_id, before, after) VALUES ($2, 'cameras', $1, $3, NULL)`, [
      cameraId,
      action,
      before.feature,
    ]);
  };
  await (db instanceof DataSource ? db.transaction(write) : write(db));
}
