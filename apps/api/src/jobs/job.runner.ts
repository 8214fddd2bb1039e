import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { hostname } from 'node:os';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import type { JobDefinition } from './job-definition';
import { JobRegistry } from './job-registry';
import { JobRunRepository } from './job-run.repository';
import { slotsBetween } from './job-schedule';

const DEFAULT_CATCH_UP_HOURS = 24;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_TIMEOUT_SECONDS = 3600;

export interface SlotOutcome {
  job: string;
  slot: Date;
  /** `skipped`: the slot was done already or another process holds it. */
  outcome: 'succeeded' | 'failed' | 'skipped';
  rows?: number;
  error?: string;
}

/**
 * Runs the registered jobs. Every process ticks every JOBS_TICK_SECONDS; a tick works out which slots of each job
 * are due (missed ones within the job's catch-up window included, oldest first) and runs each slot it manages to
 * claim in `job_runs`. Claiming is one INSERT … ON CONFLICT, so two replicas never run the same slot.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('jobs');
  private readonly runnerId = `${hostname()}:${process.pid}`;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<SlotOutcome[]> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly runs: JobRunRepository,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.JOBS_SCHEDULER === 'off') {
      this.logger.log('the job scheduler is off in this process (JOBS_SCHEDULER=off)');
      return;
    }
    this.timer = setInterval(() => void this.tick(), this.config.JOBS_TICK_SECONDS * 1000);
    this.timer.unref();
    // First tick soon after start, so slots missed while down are caught up without waiting a full interval.
    setTimeout(() => void this.tick(), 1000).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** One pass over every job (never two at once in a process). Never throws. */
  tick(now = new Date()): Promise<SlotOutcome[]> {
    this.ticking ??= this.runDue(now).finally(() => (this.ticking = null));
    return this.ticking;
  }

  /** Runs every due slot of the registered jobs (all, or those named) as of `now`; tests call it with a chosen clock. */
  async runDue(now = new Date(), names?: readonly string[]): Promise<SlotOutcome[]> {
    const outcomes: SlotOutcome[] = [];
    for (const job of this.registry.all()) {
      if (names && !names.includes(job.name)) continue;
      try {
        for (const slot of await this.dueSlots(job, now)) outcomes.push(await this.runClaimed(job, slot, false));
      } catch (err) {
        this.logger.warn(`job ${job.name}: could not work out its due slots: ${(err as Error).message}`);
      }
    }
    return outcomes;
  }

  /**
   * Runs one slot of a job now (tests, operators). Without `force` it behaves like the scheduler (skips a done
   * slot); with `force` it re-runs a slot that already succeeded, which is safe because runs are idempotent.
   */
  async runSlot(name: string, slot: Date, options: { force?: boolean } = {}): Promise<SlotOutcome> {
    const job = this.registry.get(name);
    if (!job) throw new Error(`no job named "${name}" is registered`);
    return this.runClaimed(job, slot, options.force ?? false);
  }

  private async dueSlots(job: JobDefinition, now: Date): Promise<Date[]> {
    const windowMs = Math.max((job.catchUpHours ?? DEFAULT_CATCH_UP_HOURS) * 3_600_000, 2 * this.config.JOBS_TICK_SECONDS * 1000);
    const windowStart = new Date(now.getTime() - windowMs);
    const last = await this.runs.lastSlot(job.name);
    const after = last && last > windowStart ? last : windowStart;
    const retries = await this.runs.retriableSlots(job.name, windowStart, job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    const fresh = slotsBetween(job.cron, job.timeZone, after, now);
    return [...retries, ...fresh];
  }

  private async runClaimed(job: JobDefinition, slot: Date, force: boolean): Promise<SlotOutcome> {
    const claim = await this.runs.claim(job.name, slot, job.workspaceId ?? null, this.runnerId, {
      maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      timeoutSeconds: job.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      force,
    });
    if (!claim) return { job: job.name, slot, outcome: 'skipped' };
    const started = Date.now();
    try {
      const result = await job.run({ slot, attempt: claim.attempt });
      const rows = result?.rows ?? null;
      await this.runs.finish(claim.id, 'succeeded', rows, null);
      this.logger.log(`job ${job.name} slot ${slot.toISOString()} succeeded in ${Date.now() - started} ms${rows === null ? '' : `, ${rows} rows`}`);
      return { job: job.name, slot, outcome: 'succeeded', ...(rows === null ? {} : { rows }) };
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      await this.runs.finish(claim.id, 'failed', null, message.slice(0, 2000)).catch(() => undefined);
      this.logger.warn(`job ${job.name} slot ${slot.toISOString()} failed (attempt ${claim.attempt}): ${message}`);
      return { job: job.name, slot, outcome: 'failed', error: message };
    }
  }
}
