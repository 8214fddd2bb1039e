import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';

/**
 * Sign-in attempts that failed or are still being checked, counted per address and per client IP. Each attempt
 * is written before its password is checked, so a burst of parallel guesses is counted as it arrives.
 */
@Injectable()
export class LoginAttemptRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Records an attempt as a failure until `forget` or `succeed` says otherwise; returns its id. */
  async begin(email: string, ip: string): Promise<number> {
    const { rows } = await this.pool.query<{ id: number }>('INSERT INTO login_attempts (email, ip) VALUES ($1, $2) RETURNING id', [email, ip]);
    return rows[0]!.id;
  }

  /** Times of the other attempts within the window, newest first, at most `limit` of each kind. */
  async recentOthers(attemptId: number, email: string, ip: string, windowMs: number, limit: number): Promise<{ email: Date[]; ip: Date[]; now: Date }> {
    const { rows } = await this.pool.query<{ kind: 'email' | 'ip' | 'now'; at: Date }>(
      `WITH bounds AS (SELECT clock_timestamp() AS now, clock_timestamp() - make_interval(secs => $4::double precision / 1000) AS since)
       (SELECT 'email' AS kind, a.at FROM login_attempts a, bounds b WHERE a.email = $2 AND a.at > b.since AND a.id <> $1 ORDER BY a.at DESC LIMIT $5)
       UNION ALL
       (SELECT 'ip', a.at FROM login_attempts a, bounds b WHERE a.ip = $3 AND a.at > b.since AND a.id <> $1 ORDER BY a.at DESC LIMIT $5)
       UNION ALL
       SELECT 'now', now FROM bounds`,
      [attemptId, email, ip, windowMs, limit],
    );
    return {
      email: rows.filter((r) => r.kind === 'email').map((r) => r.at),
      ip: rows.filter((r) => r.kind === 'ip').map((r) => r.at),
      now: rows.find((r) => r.kind === 'now')!.at,
    };
  }

  /** Drops an attempt that was refused before its password was checked (a refusal is not another failure). */
  async forget(attemptId: number): Promise<void> {
    await this.pool.query('DELETE FROM login_attempts WHERE id = $1', [attemptId]);
  }

  /** A correct password clears the address's failures (the client IP's stay). */
  async succeed(attemptId: number, email: string): Promise<void> {
    await this.pool.query('DELETE FROM login_attempts WHERE id = $1 OR email = $2', [attemptId, email]);
  }

  /** Deletes attempts older than `olderThanMs`; returns how many. */
  async prune(olderThanMs: number): Promise<number> {
    const { rowCount } = await this.pool.query(`DELETE FROM login_attempts WHERE at < now() - make_interval(secs => $1::double precision / 1000)`, [olderThanMs]);
    return rowCount ?? 0;
  }
}
