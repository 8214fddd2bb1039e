import { Inject, Injectable } from '@nestjs/common';
import type { CampaignRevenue, RevenueResponse } from '@mailpulse/contracts';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { AttributionRepository } from '../attribution/attribution.repository';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { round4 } from '../counts/message-counts.sql';

/** Revenue of the conversions in a period, attributed to campaigns by last human click; ROI where a cost is set. */
@Injectable()
export class RevenueService {
  constructor(
    private readonly attribution: AttributionRepository,
    private readonly campaigns: CampaignsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async revenue(
    workspaceId: string,
    q: { from: Date; to: Date; windowDays?: number },
  ): Promise<RevenueResponse> {
    const windowDays =
      q.windowDays ?? this.config.ANALYTICS_ATTRIBUTION_WINDOW_DAYS;
    const [conversions, costs] = await Promise.all([
      this.attribution.conversions(workspaceId, q.from, q.to, windowDays),
      this.campaigns.costs(workspaceId),
    ]);
    const byCampaign = new Map<
      string,
      { conversions: number; revenue: number }
    >();
    let revenue = 0;
    let attributedConversions = 0;
    let attributedRevenue = 0;
    for (const c of conversions) {
      revenue += c.amount;
      if (c.campaignId === null) continue;
      attributedConversions++;
      attributedRevenue += c.amount;
      const row = byCampaign.get(c.campaignId) ?? {
        conversions: 0,
        revenue: 0,
      };
      row.conversions++;
      row.revenue += c.amount;
      byCampaign.set(c.campaignId, row);
    }
    const campaigns: CampaignRevenue[] = [...byCampaign].map(
      ([campaignId, r]) => {
        const cost = costs.get(campaignId)?.cost ?? null;
        const rev = round4(r.revenue);
        return {
          campaignId,
          conversions: r.conversions,
          revenue: rev,
          cost,
          roi: cost !== null && cost > 0 ? (rev - cost) / cost : null,
        };
      },
    );
    // Campaigns with a cost but no attributed revenue in the period still show their (negative) ROI.
    for (const [campaignId, c] of costs) {
      if (!byCampaign.has(campaignId))
        campaigns.push({
          campaignId,
          conversions: 0,
          revenue: 0,
          cost: c.cost,
          roi: c.cost > 0 ? -1 : null,
        });
    }
    campaigns.sort(
      (a, b) =>
        b.revenue - a.revenue || a.campaignId.localeCompare(b.campaignId),
    );
    return {
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      attributionWindowDays: windowDays,
      totals: {
        conversions: conversions.length,
        revenue: round4(revenue),
        attributedConversions,
        attributedRevenue: round4(attributedRevenue),
      },
      campaigns,
    };
  }
}
