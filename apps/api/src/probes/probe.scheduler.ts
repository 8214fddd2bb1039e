import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ProbeRunService } from './probe-run.service';
import { ProbeScheduleRepository } from './probe-schedule.repository';

/** How often each process asks whether a run is due; the run itself happens every PROBE_INTERVAL_SECONDS. */
const MAX_TICK_SECONDS = 15;
/** Timers fire a little early or late; a run this close to due counts as due. */
const JITTER_SECONDS = 0.5;
const TICK = 'probes.tick';

/**
 * Runs the probes every PROBE_INTERVAL_SECONDS (0 turns it off), once across all API processes: each process
 * ticks, and a tick runs the probes only while holding the Postgres advisory lock and only when the shared
 * schedule row says the last run is at least an interval old. A restart therefore neither skips nor repeats a run.
 */
@Injectable()
export class ProbeScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('probes');
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly schedule: ProbeScheduleRepository,
    private readonly runs: ProbeRunService,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.PROBE_INTERVAL_SECONDS;
    if (interval === 0) {
      this.logger.log('scheduled probes are off (PROBE_INTERVAL_SECONDS=0)');
      return;
    }
    const timer = setInterval(() => void this.tick(), Math.min(interval, MAX_TICK_SECONDS) * 1000);
    timer.unref();
    this.registry.addInterval(TICK, timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', TICK)) this.registry.deleteInterval(TICK);
    await this.running;
  }

  /** One tick: runs the probes if this process gets the lock and a run is due. Never throws. */
  tick(): Promise<void> {
    this.running ??= this.runIfDue().finally(() => (this.running = null));
    return this.running;
  }

  private async runIfDue(): Promise<void> {
    try {
      await this.schedule.whileLocked(async () => {
        if (!(await this.schedule.claimDueRun(Math.max(0, this.config.PROBE_INTERVAL_SECONDS - JITTER_SECONDS)))) return;
        const started = Date.now();
        const { workspaces, failed } = await this.runs.runAllWorkspaces();
        this.logger.log(`probed ${workspaces} workspaces in ${Date.now() - started} ms${failed ? `, ${failed} failed` : ''}`);
      });
    } catch (err) {
      this.logger.warn(`scheduled probe run failed: ${(err as Error).message}`);
    }
  }
}
