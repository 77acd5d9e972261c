import { DEMO_PASSWORD, type Role } from '@mimamori/db';
import * as argon2 from 'argon2';
import type { TestApp } from './test-app';

/** Values that only police clearance may ever receive, in any channel. */
export const POLICE_ONLY_MARKERS = ['LEAK-UNIT-7731', '987654', '55501', '44402', 'priority_households', 'businesses'];

export const ROLES_MATRIX: readonly Role[] = ['admin', 'planner', 'police', 'viewer'];

export interface TrustRows {
  beatId: string;
  policeTrackId: string;
  schoolTrackId: string;
  cityCameraId: string;
}

/** A police beat with household counts, patrol tracks of the police and of a school, a city camera. */
export async function insertTrustRows(t: TestApp): Promise<TrustRows> {
  const [beat] = await t.db.query(
    `INSERT INTO layer_beats (organisation_id, code, name, post, station, households, priority_households, businesses, geom)
     VALUES ($1, 'B-TRUST', '検証区', '検証交番', '検証署', 987654, 55501, 44402,
             ST_Multi(ST_MakeEnvelope(139.700, 35.690, 139.702, 35.692, 4326))) RETURNING id::text AS id`,
    [t.orgs.police],
  );
  const track = async (org: string, unit: string) =>
    (
      await t.db.query(
        `INSERT INTO layer_patrol_tracks (organisation_id, unit, kind, started_at, ended_at, geom)
         VALUES ($1, $2, 'police', to_timestamp(1700000000), to_timestamp(1700000600),
                 ST_SetSRID(ST_MakeLine(ST_MakePointM(139.7005, 35.6905, 1700000000), ST_MakePointM(139.7015, 35.6915, 1700000600)), 4326))
         RETURNING id::text AS id`,
        [org, unit],
      )
    )[0].id as string;
  const [camera] = await t.db.query(
    `INSERT INTO layer_cameras (organisation_id, name, bearing_deg, hfov_deg, range_m, geom)
     VALUES ($1, 'city camera', 90, 60, 30, ST_SetSRID(ST_MakePoint(139.7011, 35.6911), 4326)) RETURNING id::text AS id`,
    [t.orgs.city],
  );
  return { beatId: beat.id, policeTrackId: await track(t.orgs.police, 'LEAK-UNIT-7731'), schoolTrackId: await track(t.orgs.school, 'OTHER-UNIT-4410'), cityCameraId: camera.id };
}

/** Users `<org>-<role>` for the city and police organisations, with the demo password. */
export async function insertMatrixUsers(t: TestApp): Promise<void> {
  const hash = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id });
  for (const org of ['city', 'police'] as const) {
    for (const role of ROLES_MATRIX) {
      await t.db.query(
        `INSERT INTO app_user (username, display_name, password_hash, role, organisation_id) VALUES ($1, $1, $2, $3, $4)`,
        [`${org}-${role}`, hash, role, t.orgs[org]],
      );
    }
  }
}

export async function login(t: TestApp, username: string): Promise<string> {
  const res = await t.http().post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status}`);
  return res.body.accessToken as string;
}
