import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';

export interface ActiveSession {
  sessionId: string;
  userId: string;
  email: string;
  expiresAt: Date;
}

@Injectable()
export class SessionRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async create(userId: string, tokenHash: string, ttlHours: number, client: { ip: string; userAgent: string | null }): Promise<{ sessionId: string; expiresAt: Date }> {
    const { rows } = await this.pool.query<{ id: string; expires_at: Date }>(
      `INSERT INTO sessions (user_id, token_hash, expires_at, ip, user_agent)
       VALUES ($1, $2, now() + make_interval(hours => $3), $4, $5) RETURNING id, expires_at`,
      [userId, tokenHash, ttlHours, client.ip, client.userAgent?.slice(0, 512) ?? null],
    );
    return { sessionId: rows[0]!.id, expiresAt: rows[0]!.expires_at };
  }

  /** The session and its user, when the token is known, not revoked and not expired. */
  async findActive(tokenHash: string): Promise<ActiveSession | null> {
    const { rows } = await this.pool.query<{ id: string; user_id: string; email: string; expires_at: Date }>(
      `SELECT s.id, s.user_id, u.email, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
      [tokenHash],
    );
    const row = rows[0];
    return row ? { sessionId: row.id, userId: row.user_id, email: row.email, expiresAt: row.expires_at } : null;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.pool.query('UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [sessionId]);
  }

  /** Deletes sessions that expired or were revoked more than `graceHours` ago; returns how many. */
  async prune(graceHours: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM sessions WHERE coalesce(revoked_at, expires_at) < now() - make_interval(hours => $1)`,
      [graceHours],
    );
    return rowCount ?? 0;
  }
}
