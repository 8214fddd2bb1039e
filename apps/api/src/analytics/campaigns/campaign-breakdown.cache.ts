import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { BreakdownRow, CampaignsRepository } from './campaigns.repository';

interface Entry {
  rows: BreakdownRow[];
  loadedAt: number;
  refreshing?: Promise<BreakdownRow[]>;
}

const MAX_ENTRIES = 500;

/**
 * A campaign's message counts (whole campaign, per variant, per domain) are an aggregate over every message of
 * the campaign: hundreds of thousands of rows for a large send. This process keeps each for
 * ANALYTICS_CAMPAIGN_CACHE_SECONDS; a request after that gets the kept counts at once while they are recomputed
 * in the background (stale while revalidate), so a dashboard polling a large campaign never waits on the scan.
 * 0 turns the cache off. The live stream carries second-by-second changes.
 */
@Injectable()
export class CampaignBreakdownCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly repo: CampaignsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async breakdown(
    workspaceId: string,
    campaignId: string,
  ): Promise<BreakdownRow[]> {
    const ttlMs = this.config.ANALYTICS_CAMPAIGN_CACHE_SECONDS * 1000;
    if (ttlMs === 0) return this.repo.breakdown(workspaceId, campaignId);
    const key = `${workspaceId}\u001f${campaignId}`;
    const entry = this.entries.get(key);
    if (!entry) {
      const rows = await this.repo.breakdown(workspaceId, campaignId);
      this.remember(key, { rows, loadedAt: Date.now() });
      return rows;
    }
    if (Date.now() - entry.loadedAt > ttlMs && !entry.refreshing) {
      entry.refreshing = this.repo
        .breakdown(workspaceId, campaignId)
        .then((rows) => {
          this.remember(key, { rows, loadedAt: Date.now() });
          return rows;
        })
        .finally(() => (entry.refreshing = undefined));
      entry.refreshing.catch(() => undefined);
    }
    return entry.rows;
  }

  private remember(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Oldest first in a Map: drop the least recently loaded beyond the bound.
    while (this.entries.size > MAX_ENTRIES)
      this.entries.delete(this.entries.keys().next().value!);
  }
}
