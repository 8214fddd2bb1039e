import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { TrackingKey } from './tracking-token';

const SECRET_BYTES = 32;

/**
 * The workspace's newest active key, created (version 1, or the next version when every earlier one is
 * retired) when there is none. Two processes racing to create it insert the same version; the loser's
 * insert does nothing and the next attempt reads the winner's key.
 */
const CURRENT_OR_CREATE = `
  WITH current AS (
    SELECT version, secret FROM tracking_secrets
    WHERE workspace_id = $1 AND retired_at IS NULL
    ORDER BY version DESC LIMIT 1
  ), created AS (
    INSERT INTO tracking_secrets (workspace_id, version, secret)
    SELECT $1, coalesce((SELECT max(version) FROM tracking_secrets WHERE workspace_id = $1), 0) + 1, $2
    WHERE NOT EXISTS (SELECT 1 FROM current)
    ON CONFLICT DO NOTHING
    RETURNING version, secret
  )
  SELECT version, secret FROM current UNION ALL SELECT version, secret FROM created`;

const ROTATE = `
  INSERT INTO tracking_secrets (workspace_id, version, secret)
  SELECT $1, coalesce(max(version), 0) + 1, $2 FROM tracking_secrets WHERE workspace_id = $1
  ON CONFLICT DO NOTHING
  RETURNING version, secret`;

const FIND = 'SELECT secret FROM tracking_secrets WHERE workspace_id = $1 AND version = $2 AND retired_at IS NULL';

interface KeyRow {
  version: number;
  secret: Buffer;
}

/** The tracking_secrets table; every query names its workspace. */
@Injectable()
export class TrackingSecretRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async currentOrCreate(workspaceId: string): Promise<TrackingKey> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { rows } = await this.pool.query<KeyRow>(CURRENT_OR_CREATE, [workspaceId, randomBytes(SECRET_BYTES)]);
      if (rows[0]) return { version: rows[0].version, secret: rows[0].secret };
    }
    throw new Error(`could not create a tracking key for workspace ${workspaceId}`);
  }

  async rotate(workspaceId: string): Promise<TrackingKey> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { rows } = await this.pool.query<KeyRow>(ROTATE, [workspaceId, randomBytes(SECRET_BYTES)]);
      if (rows[0]) return { version: rows[0].version, secret: rows[0].secret };
    }
    throw new Error(`could not rotate the tracking key of workspace ${workspaceId}`);
  }

  async find(workspaceId: string, version: number): Promise<Buffer | null> {
    const { rows } = await this.pool.query<{ secret: Buffer }>(FIND, [workspaceId, version]);
    return rows[0]?.secret ?? null;
  }
}
