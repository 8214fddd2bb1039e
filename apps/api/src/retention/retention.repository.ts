import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { recordAudit } from '../workspaces/audit-log.repository';
import type { AuditActor } from '../workspaces/principal';
import { inTransaction } from '../workspaces/transaction';
import { EventPartition, partitionOf, WorkspaceRetention } from './retention-plan';

/** The same lock ensure_event_partition() takes, so a partition is never dropped while it is being created. */
const PARTITION_LOCK = 'mailpulse.events.partitions';

@Injectable()
export class RetentionRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The workspace's own setting (null: the default applies); undefined when there is no such workspace. */
  async getSetting(workspaceId: string): Promise<{ retentionDays: number | null } | undefined> {
    const { rows } = await this.pool.query<{ retention_days: number | null }>('SELECT retention_days FROM workspaces WHERE id = $1', [workspaceId]);
    return rows[0] ? { retentionDays: rows[0].retention_days } : undefined;
  }

  /** Stores the setting and its audit row in one transaction; returns the previous setting. */
  async setSetting(workspaceId: string, retentionDays: number | null, actor: AuditActor): Promise<{ previous: number | null } | undefined> {
    return inTransaction(this.pool, async (db) => {
      const { rows } = await db.query<{ retention_days: number | null }>('SELECT retention_days FROM workspaces WHERE id = $1 FOR UPDATE', [workspaceId]);
      if (!rows[0]) return undefined;
      const previous = rows[0].retention_days;
      await db.query('UPDATE workspaces SET retention_days = $2 WHERE id = $1', [workspaceId, retentionDays]);
      await recordAudit(db, { workspaceId, actor, action: 'retention.change', target: `workspace:${workspaceId}`, details: { from: previous, to: retentionDays } });
      return { previous };
    });
  }

  async listSettings(): Promise<WorkspaceRetention[]> {
    const { rows } = await this.pool.query<{ id: string; retention_days: number | null }>('SELECT id, retention_days FROM workspaces ORDER BY id');
    return rows.map((r) => ({ workspaceId: r.id, retentionDays: r.retention_days }));
  }

  /** The event table's daily partitions, oldest first. */
  async listEventPartitions(): Promise<EventPartition[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass`,
    );
    return rows
      .map((r) => partitionOf(r.name))
      .filter((p): p is EventPartition => p !== null)
      .sort((a, b) => a.from.getTime() - b.from.getTime());
  }

  /** Drops one daily partition of the event table (all workspaces' raw events of that day). */
  async dropEventPartition(partition: EventPartition): Promise<void> {
    if (partitionOf(partition.name)?.name !== partition.name) throw new Error(`not an event partition: ${partition.name}`);
    await inTransaction(this.pool, async (db) => {
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [PARTITION_LOCK]);
      await db.query(`DROP TABLE IF EXISTS "${partition.name}"`);
    });
  }

  /** Deletes the workspace's raw events that occurred before `horizon`; returns how many. Rollups are not touched. */
  async deleteEventsBefore(workspaceId: string, horizon: Date): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM events WHERE workspace_id = $1 AND occurred_at < $2', [workspaceId, horizon]);
    return rowCount ?? 0;
  }

  /**
   * Deletes the workspace's sent or given-up notification messages written before `horizon` (each holds a copy
   * of the event it was about); returns how many. Waiting ones are left to be sent.
   */
  async deleteNotificationsBefore(workspaceId: string, horizon: Date): Promise<number> {
    const { rowCount } = await this.pool.query(`DELETE FROM notification_deliveries WHERE workspace_id = $1 AND created_at < $2 AND status <> 'pending'`, [workspaceId, horizon]);
    return rowCount ?? 0;
  }

  async recordPurge(workspaceId: string, details: Record<string, unknown>, actor: AuditActor): Promise<void> {
    await recordAudit(this.pool, { workspaceId, actor, action: 'retention.purge', target: `workspace:${workspaceId}`, details });
  }
}
