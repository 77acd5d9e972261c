import { Injectable } from '@nestjs/common';
import type { Role } from '@mimamori/db';
import { RequestDb } from '../core/request-db';

export interface UserCredentials {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  organisationId: string;
  organisationName: string;
}

@Injectable()
export class AuthRepository {
  constructor(private readonly db: RequestDb) {}

  async findByUsername(username: string): Promise<UserCredentials | null> {
    const rows: UserCredentials[] = await this.db.query(
      `SELECT u.id, u.username, u.password_hash AS "passwordHash", u.role,
              u.organisation_id AS "organisationId", o.name AS "organisationName"
         FROM app_user u JOIN organisation o ON o.id = u.organisation_id
        WHERE u.username = $1`,
      [username],
    );
    return rows[0] ?? null;
  }

  allPasswordHashes(): Promise<{ username: string; passwordHash: string }[]> {
    return this.db.query(`SELECT username, password_hash AS "passwordHash" FROM app_user`);
  }
}
