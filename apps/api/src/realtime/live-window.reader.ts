import { Inject, Injectable } from '@nestjs/common';
import type { EventType, RealtimeLiveWindow } from '@mailpulse/contracts';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { LIVE_STORE, LiveStore, MINUTE_MS } from '../live-store/live-store';
import { liveRates } from './live-rates';

/** A room's figures over the last REALTIME_WINDOW_MINUTES, read from the live store (Redis or in-process). */
@Injectable()
export class LiveWindowReader {
  constructor(
    @Inject(LIVE_STORE) private readonly live: LiveStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async read(workspaceId: string, campaignId: string | null, now = Date.now()): Promise<RealtimeLiveWindow> {
    const minutes = this.config.REALTIME_WINDOW_MINUTES;
    const to = now;
    const from = Math.floor(now / MINUTE_MS) * MINUTE_MS - (minutes - 1) * MINUTE_MS;
    const [buckets, activeContacts] = await Promise.all([
      this.live.readMinutes(workspaceId, campaignId ?? '', from, to),
      // The live store keeps distinct contacts per workspace only.
      campaignId === null ? this.live.countActiveContacts(workspaceId, from, to) : Promise.resolve(null),
    ]);
    const counts: Partial<Record<EventType, number>> = {};
    for (const bucket of buckets) {
      for (const [type, n] of Object.entries(bucket.counts)) counts[type as EventType] = (counts[type as EventType] ?? 0) + n;
    }
    return { minutes, counts, rates: liveRates(counts), activeContacts };
  }
}
