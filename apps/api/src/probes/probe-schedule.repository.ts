import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { whileSessionLocked } from '../database/session-advisory-lock';

const LOCK_NAME = 'mailpulse.probes';

/** Makes the scheduled probe run happen once per interval across every API process sharing the database. */
@Injectable()
export class ProbeScheduleRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Runs `run` holding this feature's session advisory lock; false at once when another process holds it. */
  whileLocked(run: () => Promise<void>): Promise<boolean> {
    return whileSessionLocked(this.pool, LOCK_NAME, run);
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
