import type { DashboardWidget } from '@mailpulse/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { recordAudit } from '../workspaces/audit-log.repository';
import type { AuditActor } from '../workspaces/principal';
import { inTransaction } from '../workspaces/transaction';

/** A stored dashboard as the repository reads it, for one viewer (whose default it may be). */
export interface DashboardRecord {
  id: string;
  workspaceId: string;
  ownerUserId: string | null;
  ownerEmail: string | null;
  name: string;
  description: string | null;
  shared: boolean;
  widgets: DashboardWidget[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** The viewer chose it as their default. */
  isViewersDefault: boolean;
}

export interface DashboardContent {
  name: string;
  description: string | undefined;
  shared: boolean;
  widgets: DashboardWidget[];
}

export type DashboardUpdateResult = { outcome: 'updated' } | { outcome: 'stale'; currentVersion: number } | { outcome: 'missing' };

interface DashboardRow {
  id: string;
  workspace_id: string;
  owner_user_id: string | null;
  owner_email: string | null;
  name: string;
  description: string | null;
  shared: boolean;
  widgets: DashboardWidget[];
  version: number;
  created_at: Date;
  updated_at: Date;
  is_default: boolean;
}

function toRecord(r: DashboardRow): DashboardRecord {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    ownerUserId: r.owner_user_id,
    ownerEmail: r.owner_email,
    name: r.name,
    description: r.description,
    shared: r.shared,
    widgets: r.widgets,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    isViewersDefault: r.is_default,
  };
}

/**
 * Dashboards visible to `$2` (a user id, or null for an API key: shared ones only) in workspace `$1`, with the
 * owner's address and whether `$2` chose it as default. Callers add conditions after it.
 */
const VISIBLE = `
  SELECT d.id, d.workspace_id, d.owner_user_id, u.email AS owner_email, d.name, d.description, d.shared, d.widgets,
         d.version, d.created_at, d.updated_at, (dd.dashboard_id IS NOT NULL) AS is_default
    FROM dashboards d
    LEFT JOIN users u ON u.id = d.owner_user_id
    LEFT JOIN dashboard_defaults dd ON dd.workspace_id = d.workspace_id AND dd.user_id = $2::uuid AND dd.dashboard_id = d.id
   WHERE d.workspace_id = $1 AND (d.shared OR ($2::uuid IS NOT NULL AND d.owner_user_id = $2::uuid))`;

const FOREIGN_KEY_VIOLATION = '23503';

/** Dashboards and members' default choices, always within one workspace. */
@Injectable()
export class DashboardRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The viewer's own dashboards and the shared ones, by name. */
  async listVisible(workspaceId: string, viewerUserId: string | null): Promise<DashboardRecord[]> {
    const { rows } = await this.pool.query<DashboardRow>(`${VISIBLE} ORDER BY lower(d.name), d.created_at, d.id`, [workspaceId, viewerUserId]);
    return rows.map(toRecord);
  }

  async findVisible(workspaceId: string, id: string, viewerUserId: string | null): Promise<DashboardRecord | null> {
    const { rows } = await this.pool.query<DashboardRow>(`${VISIBLE} AND d.id = $3`, [workspaceId, viewerUserId, id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** The dashboard the viewer chose as default, when they still see it. */
  async findChosenDefault(workspaceId: string, viewerUserId: string): Promise<DashboardRecord | null> {
    const { rows } = await this.pool.query<DashboardRow>(`${VISIBLE} AND dd.dashboard_id IS NOT NULL`, [workspaceId, viewerUserId]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** The workspace's oldest shared dashboard. */
  async findFirstShared(workspaceId: string, viewerUserId: string | null): Promise<DashboardRecord | null> {
    const { rows } = await this.pool.query<DashboardRow>(`${VISIBLE} AND d.shared ORDER BY d.created_at, d.id LIMIT 1`, [workspaceId, viewerUserId]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Stores a new dashboard and its audit row in one transaction. */
  async create(workspaceId: string, ownerUserId: string, content: DashboardContent, actor: AuditActor, details: Record<string, unknown> = {}): Promise<string> {
    return inTransaction(this.pool, async (db) => {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO dashboards (workspace_id, owner_user_id, name, description, shared, widgets) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [workspaceId, ownerUserId, content.name, content.description ?? null, content.shared, JSON.stringify(content.widgets)],
      );
      const id = rows[0]!.id;
      await recordAudit(db, {
        workspaceId,
        actor,
        action: 'dashboard.create',
        target: `dashboard:${id}`,
        details: { name: content.name, shared: content.shared, widgets: content.widgets.length, ...details },
      });
      return id;
    });
  }

  /**
   * Replaces the dashboard's content when its stored version is `expectedVersion`, raising the version; with the
   * audit row in the same transaction. A dashboard that stops being shared stops being anyone's default but its owner's.
   */
  async update(workspaceId: string, id: string, expectedVersion: number, content: DashboardContent, actor: AuditActor): Promise<DashboardUpdateResult> {
    return inTransaction(this.pool, async (db) => {
      const { rows } = await db.query<{ version: number; owner_user_id: string | null }>(
        `UPDATE dashboards SET name = $4, description = $5, shared = $6, widgets = $7, version = version + 1, updated_at = now()
          WHERE workspace_id = $1 AND id = $2 AND version = $3 RETURNING version, owner_user_id`,
        [workspaceId, id, expectedVersion, content.name, content.description ?? null, content.shared, JSON.stringify(content.widgets)],
      );
      if (!rows[0]) {
        const current = await db.query<{ version: number }>('SELECT version FROM dashboards WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
        return current.rows[0] ? { outcome: 'stale', currentVersion: current.rows[0].version } : { outcome: 'missing' };
      }
      if (!content.shared) {
        await db.query('DELETE FROM dashboard_defaults WHERE workspace_id = $1 AND dashboard_id = $2 AND user_id IS DISTINCT FROM $3', [workspaceId, id, rows[0].owner_user_id]);
      }
      await recordAudit(db, {
        workspaceId,
        actor,
        action: 'dashboard.update',
        target: `dashboard:${id}`,
        details: { name: content.name, shared: content.shared, widgets: content.widgets.length, version: rows[0].version },
      });
      return { outcome: 'updated' };
    });
  }

  /** Deletes the dashboard (and every default pointing at it) with its audit row; false when there was none. */
  async remove(workspaceId: string, id: string, actor: AuditActor): Promise<boolean> {
    return inTransaction(this.pool, async (db) => {
      const { rows } = await db.query<{ name: string; shared: boolean }>('DELETE FROM dashboards WHERE workspace_id = $1 AND id = $2 RETURNING name, shared', [workspaceId, id]);
      if (!rows[0]) return false;
      await recordAudit(db, { workspaceId, actor, action: 'dashboard.delete', target: `dashboard:${id}`, details: { name: rows[0].name, shared: rows[0].shared } });
      return true;
    });
  }

  /**
   * Makes the dashboard the member's default in the workspace, replacing their previous choice; false when the
   * dashboard (or the membership) went away meanwhile.
   */
  async setDefault(workspaceId: string, userId: string, dashboardId: string): Promise<boolean> {
    try {
      await this.pool.query(
        `INSERT INTO dashboard_defaults (workspace_id, user_id, dashboard_id) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id, user_id) DO UPDATE SET dashboard_id = EXCLUDED.dashboard_id, chosen_at = now()`,
        [workspaceId, userId, dashboardId],
      );
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === FOREIGN_KEY_VIOLATION) return false;
      throw err;
    }
  }

  /** Clears the member's default when it is this dashboard; false when it was not. */
  async clearDefault(workspaceId: string, userId: string, dashboardId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM dashboard_defaults WHERE workspace_id = $1 AND user_id = $2 AND dashboard_id = $3', [workspaceId, userId, dashboardId]);
    return rowCount === 1;
  }
}
