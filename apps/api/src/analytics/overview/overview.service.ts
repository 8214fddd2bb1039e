import { Inject, Injectable } from '@nestjs/common';
import type {
  LiveKpis,
  OverviewPeriod,
  OverviewResponse,
} from '@mailpulse/contracts';
import { computeRates, emptyCounts } from '@mailpulse/metrics';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { LIVE_STORE, LiveStore, MINUTE_MS } from '../../live-store/live-store';
import { round4 } from '../counts/message-counts.sql';
import {
  OverviewRepository,
  PeriodEventCount,
  PeriodUniques,
} from './overview.repository';

const DAY_MS = 86_400_000;

/**
 * Today (since 00:00 UTC), the last 24 hours and the live minutes. Period counts are the events of the period
 * (rollups), unique opens and clicks the messages first opened / clicked in it, active contacts the distinct
 * contacts with an event in it (from the live store, which keeps the last LIVE_WINDOW_HOURS).
 */
@Injectable()
export class OverviewService {
  constructor(
    private readonly repo: OverviewRepository,
    @Inject(LIVE_STORE) private readonly live: LiveStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async overview(
    workspaceId: string,
    liveMinutes: number,
    now = new Date(),
  ): Promise<OverviewResponse> {
    const startOfDay = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
    // From the start of the minute 24 hours ago (the finest grain the rollups keep); today lies within it.
    const from = new Date(
      Math.floor((now.getTime() - DAY_MS) / MINUTE_MS) * MINUTE_MS,
    );
    const [events, bounces, uniques, contacts24h, contactsToday, live] =
      await Promise.all([
        this.repo.eventCounts(workspaceId, from, now, startOfDay),
        this.repo.bouncesByClass(workspaceId, from, now, startOfDay),
        this.repo.firstEngagements(workspaceId, from, now, startOfDay),
        this.activeContacts(workspaceId, from, now),
        this.activeContacts(workspaceId, startOfDay, now),
        this.liveKpis(workspaceId, liveMinutes, now),
      ]);
    const last24h = period(
      from,
      now,
      events,
      bounces,
      uniques.all,
      contacts24h,
    );
    const today = period(
      startOfDay,
      now,
      events.filter((e) => e.recent),
      bounces.filter((b) => b.recent),
      uniques.recent,
      contactsToday,
    );
    return { generatedAt: now.toISOString(), today, last24h, live };
  }

  /** Counts and rates of any period [from, to) (rollups at the minute grain, so `from` counts whole minutes). */
  async period(
    workspaceId: string,
    from: Date,
    to: Date,
  ): Promise<OverviewPeriod> {
    const [events, bounces, uniques, activeContacts] = await Promise.all([
      this.repo.eventCounts(workspaceId, from, to, from),
      this.repo.bouncesByClass(workspaceId, from, to, from),
      this.repo.firstEngagements(workspaceId, from, to, from),
      this.activeContacts(workspaceId, from, to),
    ]);
    return period(from, to, events, bounces, uniques.all, activeContacts);
  }

  private async activeContacts(
    workspaceId: string,
    from: Date,
    to: Date,
  ): Promise<number> {
    const oldestLive = to.getTime() - this.config.LIVE_WINDOW_HOURS * 3_600_000;
    return this.live.countActiveContacts(
      workspaceId,
      Math.max(from.getTime(), oldestLive),
      to.getTime(),
    );
  }

  private async liveKpis(
    workspaceId: string,
    minutes: number,
    now: Date,
  ): Promise<LiveKpis> {
    const to = now.getTime();
    const from =
      Math.floor(to / MINUTE_MS) * MINUTE_MS - (minutes - 1) * MINUTE_MS;
    const [buckets, activeContacts] = await Promise.all([
      this.live.readMinutes(workspaceId, '', from, to),
      this.live.countActiveContacts(workspaceId, from, to),
    ]);
    const counts: Record<string, number> = {};
    let events = 0;
    for (const b of buckets) {
      for (const [type, n] of Object.entries(b.counts)) {
        counts[type] = (counts[type] ?? 0) + n;
        events += n;
      }
    }
    return {
      from: new Date(from).toISOString(),
      to: now.toISOString(),
      minutes,
      counts,
      eventsPerMinute: events / minutes,
      activeContacts,
      source: this.live.kind,
    };
  }
}

/** One period's counts and rates from the (already split) event counts, bounces and first engagements. */
function period(
  from: Date,
  to: Date,
  events: PeriodEventCount[],
  bounceRows: Array<{ class: string; count: number }>,
  uniques: PeriodUniques,
  activeContacts: number,
): OverviewPeriod {
  const bounces: Record<string, number> = {};
  for (const b of bounceRows)
    bounces[b.class] = (bounces[b.class] ?? 0) + b.count;
  const sum = (type: string, machine?: boolean) =>
    events
      .filter(
        (e) =>
          e.type === type && (machine === undefined || e.machine === machine),
      )
      .reduce((s, e) => s + e.count, 0);
  const c = emptyCounts();
  c.sent = sum('email.sent');
  c.delivered = sum('email.delivered');
  c.bounces = {
    hard: bounces['hard'] ?? 0,
    soft: bounces['soft'] ?? 0,
    block: Object.entries(bounces).reduce(
      (s, [k, v]) => (k === 'hard' || k === 'soft' ? s : s + v),
      0,
    ),
  };
  c.opens = {
    human: { unique: uniques.openedHuman, total: sum('email.opened', false) },
    machine: {
      unique: uniques.opened - uniques.openedHuman,
      total: sum('email.opened', true),
    },
    total: { unique: uniques.opened, total: sum('email.opened') },
  };
  c.clicks = {
    human: {
      unique: uniques.clickedHuman,
      total: sum('email.clicked', false),
    },
    machine: {
      unique: uniques.clicked - uniques.clickedHuman,
      total: sum('email.clicked', true),
    },
    total: { unique: uniques.clicked, total: sum('email.clicked') },
  };
  c.complaints = sum('email.complained');
  c.unsubscribes = sum('email.unsubscribed');
  c.conversions = sum('conversion');
  c.revenue = round4(
    events
      .filter((e) => e.type === 'conversion')
      .reduce((s, e) => s + e.amount, 0),
  );
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    counts: c,
    rates: computeRates(c),
    activeContacts,
  };
}
