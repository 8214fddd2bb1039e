import { Inject, Injectable } from '@nestjs/common';
import type {
  CampaignComparisonResponse,
  CampaignCostResponse,
  CampaignDetailResponse,
  CampaignListResponse,
  CampaignRecipientsResponse,
  CampaignSortField,
  CampaignSummary,
  DomainBreakdown,
  FunnelStep,
  VariantBreakdown,
} from '@mailpulse/contracts';
import {
  computeRates,
  MessageCounts,
  ratio,
  Rates,
  VerdictVariant,
} from '@mailpulse/metrics';
import { ApiErrorCode, ApiException } from '../../common/api.exception';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import {
  AttributedConversion,
  AttributionRepository,
} from '../attribution/attribution.repository';
import {
  AttributedRow,
  EngagementTotalRow,
  toMessageCounts,
} from '../counts/message-counts.sql';
import { CampaignAggregateCache } from './campaign-aggregate.cache';
import { encodeCursor } from '../query/analytics-query';
import { CampaignRow, CampaignsRepository } from './campaigns.repository';

const EPOCH = new Date(0);

/** The value a campaign list is sorted by; rates follow the verdict of the request. */
function sortValue(
  c: CampaignSummary,
  field: CampaignSortField,
  verdict: VerdictVariant,
): number | string | null {
  const r = c.rates;
  switch (field) {
    case 'lastActivity':
      return c.lastActivityAt;
    case 'firstSent':
      return c.firstSentAt;
    case 'sent':
      return c.counts.sent;
    case 'delivered':
      return c.counts.delivered;
    case 'deliveryRate':
      return r.delivery;
    case 'openRate':
      return r.open[verdict].unique;
    case 'clickRate':
      return r.click[verdict].unique;
    case 'clickToOpenRate':
      return r.clickToOpen[verdict].unique;
    case 'bounceRate':
      return r.bounce;
    case 'complaintRate':
      return r.complaint;
    case 'unsubscribeRate':
      return r.unsubscribe;
    case 'conversions':
      return c.counts.conversions;
    case 'revenue':
      return c.counts.revenue;
  }
}

function sumConversions(
  conversions: AttributedConversion[],
  key: (c: AttributedConversion) => string | null,
): Map<string, AttributedRow> {
  const out = new Map<string, AttributedRow>();
  for (const c of conversions) {
    const k = key(c);
    if (k === null) continue;
    const row = out.get(k) ?? { conversions: 0, revenue: 0 };
    row.conversions++;
    row.revenue += c.amount;
    out.set(k, row);
  }
  return out;
}

@Injectable()
export class CampaignsService {
  constructor(
    private readonly repo: CampaignsRepository,
    private readonly aggregates: CampaignAggregateCache,
    private readonly attribution: AttributionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(
    workspaceId: string,
    q: {
      sort: CampaignSortField;
      order: 'asc' | 'desc';
      limit: number;
      offset: number;
      verdict: VerdictVariant;
    },
  ): Promise<CampaignListResponse> {
    const all = await this.summaries(workspaceId);
    const dir = q.order === 'asc' ? 1 : -1;
    all.sort((a, b) => {
      const va = sortValue(a, q.sort, q.verdict);
      const vb = sortValue(b, q.sort, q.verdict);
      // Campaigns without a value go last whatever the order.
      if (va === null || vb === null)
        return va === vb ? a.id.localeCompare(b.id) : va === null ? 1 : -1;
      if (va < vb) return -dir;
      if (va > vb) return dir;
      return a.id.localeCompare(b.id);
    });
    return {
      items: all.slice(q.offset, q.offset + q.limit),
      total: all.length,
      limit: q.limit,
      offset: q.offset,
    };
  }

  async compare(
    workspaceId: string,
    ids: string[],
  ): Promise<CampaignComparisonResponse> {
    const found = await this.summaries(workspaceId, ids);
    const missing = ids.filter((id) => !found.some((c) => c.id === id));
    if (missing.length)
      throw new ApiException(
        404,
        ApiErrorCode.NotFound,
        `No campaign ${missing.join(', ')} in this workspace`,
        'ids',
      );
    return { items: ids.map((id) => found.find((c) => c.id === id)!) };
  }

  async summary(
    workspaceId: string,
    campaignId: string,
  ): Promise<CampaignSummary> {
    const [summary] = await this.summaries(workspaceId, [campaignId]);
    if (!summary)
      throw new ApiException(
        404,
        ApiErrorCode.NotFound,
        `No campaign ${campaignId} in this workspace`,
        'id',
      );
    return summary;
  }

  async detail(
    workspaceId: string,
    campaignId: string,
    verdict: VerdictVariant,
  ): Promise<CampaignDetailResponse> {
    const [{ breakdown, links, conversions }, totals, meta, costs] =
      await Promise.all([
        this.aggregates.aggregate(workspaceId, campaignId),
        this.repo.breakdownTotals(workspaceId, campaignId),
        this.repo.campaignEvents(workspaceId, [campaignId]),
        this.repo.costs(workspaceId, [campaignId]),
      ]);
    const whole = breakdown.find(
      (r) => r.variant === null && r.domain === null && r.messages > 0,
    );
    if (!whole && !meta.has(campaignId))
      throw new ApiException(
        404,
        ApiErrorCode.NotFound,
        `No campaign ${campaignId} in this workspace`,
        'id',
      );
    const attributed = sumConversions(conversions, (c) => c.campaignId);
    const campaign = summaryOf(
      campaignId,
      whole && {
        ...whole,
        id: campaignId,
        variants: breakdown
          .filter((r) => r.variant !== null && r.variant !== '')
          .map((r) => r.variant!),
      },
      meta.get(campaignId) ?? null,
      totals.get(''),
      costs.get(campaignId)?.cost ?? null,
      attributed.get(campaignId),
    );
    const byVariant = sumConversions(conversions, (c) => c.variant ?? '');
    const byDomain = sumConversions(
      conversions,
      (c) => c.recipientDomain ?? '',
    );
    const variants: VariantBreakdown[] = breakdown
      .filter((r) => r.variant !== null && r.variant !== '')
      .map((r) => ({
        variant: r.variant!,
        ...countsAndRates(
          toMessageCounts(
            r,
            totals.get(`v:${r.variant}`),
            byVariant.get(r.variant!),
          ),
        ),
      }))
      .sort((a, b) => a.variant.localeCompare(b.variant));
    const domains: DomainBreakdown[] = breakdown
      .filter((r) => r.domain !== null)
      .map((r) => ({
        domain: r.domain!,
        ...countsAndRates(
          toMessageCounts(
            r,
            totals.get(`d:${r.domain}`),
            byDomain.get(r.domain!),
          ),
        ),
      }))
      .sort(
        (a, b) =>
          b.counts.sent - a.counts.sent || a.domain.localeCompare(b.domain),
      )
      .slice(0, 50);
    return {
      campaign,
      verdict,
      funnel: funnel(campaign.counts, verdict),
      links: links
        .map((l) => ({
          url: l.url,
          linkId: l.link_id,
          unique: l[`${verdict}_unique`],
          total: l[`${verdict}_total`],
        }))
        .filter((l) => l.total > 0)
        .sort((a, b) => b.total - a.total || a.url.localeCompare(b.url)),
      domains,
      variants,
    };
  }

  async recipients(
    workspaceId: string,
    campaignId: string,
    q: {
      action: 'opened' | 'clicked';
      verdict: VerdictVariant;
      limit: number;
      cursor?: unknown[];
    },
  ): Promise<CampaignRecipientsResponse> {
    await this.summary(workspaceId, campaignId);
    const after =
      q.cursor &&
      typeof q.cursor[0] === 'string' &&
      typeof q.cursor[1] === 'string'
        ? ([q.cursor[0], q.cursor[1]] as [string, string])
        : undefined;
    const rows = await this.repo.recipients(
      workspaceId,
      campaignId,
      q.action,
      q.verdict,
      q.limit + 1,
      after,
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        messageId: r.message_id,
        contactEmail: r.contact_email,
        contactExternalId: r.contact_external_id,
        variant: r.variant,
        recipientDomain: r.recipient_domain,
        firstAt: r.first_at.toISOString(),
        openCount: r.open_count,
        clickCount: r.click_count,
      })),
      nextCursor:
        rows.length > q.limit && last
          ? encodeCursor([last.first_at.toISOString(), last.message_id])
          : null,
    };
  }

  async setCost(
    workspaceId: string,
    campaignId: string,
    cost: number,
    currency: string,
  ): Promise<CampaignCostResponse> {
    await this.summary(workspaceId, campaignId);
    const saved = await this.repo.setCost(
      workspaceId,
      campaignId,
      cost,
      currency,
    );
    return {
      campaignId,
      cost: saved.cost,
      currency: saved.currency,
      updatedAt: saved.updatedAt.toISOString(),
    };
  }

  /** Summaries of every campaign of the workspace, or of the given ones (unknown ids are left out). */
  async summaries(
    workspaceId: string,
    ids?: string[],
    attributedConversions?: AttributedConversion[],
  ): Promise<CampaignSummary[]> {
    const window = this.config.ANALYTICS_ATTRIBUTION_WINDOW_DAYS;
    const [rows, events, totals, costs, conversions] = await Promise.all([
      this.repo.campaigns(workspaceId, ids),
      this.repo.campaignEvents(workspaceId, ids),
      this.repo.engagementTotals(workspaceId, ids),
      this.repo.costs(workspaceId, ids),
      attributedConversions ??
        (ids?.length === 1
          ? this.attribution.conversions(
              workspaceId,
              EPOCH,
              new Date(),
              window,
              ids[0],
            )
          : this.attribution.conversions(
              workspaceId,
              EPOCH,
              new Date(),
              window,
            )),
    ]);
    const attributed = sumConversions(conversions, (c) => c.campaignId);
    const byId = new Map<string, CampaignRow | undefined>(
      rows.map((r) => [r.id, r]),
    );
    for (const id of events.keys()) if (!byId.has(id)) byId.set(id, undefined);
    return [...byId].map(([id, row]) =>
      summaryOf(
        id,
        row,
        events.get(id) ?? null,
        totals.get(id),
        costs.get(id)?.cost ?? null,
        attributed.get(id),
      ),
    );
  }
}

function summaryOf(
  id: string,
  row: CampaignRow | undefined,
  name: string | null,
  totals: EngagementTotalRow | undefined,
  cost: number | null,
  attributed: AttributedRow | undefined,
): CampaignSummary {
  const counts = toMessageCounts(
    row,
    totals,
    attributed ?? { conversions: 0, revenue: 0 },
  );
  return {
    id,
    name,
    firstSentAt: row?.first_sent_at?.toISOString() ?? null,
    lastActivityAt: row?.last_activity_at?.toISOString() ?? null,
    variants: [...(row?.variants ?? [])].sort(),
    cost,
    counts,
    rates: computeRates(counts),
  };
}

function countsAndRates(counts: MessageCounts): {
  counts: MessageCounts;
  rates: Rates;
} {
  return { counts, rates: computeRates(counts) };
}

/** sent → delivered → opened → clicked → converted, unique messages (conversions: attributed conversions). */
export function funnel(
  c: MessageCounts,
  verdict: VerdictVariant,
): FunnelStep[] {
  const steps: Array<[FunnelStep['step'], number]> = [
    ['sent', c.sent],
    ['delivered', c.delivered],
    ['opened', c.opens[verdict].unique],
    ['clicked', c.clicks[verdict].unique],
    ['converted', c.conversions],
  ];
  return steps.map(([step, count], i) => ({
    step,
    count,
    ofSent: ratio(count, c.sent),
    ofPrevious: i === 0 ? null : ratio(count, steps[i - 1]![1]),
  }));
}
