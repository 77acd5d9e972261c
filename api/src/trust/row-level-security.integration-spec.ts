import { randomBytes } from 'node:crypto';
import { SERVING_ROLE, type Role } from '@mimamori/db';
import type { EntityManager } from 'typeorm';
import { createApp } from '../app.factory';
import type { Principal } from '../auth/auth.types';
import { RequestDb } from '../core/request-db';
import { servingRoleProblems } from '../core/serving-role';
import { createTestApp, TestApp } from '../testing/test-app';
import { insertTrustRows, TrustRows } from '../testing/trust-fixtures';

interface Identity {
  org: string | null;
  role: Role | null;
}

describe('row-level security: the serving role in the database itself (real PostGIS)', () => {
  let t: TestApp;
  let rows: TrustRows;

  beforeAll(async () => {
    t = await createTestApp();
    rows = await insertTrustRows(t);
  });
  afterAll(() => t.close());

  /** Raw SQL as the API runs it: the serving role with a request's identity, rolled back after. */
  async function asApp<T>(who: Identity, work: (em: EntityManager) => Promise<T>): Promise<T> {
    const runner = t.db.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT set_config('role', $1, true), set_config('mimamori.org_id', $2, true), set_config('mimamori.role', $3, true)`, [
        SERVING_ROLE,
        who.org ?? '',
        who.role ?? '',
      ]);
      return await work(runner.manager);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  const count = async (em: EntityManager, sql: string, params: unknown[] = []) => Number((await em.query(sql, params))[0].n);
  const cityPlanner = (): Identity => ({ org: t.orgs.city, role: 'planner' });

  it('lets a city planner read every camera but no police patrol track, even by id', async () => {
    await asApp(cityPlanner(), async (em) => {
      expect(await count(em, `SELECT count(*) AS n FROM layer_cameras WHERE id = $1`, [rows.cityCameraId])).toBe(1);
      expect(await count(em, `SELECT count(*) AS n FROM layer_patrol_tracks`)).toBe(0);
      expect(await count(em, `SELECT count(*) AS n FROM layer_patrol_tracks WHERE id = $1`, [rows.policeTrackId])).toBe(0);
    });
    expect(await count(t.db.manager, `SELECT count(*) AS n FROM layer_patrol_tracks`)).toBe(2);
  });

  it('shows police rows to police clearance, and through a share only the sharing organisation’s rows', async () => {
    await asApp({ org: t.orgs.city, role: 'police' }, async (em) => {
      expect(await count(em, `SELECT count(*) AS n FROM layer_patrol_tracks`)).toBe(2);
    });
    await asApp({ org: null, role: 'viewer' }, async (em) => {
      expect(await count(em, `SELECT count(*) AS n FROM layer_patrol_tracks`)).toBe(0);
    });
    await t.db.query(`INSERT INTO layer_share (layer, from_org, to_org) VALUES ('patrol-tracks', $1, $2)`, [t.orgs.police, t.orgs.city]);
    try {
      await asApp(cityPlanner(), async (em) => {
        const ids: { id: string }[] = await em.query(`SELECT id::text AS id FROM layer_patrol_tracks`);
        expect(ids.map((r) => r.id)).toEqual([rows.policeTrackId]);
      });
    } finally {
      await t.db.query(`DELETE FROM layer_share WHERE layer = 'patrol-tracks'`);
    }
  });

  it('refuses writes into another organisation: inserts fail, updates and deletes of its rows touch nothing', async () => {
    const insertCamera = (em: EntityManager, org: string) =>
      em.query(
        `INSERT INTO layer_cameras (organisation_id, name, bearing_deg, hfov_deg, range_m, geom)
         VALUES ($1, 'intruder', 0, 60, 30, ST_SetSRID(ST_MakePoint(139.7, 35.69), 4326))`,
        [org],
      );
    await asApp(cityPlanner(), async (em) => {
      await expect(insertCamera(em, t.orgs.police)).rejects.toThrow(/row-level security/);
    });
    await asApp(cityPlanner(), async (em) => {
      const [, updated] = await em.query(`UPDATE layer_beats SET households = 1 WHERE id = $1`, [rows.beatId]);
      const [, deleted] = await em.query(`DELETE FROM layer_beats WHERE id = $1`, [rows.beatId]);
      expect([updated, deleted]).toEqual([0, 0]);
      await expect(em.query(`UPDATE layer_cameras SET organisation_id = $1 WHERE id = $2`, [t.orgs.police, rows.cityCameraId])).rejects.toThrow(/row-level security/);
    });
    await asApp({ org: null, role: 'viewer' }, async (em) => {
      await expect(insertCamera(em, t.orgs.city)).rejects.toThrow(/row-level security/);
    });
    await asApp(cityPlanner(), async (em) => {
      await insertCamera(em, t.orgs.city);
      const [, updated] = await em.query(`UPDATE layer_cameras SET name = 'renamed' WHERE id = $1`, [rows.cityCameraId]);
      expect(updated).toBe(1);
    });
    const [beat] = await t.db.query(`SELECT households FROM layer_beats WHERE id = $1`, [rows.beatId]);
    expect(beat.households).toBe(987654);
  });

  it('gives the serving role INSERT and SELECT on audit_log and no privilege to change or remove rows', async () => {
    const denied = /permission denied for table audit_log/;
    for (const sql of [`UPDATE audit_log SET action = 'forged'`, `DELETE FROM audit_log`, `TRUNCATE audit_log`]) {
      await asApp(cityPlanner(), async (em) => {
        await em.query(`INSERT INTO audit_log (organisation_id, action) VALUES ($1, 'probe')`, [t.orgs.city]);
        expect(await count(em, `SELECT count(*) AS n FROM audit_log WHERE action = 'probe'`)).toBe(1);
        await expect(em.query(sql)).rejects.toMatchObject({ message: expect.stringMatching(denied), driverError: { code: '42501' } });
      });
    }
  });

  it('serves API queries as the serving role with the request identity, anonymous outside a request', async () => {
    const db = t.app.get(RequestDb);
    const [row] = await db.query(`SELECT current_user AS "user", current_setting('mimamori.role') AS role`);
    expect(row).toEqual({ user: SERVING_ROLE, role: '' });
    expect(await servingRoleProblems(t.db, SERVING_ROLE)).toEqual([]);

    const within = <T>(principal: Principal, work: () => Promise<T>) =>
      new Promise<T>((resolve, reject) => db.bind({ principal }, () => void work().then(resolve, reject)));
    const planner: Principal = { userId: null, username: 'p', role: 'planner', organisationId: t.orgs.city };
    const tracks = () => db.query(`SELECT count(*)::int AS n FROM layer_patrol_tracks`);
    expect(await within(planner, tracks)).toEqual([{ n: 0 }]);
    expect(await within({ ...planner, role: 'police' }, tracks)).toEqual([{ n: 2 }]);
    const intrude = () => db.transaction((em) => em.query(`UPDATE layer_beats SET households = 1 WHERE id = $1`, [rows.beatId]));
    expect(await within(planner, intrude)).toEqual([[], 0]);
    // A tile's statement: serial plans, set in the same round trip as the identity, for that statement only.
    const workers = `SELECT current_user AS "user", current_setting('mimamori.role') AS role, current_setting('max_parallel_workers_per_gather') AS workers`;
    expect(await within(planner, () => db.query(workers, [], { serialPlan: true }))).toEqual([{ user: SERVING_ROLE, role: 'planner', workers: '0' }]);
    const [plain] = await within(planner, () => db.query(workers));
    expect(plain.workers).not.toBe('0');
  });

  it('refuses to start when told to serve as the owner of the tables', async () => {
    const [{ owner }] = await t.db.query(`SELECT current_user AS owner`);
    await expect(createApp(t.config, { logger: false, servingRole: owner })).rejects.toThrow(
      new RegExp(`refusing to serve requests as database role ${owner}: ${owner} owns \\d+ table`),
    );
  });

  it('finds a serving role that owns even one table, and one it cannot switch to', async () => {
    const role = `mimamori_test_owner_${randomBytes(4).toString('hex')}`;
    await t.db.query(`CREATE ROLE ${role} NOLOGIN`);
    try {
      await t.db.query(`GRANT ${role} TO CURRENT_USER; GRANT CREATE ON SCHEMA public TO ${role}`);
      await t.db.query(`CREATE TABLE owned_probe (id int); ALTER TABLE owned_probe OWNER TO ${role}`);
      expect(await servingRoleProblems(t.db, role)).toEqual([`${role} owns 1 table(s) (public.owned_probe), and row-level security does not bind owners`]);
      await t.db.query(`DROP TABLE owned_probe; REVOKE ${role} FROM CURRENT_USER`);
      expect(await servingRoleProblems(t.db, role)).toEqual([expect.stringMatching(new RegExp(`^cannot switch to role ${role} \\(permission denied`))]);
    } finally {
      await t.db.query(`DROP TABLE IF EXISTS owned_probe; REVOKE CREATE ON SCHEMA public FROM ${role}`);
      await t.db.query(`DROP ROLE ${role}`);
    }
  });
});
