import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';

const LOCK_NAME = 'mailpulse.alerts.evaluation';

/** Makes each closed minute bucket evaluated once across every API process sharing the database. */
@Injectable()
export class AlertEvaluationCursorRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Runs `run` holding the evaluation's session advisory lock; false at once when another process holds it. */
  async whileLocked(run: () => Promise<void>): Promise<boolean> {
    const client = await this.pool.connect();
    let healthy = true;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [LOCK_NAME]);
      if (!rows[0]!.locked) return false;
      try {
        await run();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK_NAME]).catch(() => (healthy = false));
      }
      return true;
    } finally {
      client.release(!healthy);
    }
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
