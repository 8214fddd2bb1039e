import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { whileSessionLocked } from '../database/session-advisory-lock';

const LOCK_NAME = 'mailpulse.alerts.evaluation';

/** Makes each closed minute bucket evaluated once across every API process sharing the database. */
@Injectable()
export class AlertEvaluationCursorRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Runs `run` holding this feature's session advisory lock; false at once when another process holds it. */
  whileLocked(run: () => Promise<void>): Promise<boolean> {
    return whileSessionLocked(this.pool, LOCK_NAME, run);
  }

  /** Claims the bucket ending at `bucketEnd` when no process has evaluated it (or a later one) yet. */
  async claimBucket(bucketEnd: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO alert_evaluation_cursor (name, last_bucket) VALUES ('alerts', $1)
       ON CONFLICT (name) DO UPDATE SET last_bucket = excluded.last_bucket
       WHERE alert_evaluation_cursor.last_bucket < excluded.last_bucket`,
      [bucketEnd],
    );
    return rowCount === 1;
  }
}
