import { binary, createTestApp, TestApp } from '../testing/test-app';


// z16 tiles in 新宿区: A = 58201/25801 (lon 139.70764–139.71313, lat 35.70192–35.70638), B five tiles east of it.
const A = '16/58201/25801';
const B = '16/58206/25801';

describe('tile cache: an edit invalidates only the tiles it touched', () => {
  let t: TestApp;
  let planner: string;

  beforeAll(async () => {
    t = await createTestApp();
    planner = await t.tokenFor('planner');
  });
  afterAll(() => t.close());

  const tile = (path: string, etag?: string) => {
    const req = t.http().get(`/api/tiles/cameras/${path}.mvt`).buffer(true).parse(binary).set('Authorization', `Bearer ${planner}`);
    return etag ? req.set('If-None-Match', etag) : req;
  };

  async function insertCamera(lon: number, lat: number): Promise<number> {
    const rows: { id: string }[] = await t.db.query(
      `INSERT INTO layer_cameras (organisation_id, name, bearing_deg, hfov_deg, range_m, night_capable, installed_on, status, geom)
       VALUES ($1, 'cam', 90, 60, 30, true, '2024-04-01', 'active', ST_SetSRID(ST_MakePoint($2, $3), 4326)) RETURNING id`,
      [t.orgs.city, lon, lat],
    );
    return Number(rows[0].id);
  }

  /** Moves a camera as the layers service does: new geometry, updated_at, an audit entry with the feature before. */
  async function moveCamera(id: number, lon: number, lat: number): Promise<void> {
    await t.db.query(
      `INSERT INTO audit_log (action, layer, feature_id, before)
       SELECT 'update', 'cameras', id, jsonb_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(geom)::jsonb) FROM layer_cameras WHERE id = $1`,
      [id],
    );
    await t.db.query(`UPDATE layer_cameras SET geom = ST_SetSRID(ST_MakePoint($2, $3), 4326), updated_at = now(), version = version + 1 WHERE id = $1`, [id, lon, lat]);
  }

  it('keeps serving (and 304-ing) untouched tiles across edits, and re-renders the touched ones', async () => {
    const inA = await insertCamera(139.709, 35.704);
    await insertCamera(139.737, 35.704);
    const a1 = await tile(A).expect(200);
    const b1 = await tile(B).expect(200);

    await moveCamera(inA, 139.711, 35.705);
    // B did not change: same ETag, still a 304; A did: a new ETag and new bytes.
    await tile(B, b1.headers.etag).expect(304);
    const a2 = await tile(A, a1.headers.etag).expect(200);
    expect(a2.headers.etag).not.toBe(a1.headers.etag);
    expect(Buffer.compare(a2.body, a1.body)).not.toBe(0);

    // Moving it from A into B touches both: its old place (from the audit log) and its new one.
    await moveCamera(inA, 139.738, 35.705);
    const a3 = await tile(A, a2.headers.etag).expect(200);
    const b3 = await tile(B, b1.headers.etag).expect(200);
    expect(a3.headers.etag).not.toBe(a2.headers.etag);
    expect(b3.body.length).toBeGreaterThan(b1.body.length);
    expect(a3.body.length).toBeLessThan(a2.body.length);

    // A soft delete in B is an edit of B only.
    await t.db.query(`UPDATE layer_cameras SET deleted_at = now(), updated_at = now() WHERE id = $1`, [inA]);
    await tile(A, a3.headers.etag).expect(304);
    const b4 = await tile(B, b3.headers.etag).expect(200);
    expect(b4.body.length).toBeLessThan(b3.body.length);
  });
});
