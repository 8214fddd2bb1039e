import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';

export type JobOutcome = 'running' | 'succeeded' | 'failed';

export interface JobRun {
  id: number;
  job: string;
  slot: string;
  startedAt: string;
  finishedAt: string | null;
  rows: number | null;
  outcome: JobOutcome;
  error: string | null;
  attempts: number;
}

export interface ClaimRules {
  maxAttempts: number;
  timeoutSeconds: number;
  /** Claim even a slot that already succeeded (an explicit re-run); never one another process is running. */
  force: boolean;
}

interface JobRunRow {
  id: number;
  job: string;
  slot: Date;
  started_at: Date;
  finished_at: Date | null;
  rows: number | null;
  outcome: JobOutcome;
  error: string | null;
  attempts: number;
}

/** The `job_runs` table: one row per job and slot, claimed by exactly one process at a time. */
@Injectable()
export class JobRunRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Claims `slot` of `job` for this process: a new slot, a failed one with attempts left, an abandoned one
   * (running for longer than the timeout), or with `force` any slot not being run. Returns the run's id and
   * attempt number, or null when the slot is done or another process has it.
   */
  async claim(job: string, slot: Date, workspaceId: string | null, runner: string, rules: ClaimRules): Promise<{ id: number; attempt: number } | null> {
    const { rows } = await this.pool.query<{ id: number; attempts: number }>(
      `INSERT INTO job_runs (job, slot, workspace_id, outcome, runner) VALUES ($1, $2, $3, 'running', $4)
       ON CONFLICT (job, slot) DO UPDATE
         SET started_at = now(), finished_at = NULL, outcome = 'running', error = NULL, rows = NULL,
             attempts = CASE WHEN $7 AND job_runs.outcome = 'succeeded' THEN 1 ELSE job_runs.attempts + 1 END,
             runner = EXCLUDED.runner
       WHERE (job_runs.outcome = 'failed' AND (job_runs.attempts < $5 OR $7))
          OR (job_runs.outcome = 'running' AND job_runs.started_at < now() - make_interval(secs => $6))
          OR (job_runs.outcome = 'succeeded' AND $7)
       RETURNING id, attempts`,
      [job, slot, workspaceId, runner, rules.maxAttempts, rules.timeoutSeconds, rules.force],
    );
    return rows[0] ? { id: rows[0].id, attempt: rows[0].attempts } : null;
  }

  async finish(id: number, outcome: 'succeeded' | 'failed', rowCount: number | null, error: string | null): Promise<void> {
    await this.pool.query(`UPDATE job_runs SET finished_at = now(), outcome = $2, rows = $3, error = $4 WHERE id = $1`, [id, outcome, rowCount, error]);
  }

  /** The newest slot of `job` that was claimed at all (whatever its outcome), or null when it never ran. */
  async lastSlot(job: string): Promise<Date | null> {
    const { rows } = await this.pool.query<{ slot: Date | null }>(`SELECT max(slot) AS slot FROM job_runs WHERE job = $1`, [job]);
    return rows[0]?.slot ?? null;
  }

  /** Failed slots of `job` since `since` that still have attempts left, oldest first. */
  async retriableSlots(job: string, since: Date, maxAttempts: number): Promise<Date[]> {
    const { rows } = await this.pool.query<{ slot: Date }>(
      `SELECT slot FROM job_runs WHERE job = $1 AND slot > $2 AND outcome = 'failed' AND attempts < $3 ORDER BY slot`,
      [job, since, maxAttempts],
    );
    return rows.map((r) => r.slot);
  }

  /** Runs a workspace may see (global jobs and its own), newest first; optionally of one job. */
  async list(workspaceId: string, limit: number, job?: string): Promise<JobRun[]> {
    const { rows } = await this.pool.query<JobRunRow>(
      `SELECT id, job, slot, started_at, finished_at, rows, outcome, error, attempts FROM job_runs
       WHERE (workspace_id IS NULL OR workspace_id = $1) AND ($3::text IS NULL OR job = $3)
       ORDER BY started_at DESC, id DESC LIMIT $2`,
      [workspaceId, limit, job ?? null],
    );
    return rows.map((r) => ({
      id: r.id,
      job: r.job,
      slot: r.slot.toISOString(),
      startedAt: r.started_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
      rows: r.rows,
      outcome: r.outcome,
      error: r.error,
      attempts: r.attempts,
    }));
  }
}
