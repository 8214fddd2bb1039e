import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { KeyScope } from './api-key';

export interface StoredKey {
  workspaceId: string;
  scope: KeyScope;
}

@Injectable()
export class WorkspaceRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async createWithKeys(name: string, slug: string | null, keys: { scope: KeyScope; hash: string; prefix: string }[]): Promise<string> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string }>('INSERT INTO workspaces (name, slug) VALUES ($1, $2) RETURNING id', [name, slug]);
      const id = rows[0]!.id;
      for (const k of keys) {
        await client.query('INSERT INTO api_keys (workspace_id, scope, key_hash, prefix) VALUES ($1, $2, $3, $4)', [id, k.scope, k.hash, k.prefix]);
      }
      await client.query('COMMIT');
      return id;
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  }

  async findBySlug(slug: string): Promise<{ id: string; name: string } | null> {
    const { rows } = await this.pool.query<{ id: string; name: string }>('SELECT id, name FROM workspaces WHERE slug = $1', [slug]);
    return rows[0] ?? null;
  }

  async findActiveKey(hash: string): Promise<StoredKey | null> {
    const { rows } = await this.pool.query<{ workspace_id: string; scope: KeyScope }>(
      'SELECT workspace_id, scope FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const row = rows[0];
    return row ? { workspaceId: row.workspace_id, scope: row.scope } : null;
  }
}
