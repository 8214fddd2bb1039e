/** What a job's `run` gets: the scheduled time it runs for (not the wall clock) and the attempt number. */
export interface JobContext {
  /** The scheduled instant this run stands for; a catch-up run gets the missed slot, not `now`. */
  slot: Date;
  attempt: number;
}

/** What a run reports; `rows` is shown in `GET /v1/jobs/runs` (rows written, messages sent, …). */
export interface JobResult {
  rows?: number;
}

/**
 * A scheduled job. `run` must be idempotent for a slot: a slot is run once across API processes, but a failed
 * or abandoned slot is run again, and an operator or test may force a re-run.
 */
export interface JobDefinition {
  /** Unique, stable name, e.g. `etl.nightly` or `reports.weekly:<workspace id>`. */
  name: string;
  /** Cron expression (5 fields, or 6 with seconds first), e.g. `30 2 * * *` for 02:30 every day. */
  cron: string;
  /** IANA time zone the cron expression is read in, e.g. `Europe/Paris`. */
  timeZone: string;
  /** Slots missed within this many hours (while every process was down) are run on start, oldest first. Default 24. */
  catchUpHours?: number;
  /** Runs of one slot, counting the first, before a failing slot is given up. Default 3. */
  maxAttempts?: number;
  /** A run still marked running after this long is taken to be abandoned (its process died) and may be re-run. Default 3600. */
  timeoutSeconds?: number;
  /** Set for a job that acts on one workspace: its runs are shown to that workspace only. */
  workspaceId?: string;
  run(context: JobContext): Promise<JobResult | void>;
}
