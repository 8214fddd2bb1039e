import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL } from '../database/database.module';
import { recordAudit } from './audit-log.repository';
import type { AuditActor } from './principal';
import type { Role } from './role';
import { inTransaction, Queryable } from './transaction';

export interface Member {
  userId: string;
  email: string;
  role: Role;
  createdAt: string;
}

/** Why a membership change was refused. */
export type MembershipRefusal = 'no_such_user' | 'not_member' | 'already_member' | 'last_admin';

export type MembershipChange = { ok: true; member: Member; previousRole?: Role } | { ok: false; reason: MembershipRefusal };

interface MemberRow {
  user_id: string;
  email: string;
  role: Role;
  created_at: Date;
}

const toMember = (r: MemberRow): Member => ({ userId: r.user_id, email: r.email, role: r.role, createdAt: r.created_at.toISOString() });

/** Inserts a membership and its audit row; false when the user already belongs to the workspace. */
export async function insertMembership(db: Queryable, workspaceId: string, userId: string, role: Role, actor: AuditActor): Promise<boolean> {
  const { rowCount } = await db.query(
    'INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (workspace_id, user_id) DO NOTHING',
    [workspaceId, userId, role],
  );
  if (!rowCount) return false;
  await recordAudit(db, { workspaceId, actor, action: 'member.add', target: `user:${userId}`, details: { role } });
  return true;
}

@Injectable()
export class MembershipRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The user's role in the workspace, or null when the user is not a member (or the workspace does not exist). */
  async roleOf(workspaceId: string, userId: string): Promise<Role | null> {
    const { rows } = await this.pool.query<{ role: Role }>('SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId]);
    return rows[0]?.role ?? null;
  }

  async list(workspaceId: string): Promise<Member[]> {
    const { rows } = await this.pool.query<MemberRow>(
      `SELECT m.user_id, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.workspace_id = $1 ORDER BY u.email`,
      [workspaceId],
    );
    return rows.map(toMember);
  }

  /** Adds the user with this (lower-cased) email to the workspace. */
  async addByEmail(workspaceId: string, email: string, role: Role, actor: AuditActor): Promise<MembershipChange> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]);
      const userId = rows[0]?.id;
      if (!userId) return { ok: false, reason: 'no_such_user' };
      if (!(await insertMembership(client, workspaceId, userId, role, actor))) return { ok: false, reason: 'already_member' };
      return { ok: true, member: (await this.memberOf(client, workspaceId, userId))! };
    });
  }

  /** Changes a member's role, refusing to demote the workspace's last admin. */
  async changeRole(workspaceId: string, userId: string, role: Role, actor: AuditActor): Promise<MembershipChange> {
    return inTransaction(this.pool, async (client) => {
      const roles = await this.lockRoles(client, workspaceId);
      const previous = roles.get(userId);
      if (!previous) return { ok: false, reason: 'not_member' };
      if (previous === 'admin' && role !== 'admin' && adminCount(roles) === 1) return { ok: false, reason: 'last_admin' };
      if (previous !== role) {
        await client.query('UPDATE memberships SET role = $3 WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId, role]);
        await recordAudit(client, { workspaceId, actor, action: 'member.role_change', target: `user:${userId}`, details: { from: previous, to: role } });
      }
      return { ok: true, member: (await this.memberOf(client, workspaceId, userId))!, previousRole: previous };
    });
  }

  /** Removes a member, refusing to remove the workspace's last admin. */
  async remove(workspaceId: string, userId: string, actor: AuditActor): Promise<MembershipChange> {
    return inTransaction(this.pool, async (client) => {
      const roles = await this.lockRoles(client, workspaceId);
      const previous = roles.get(userId);
      if (!previous) return { ok: false, reason: 'not_member' };
      if (previous === 'admin' && adminCount(roles) === 1) return { ok: false, reason: 'last_admin' };
      const member = (await this.memberOf(client, workspaceId, userId))!;
      await client.query('DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId]);
      await recordAudit(client, { workspaceId, actor, action: 'member.remove', target: `user:${userId}`, details: { role: previous, email: member.email } });
      return { ok: true, member, previousRole: previous };
    });
  }

  /**
   * Locks every membership row of the workspace for the transaction, so two admins demoting each other at the
   * same moment cannot both pass the last-admin check.
   */
  private async lockRoles(client: PoolClient, workspaceId: string): Promise<Map<string, Role>> {
    const { rows } = await client.query<{ user_id: string; role: Role }>('SELECT user_id, role FROM memberships WHERE workspace_id = $1 FOR UPDATE', [workspaceId]);
    return new Map(rows.map((r) => [r.user_id, r.role]));
  }

  private async memberOf(db: Queryable, workspaceId: string, userId: string): Promise<Member | null> {
    const { rows } = await db.query<MemberRow>(
      'SELECT m.user_id, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 AND m.user_id = $2',
      [workspaceId, userId],
    );
    return rows[0] ? toMember(rows[0]) : null;
  }
}

function adminCount(roles: Map<string, Role>): number {
  let n = 0;
  for (const role of roles.values()) if (role === 'admin') n++;
  return n;
}
