import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';

const LOCK_NAME = 'mailpulse.probes';

/** Makes the scheduled probe run happen once per interval across every API process sharing the database. */
@Injectable()
export class ProbeScheduleRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Runs `run` while holding the probes' session advisory lock (`pg_try_advisory_lock`), on a connection kept
   * for the duration; returns false at once, without running it, when another process holds the lock.
   */
  async whileLocked(run: () => Promise<void>): Promise<boolean> {
    const client = await this.pool.connect();
    let healthy = true;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [LOCK_NAME]);
      if (!rows[0]!.locked) return false;
      try {
        await run();
      } finally {
        // A connection that cannot unlock is closed instead, which releases a session lock too.
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK_NAME]).catch(() => (healthy = false));
      }
      return true;
    } finally {
      client.release(!healthy);
    }
  }

  /**
   * Marks a run as started when the last one started at least `intervalSeconds` ago (or never); false when a
   * run is not due yet, e.g. because another process has just done it.
   */
  async claimDueRun(intervalSeconds: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO probe_schedule (name, last_run_at) VALUES ('probes', now())
       ON CONFLICT (name) DO UPDATE SET last_run_at = now()
       WHERE probe_schedule.last_run_at <= now() - make_interval(secs => $1)`,
      [intervalSeconds],
    );
    return rowCount === 1;
  }
}
