import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { LiveRebuildRepository } from '../live-store/live-rebuild.repository';
import { LIVE_STORE, type LiveStore, MINUTE_MS } from '../live-store/live-store';
import { effectiveRetentionDays } from '../retention/retention-plan';
import { type ReplayDayResult, ReplayRepository } from './replay.repository';

const DAY_MS = 86_400_000;

export interface ReplayResult {
  workspaceId: string;
  /** The range actually rebuilt: the requested one widened to whole UTC days. */
  from: string;
  to: string;
  days: ReplayDayResult[];
  /** Live minute buckets overwritten (only minutes inside the live window). */
  liveMinutes: number;
}

/** Thrown for a request that cannot be rebuilt (unknown workspace, raw events already past retention). */
export class ReplayRefused extends Error {}

/**
 * Rebuilds rollups, message states and live buckets of one workspace from its raw events, the source of truth.
 * The range is widened to whole UTC days so every day rollup is recomputed from all of its events.
 */
@Injectable()
export class ReplayService {
  constructor(
    private readonly repository: ReplayRepository,
    private readonly liveRebuild: LiveRebuildRepository,
    @Inject(LIVE_STORE) private readonly live: LiveStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async rebuild(workspaceId: string, from: Date, to: Date, now = Date.now()): Promise<ReplayResult> {
    const start = Math.floor(from.getTime() / DAY_MS) * DAY_MS;
    const end = Math.ceil(to.getTime() / DAY_MS) * DAY_MS || start + DAY_MS;
    const setting = await this.repository.retentionDays(workspaceId);
    if (setting === undefined) throw new ReplayRefused(`workspace ${workspaceId} does not exist`);
    // 0 keeps raw events forever.
    const retention = effectiveRetentionDays(setting, this.config.RETENTION_DEFAULT_DAYS);
    if (retention > 0 && start < now - retention * DAY_MS) {
      throw new ReplayRefused(
        `--from ${new Date(start).toISOString()} is before the workspace's ${retention}-day retention: its raw events are gone, the rollups are all that is left`,
      );
    }
    const days: ReplayDayResult[] = [];
    for (let day = start; day < end; day += DAY_MS) days.push(await this.repository.rebuildDay(workspaceId, new Date(day)));

    // Live buckets of the rebuilt minutes still inside the live window, from the rebuilt minute rollups.
    const windowStart = now - this.config.LIVE_WINDOW_HOURS * 3_600_000;
    const liveFrom = Math.max(start, windowStart - (windowStart % MINUTE_MS));
    let liveMinutes = 0;
    if (liveFrom < end) {
      const [counts, contacts] = await Promise.all([
        this.liveRebuild.countsBetween(new Date(liveFrom), new Date(end), workspaceId),
        this.liveRebuild.contactsBetween(new Date(liveFrom), new Date(end), workspaceId),
      ]);
      await this.live.replaceMinutes(counts);
      for (const c of contacts) await this.live.replaceContacts(c.workspaceId, c.minute, c.contactKeys);
      liveMinutes = counts.length;
    }
    return { workspaceId, from: new Date(start).toISOString(), to: new Date(end).toISOString(), days, liveMinutes };
  }
}
