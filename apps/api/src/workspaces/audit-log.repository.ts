import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { AuditActor } from './principal';
import type { Queryable } from './transaction';

export type AuditAction =
  | 'workspace.create'
  | 'api_key.create'
  | 'api_key.revoke'
  | 'member.add'
  | 'member.role_change'
  | 'member.remove'
  | 'user.create'
  | 'retention.change'
  | 'retention.purge'
  | 'contact.export'
  | 'contact.erase'
  | 'dashboard.create'
  | 'dashboard.update'
  | 'dashboard.delete'
  | 'notification_rule.create'
  | 'notification_rule.update'
  | 'notification_rule.delete';

export interface AuditEntry {
  id: number;
  workspaceId: string | null;
  actor: string;
  actorUserId: string | null;
  action: AuditAction;
  target: string | null;
  details: Record<string, unknown>;
  at: string;
}

/**
 * Writes one audit row. Takes the transaction's client so the row commits (or rolls back) together with the
 * change it describes.
 */
export async function recordAudit(
  db: Queryable,
  entry: { workspaceId: string | null; actor: AuditActor; action: AuditAction; target?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await db.query('INSERT INTO audit_log (workspace_id, actor, actor_user_id, action, target, details) VALUES ($1, $2, $3, $4, $5, $6)', [
    entry.workspaceId,
    entry.actor.actor,
    entry.actor.userId,
    entry.action,
    entry.target ?? null,
    JSON.stringify(entry.details ?? {}),
  ]);
}

interface AuditRow {
  id: number;
  workspace_id: string | null;
  actor: string;
  actor_user_id: string | null;
  action: AuditAction;
  target: string | null;
  details: Record<string, unknown>;
  at: Date;
}

@Injectable()
export class AuditLogRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The workspace's audit rows, newest first; `beforeId` pages further back. */
  async list(workspaceId: string, limit: number, beforeId?: number): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT id, workspace_id, actor, actor_user_id, action, target, details, at FROM audit_log
        WHERE workspace_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
      [workspaceId, beforeId ?? null, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      actor: r.actor,
      actorUserId: r.actor_user_id,
      action: r.action,
      target: r.target,
      details: r.details,
      at: r.at.toISOString(),
    }));
  }
}
