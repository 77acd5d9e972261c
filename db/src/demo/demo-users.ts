import * as argon2 from 'argon2';
import type { DataSource, EntityManager } from 'typeorm';
import { DEMO_PASSWORD } from '../demo-password';
import type { OrganisationKind } from '../entities/organisation.entity';
import type { Role } from '../entities/user.entity';

export interface DemoOrganisation {
  key: 'admin' | 'city' | 'police' | 'school';
  name: string;
  kind: OrganisationKind;
}

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { key: 'admin', name: 'Mimamori 運用管理', kind: 'other' },
  { key: 'city', name: '新宿区 地域安全課 (サンプル)', kind: 'city' },
  { key: 'police', name: '戸塚警察署 (サンプル)', kind: 'police' },
  { key: 'school', name: '新宿区立 戸山小学校 (サンプル)', kind: 'school' },
];

export const DEMO_USERS: readonly { username: Role; role: Role; org: DemoOrganisation['key']; displayName: string }[] = [
  { username: 'admin', role: 'admin', org: 'admin', displayName: '管理者' },
  { username: 'planner', role: 'planner', org: 'city', displayName: '地域安全課 担当' },
  { username: 'police', role: 'police', org: 'police', displayName: '地域課 警察官' },
  { username: 'viewer', role: 'viewer', org: 'city', displayName: '閲覧者' },
];

export type DemoOrganisationIds = Record<DemoOrganisation['key'], string>;

/** Creates (or finds) the demo organisations and users; idempotent. */
export async function seedDemoUsers(db: DataSource | EntityManager): Promise<DemoOrganisationIds> {
  const ids = {} as DemoOrganisationIds;
  for (const org of DEMO_ORGANISATIONS) {
    const rows: { id: string }[] = await db.query(
      `INSERT INTO organisation (name, kind) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind RETURNING id`,
      [org.name, org.kind],
    );
    ids[org.key] = rows[0].id;
  }
  const hash = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id });
  for (const user of DEMO_USERS) {
    await db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, organisation_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING`,
      [user.username, user.displayName, hash, user.role, ids[user.org]],
    );
  }
  return ids;
}
