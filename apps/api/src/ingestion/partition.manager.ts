import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { EventRepository } from './event.repository';

const DAY_MS = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Keeps a daily partition of the event table for every day that has events: today and the days ahead are
 * created at start and hourly; a late event's day is created on demand before its group is written.
 */
@Injectable()
export class PartitionManager implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly known = new Set<string>();
  private readonly knownDayNumbers = new Set<number>();
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('partitions');

  constructor(
    private readonly events: EventRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.createAhead();
    this.timer = setInterval(() => void this.createAhead().catch((e: Error) => this.logger.warn(e.message)), 3_600_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async createAhead(now = Date.now()): Promise<void> {
    const days: number[] = [];
    for (let d = -1; d <= this.config.PARTITION_DAYS_AHEAD; d++) days.push(now + d * DAY_MS);
    await this.ensureDays(days);
  }

  /** Makes sure the partitions for these event times exist. */
  async ensureFor(occurredAt: Iterable<Date>): Promise<void> {
    const days = new Set<number>();
    for (const d of occurredAt) days.add(Math.floor(d.getTime() / DAY_MS));
    if (days.size === 1 && this.knownDayNumbers.has(days.values().next().value!)) return;
    await this.ensureDays([...days].map((n) => n * DAY_MS));
  }

  private async ensureDays(times: number[]): Promise<void> {
    const missing = [...new Set(times.map(utcDay))].filter((d) => !this.known.has(d));
    if (missing.length === 0) return;
    await this.events.ensurePartitions(missing);
    const rememberFrom = Date.now() - 2 * DAY_MS; // the start of yesterday or earlier
    for (const d of missing) {
      // Retention may drop old days' partitions (from any process), so only recent days are remembered.
      if (Date.parse(d) < rememberFrom) continue;
      this.known.add(d);
      this.knownDayNumbers.add(Date.parse(d) / DAY_MS);
    }
  }
}
