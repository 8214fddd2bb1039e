import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { recordAudit } from '../workspaces/audit-log.repository';
import { insertMembership } from '../workspaces/membership.repository';
import type { AuditActor } from '../workspaces/principal';
import type { Role } from '../workspaces/role';
import { inTransaction } from '../workspaces/transaction';

export interface User {
  id: string;
  email: string;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export type CreateUserResult = { ok: true; user: User } | { ok: false; reason: 'email_taken' | 'no_such_workspace' };

@Injectable()
export class UserRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async findByEmail(email: string): Promise<UserWithPassword | null> {
    const { rows } = await this.pool.query<{ id: string; email: string; password_hash: string }>('SELECT id, email, password_hash FROM users WHERE email = $1', [email]);
    const row = rows[0];
    return row ? { id: row.id, email: row.email, passwordHash: row.password_hash } : null;
  }

  async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.pool.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
  }

  /**
   * Creates a user (and, with `membership`, makes them a member of that workspace) in one transaction, each
   * step audited. With `onlyIfNoUsersBut`, nothing is created when any user other than those addresses exists
   * (first-admin bootstrap; an advisory lock keeps replicas starting together from creating two).
   */
  async create(
    email: string,
    passwordHash: string,
    actor: AuditActor,
    options: { membership?: { workspaceId: string; role: Role }; onlyIfNoUsersBut?: string[] } = {},
  ): Promise<CreateUserResult | { ok: false; reason: 'users_exist' }> {
    return inTransaction(this.pool, async (client) => {
      if (options.onlyIfNoUsersBut) {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['mailpulse.first-admin']);
        const { rows } = await client.query<{ n: number }>('SELECT count(*) AS n FROM users WHERE NOT (email = ANY($1::text[]))', [options.onlyIfNoUsersBut]);
        if (rows[0]!.n > 0) return { ok: false, reason: 'users_exist' } as const;
      }
      const workspaceId = options.membership?.workspaceId ?? null;
      if (workspaceId && !(await client.query('SELECT 1 FROM workspaces WHERE id = $1', [workspaceId])).rowCount) {
        return { ok: false, reason: 'no_such_workspace' } as const;
      }
      const { rows } = await client.query<{ id: string }>(
        'INSERT INTO users (email, password_hash) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING RETURNING id',
        [email, passwordHash],
      );
      const id = rows[0]?.id;
      if (!id) return { ok: false, reason: 'email_taken' } as const;
      await recordAudit(client, { workspaceId, actor, action: 'user.create', target: `user:${id}`, details: { email } });
      if (options.membership) await insertMembership(client, options.membership.workspaceId, id, options.membership.role, actor);
      return { ok: true, user: { id, email } } as const;
    });
  }
}
