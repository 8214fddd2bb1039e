import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { LiveRebuildRepository } from './live-rebuild.repository';
import { LIVE_STORE, type LiveStore, MINUTE_MS } from './live-store';

const CHECK_EVERY_MS = 2_000;

/**
 * Puts the live store right after it was away: once it answers again, every minute from the earliest update it
 * missed up to now is rebuilt from PostgreSQL (counts from the minute rollups, active contacts from the raw
 * events). Each API process rebuilds what it missed itself; the rebuilt minutes are overwritten, not added to.
 */
@Injectable()
export class LiveStoreRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('live-store');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @Inject(LIVE_STORE) private readonly live: LiveStore,
    private readonly repository: LiveRebuildRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.live.kind !== 'redis') return;
    this.timer = setInterval(() => void this.recoverIfNeeded().catch((err: Error) => this.logger.warn(`live store rebuild failed: ${err.message}`)), CHECK_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Rebuilds the missed minutes when there are some and the store answers; returns how many minutes were written. */
  async recoverIfNeeded(now = Date.now()): Promise<number | null> {
    const missed = this.live.missedSince();
    if (missed === null || this.running) return null;
    this.running = true;
    try {
      await this.live.ping();
      const generation = this.live.missedGeneration();
      const windowStart = now - this.config.LIVE_WINDOW_HOURS * 3_600_000;
      const from = new Date(Math.max(missed, windowStart - (windowStart % MINUTE_MS)));
      const to = new Date(now + 2 * MINUTE_MS);
      const [counts, contacts] = await Promise.all([this.repository.countsBetween(from, to), this.repository.contactsBetween(from, to)]);
      await this.live.replaceMinutes(counts);
      for (const c of contacts) await this.live.replaceContacts(c.workspaceId, c.minute, c.contactKeys);
      this.live.markRecovered(generation);
      this.logger.log(`live store rebuilt from PostgreSQL from ${from.toISOString()}: ${counts.length} minute buckets`);
      return counts.length;
    } finally {
      this.running = false;
    }
  }
}
