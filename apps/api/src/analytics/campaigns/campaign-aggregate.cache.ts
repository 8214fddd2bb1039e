import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import {
  AttributedConversion,
  AttributionRepository,
} from '../attribution/attribution.repository';
import {
  BreakdownRow,
  CampaignsRepository,
  LinkRow,
} from './campaigns.repository';

/** The parts of a campaign's detail that read every message, click or conversion of the campaign. */
export interface CampaignAggregate {
  breakdown: BreakdownRow[];
  links: LinkRow[];
  conversions: AttributedConversion[];
}

interface Entry {
  value: CampaignAggregate;
  loadedAt: number;
  refreshing?: Promise<void>;
}

const MAX_ENTRIES = 500;
const EPOCH = new Date(0);

/**
 * A campaign's message counts (whole, per variant, per domain), clicks per link and attributed conversions read
 * every message, click and conversion of the campaign: hundreds of thousands of rows for a large send. This
 * process keeps them for ANALYTICS_CAMPAIGN_CACHE_SECONDS; a request after that gets the kept ones at once while
 * they are recomputed in the background (stale while revalidate), so a dashboard polling a large campaign never
 * waits on the scan. 0 turns the cache off. The live stream carries second-by-second changes.
 */
@Injectable()
export class CampaignAggregateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly repo: CampaignsRepository,
    private readonly attribution: AttributionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async aggregate(
    workspaceId: string,
    campaignId: string,
  ): Promise<CampaignAggregate> {
    const ttlMs = this.config.ANALYTICS_CAMPAIGN_CACHE_SECONDS * 1000;
    if (ttlMs === 0) return this.load(workspaceId, campaignId);
    const key = `${workspaceId}\u001f${campaignId}`;
    const entry = this.entries.get(key);
    if (!entry) {
      const value = await this.load(workspaceId, campaignId);
      this.remember(key, { value, loadedAt: Date.now() });
      return value;
    }
    if (Date.now() - entry.loadedAt > ttlMs && !entry.refreshing) {
      entry.refreshing = this.load(workspaceId, campaignId)
        .then((value) => this.remember(key, { value, loadedAt: Date.now() }))
        .catch(() => undefined)
        .finally(() => (entry.refreshing = undefined));
    }
    return entry.value;
  }

  private async load(
    workspaceId: string,
    campaignId: string,
  ): Promise<CampaignAggregate> {
    const [breakdown, links, conversions] = await Promise.all([
      this.repo.breakdown(workspaceId, campaignId),
      this.repo.links(workspaceId, campaignId),
      this.attribution.conversions(
        workspaceId,
        EPOCH,
        new Date(),
        this.config.ANALYTICS_ATTRIBUTION_WINDOW_DAYS,
        campaignId,
      ),
    ]);
    return { breakdown, links, conversions };
  }

  private remember(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    // A Map iterates oldest first: drop the least recently loaded beyond the bound.
    while (this.entries.size > MAX_ENTRIES)
      this.entries.delete(this.entries.keys().next().value!);
  }
}
