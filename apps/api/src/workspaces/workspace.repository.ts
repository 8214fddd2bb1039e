import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { KeyScope } from './api-key';
import { recordAudit } from './audit-log.repository';
import type { AuditActor } from './principal';
import type { Role } from './role';
import { inTransaction, Queryable } from './transaction';

export interface StoredKey {
  /** The key's row id (what audit rows and `DELETE /v1/api-keys/:id` name). */
  id: string;
  workspaceId: string;
  scope: KeyScope;
}

/** A key to store: only its hash and its visible prefix, never the key. */
export interface NewKey {
  scope: KeyScope;
  hash: string;
  prefix: string;
  name?: string;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  scope: KeyScope;
  prefix: string;
  createdAt: string;
  createdBy: { id: string; email: string } | null;
  revokedAt: string | null;
}

export interface WorkspaceOfUser {
  id: string;
  name: string;
  role: Role;
}

interface KeyRow {
  id: string;
  name: string;
  scope: KeyScope;
  prefix: string;
  created_at: Date;
  created_by: string | null;
  created_by_email: string | null;
  revoked_at: Date | null;
}

const KEY_COLUMNS = `k.id, k.name, k.scope, k.prefix, k.created_at, k.created_by, u.email AS created_by_email, k.revoked_at`;

function keySummary(r: KeyRow): ApiKeySummary {
  return {
    id: r.id,
    name: r.name,
    scope: r.scope,
    prefix: r.prefix,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by && r.created_by_email ? { id: r.created_by, email: r.created_by_email } : null,
    revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
  };
}

async function insertKey(db: Queryable, workspaceId: string, key: NewKey, createdBy: string | null): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO api_keys (workspace_id, scope, key_hash, prefix, name, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [workspaceId, key.scope, key.hash, key.prefix, key.name ?? '', createdBy],
  );
  return rows[0]!.id;
}

@Injectable()
export class WorkspaceRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Creates a workspace with its first keys in one transaction; with `admin`, that user becomes its admin, and
   * with `actor` the creation is written to the audit log.
   */
  async createWithKeys(
    name: string,
    slug: string | null,
    keys: NewKey[],
    options: { admin?: string; actor?: AuditActor } = {},
  ): Promise<string> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: string }>('INSERT INTO workspaces (name, slug) VALUES ($1, $2) RETURNING id', [name, slug]);
      const id = rows[0]!.id;
      const keyIds: string[] = [];
      for (const k of keys) keyIds.push(await insertKey(client, id, k, options.admin ?? null));
      if (options.admin) {
        await client.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'admin')`, [id, options.admin]);
      }
      if (options.actor) {
        await recordAudit(client, {
          workspaceId: id,
          actor: options.actor,
          action: 'workspace.create',
          target: `workspace:${id}`,
          details: { name, keys: keys.map((k, i) => ({ id: keyIds[i], scope: k.scope, prefix: k.prefix })), ...(options.admin ? { admin: options.admin } : {}) },
        });
      }
      return id;
    });
  }

  async findBySlug(slug: string): Promise<{ id: string; name: string } | null> {
    const { rows } = await this.pool.query<{ id: string; name: string }>('SELECT id, name FROM workspaces WHERE slug = $1', [slug]);
    return rows[0] ?? null;
  }

  async findById(id: string): Promise<{ id: string; name: string } | null> {
    const { rows } = await this.pool.query<{ id: string; name: string }>('SELECT id, name FROM workspaces WHERE id = $1', [id]);
    return rows[0] ?? null;
  }

  async findActiveKey(hash: string): Promise<StoredKey | null> {
    const { rows } = await this.pool.query<{ id: string; workspace_id: string; scope: KeyScope }>(
      'SELECT id, workspace_id, scope FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const row = rows[0];
    return row ? { id: row.id, workspaceId: row.workspace_id, scope: row.scope } : null;
  }

  /** The workspaces a user belongs to, with the user's role in each, by name. */
  async listForUser(userId: string): Promise<WorkspaceOfUser[]> {
    const { rows } = await this.pool.query<WorkspaceOfUser>(
      `SELECT w.id, w.name, m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
        WHERE m.user_id = $1 ORDER BY w.name, w.id`,
      [userId],
    );
    return rows;
  }

  async listKeys(workspaceId: string): Promise<ApiKeySummary[]> {
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT ${KEY_COLUMNS} FROM api_keys k LEFT JOIN users u ON u.id = k.created_by
        WHERE k.workspace_id = $1 ORDER BY k.created_at, k.id`,
      [workspaceId],
    );
    return rows.map(keySummary);
  }

  async createKey(workspaceId: string, key: NewKey & { name: string }, actor: AuditActor): Promise<ApiKeySummary> {
    return inTransaction(this.pool, async (client) => {
      const id = await insertKey(client, workspaceId, key, actor.userId);
      await recordAudit(client, { workspaceId, actor, action: 'api_key.create', target: `api_key:${id}`, details: { name: key.name, scope: key.scope, prefix: key.prefix } });
      const { rows } = await client.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys k LEFT JOIN users u ON u.id = k.created_by WHERE k.id = $1`, [id]);
      return keySummary(rows[0]!);
    });
  }

  /**
   * Revokes one of the workspace's keys (a key of another workspace is "not found"). Revoking a revoked key
   * changes nothing and writes no audit row. Returns the key and its hash, so the caller can drop it from caches.
   */
  async revokeKey(workspaceId: string, keyId: string, actor: AuditActor): Promise<{ key: ApiKeySummary; hash: string } | null> {
    return inTransaction(this.pool, async (client) => {
      const updated = await client.query<{ id: string }>(
        'UPDATE api_keys SET revoked_at = now() WHERE workspace_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id',
        [workspaceId, keyId],
      );
      const { rows } = await client.query<KeyRow & { key_hash: string }>(
        `SELECT ${KEY_COLUMNS}, k.key_hash FROM api_keys k LEFT JOIN users u ON u.id = k.created_by WHERE k.workspace_id = $1 AND k.id = $2`,
        [workspaceId, keyId],
      );
      const row = rows[0];
      if (!row) return null;
      if (updated.rowCount) {
        await recordAudit(client, { workspaceId, actor, action: 'api_key.revoke', target: `api_key:${keyId}`, details: { name: row.name, scope: row.scope, prefix: row.prefix } });
      }
      return { key: keySummary(row), hash: row.key_hash };
    });
  }
}
