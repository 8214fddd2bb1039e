import { Inject, Injectable } from '@nestjs/common';
import type { VerdictVariant } from '@mailpulse/metrics';
import type { Pool } from 'pg';
import { prepared } from '../query/prepared';
import { PG_POOL } from '../../database/database.module';
import {
  ENGAGEMENT_TOTAL_COLUMNS,
  EngagementTotalRow,
  MESSAGE_COUNT_COLUMNS,
  MessageCountRow,
} from '../counts/message-counts.sql';

export interface CampaignRow extends MessageCountRow {
  id: string;
  first_sent_at: Date | null;
  last_activity_at: Date | null;
  variants: string[] | null;
}

/** One row per variant (domain null), per domain (variant null) and one for the whole campaign (both null). */
export interface BreakdownRow extends MessageCountRow {
  variant: string | null;
  domain: string | null;
  messages: number;
  first_sent_at: Date | null;
  last_activity_at: Date | null;
}

export interface TotalsRow extends EngagementTotalRow {
  key: string;
}

/** Per link: messages that clicked it (`*_unique`) and every click (`*_total`), per verdict. */
export interface LinkRow {
  url: string;
  link_id: string | null;
  human_unique: number;
  human_total: number;
  machine_unique: number;
  machine_total: number;
  total_unique: number;
  total_total: number;
}

export interface RecipientRow {
  message_id: string;
  contact_email: string | null;
  contact_external_id: string | null;
  variant: string | null;
  recipient_domain: string | null;
  first_at: Date;
  open_count: number;
  click_count: number;
}

export interface CampaignCost {
  campaignId: string;
  cost: number;
  currency: string;
  updatedAt: Date;
}

/** Campaign reads over message_states, rollups and click events; every query scoped by workspace. */
@Injectable()
export class CampaignsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Message counts per campaign (all campaigns, or the given ones). */
  async campaigns(workspaceId: string, ids?: string[]): Promise<CampaignRow[]> {
    const params: unknown[] = [workspaceId];
    const only = ids
      ? ` AND m.campaign_id = ANY($${params.push(ids)}::text[])`
      : '';
    const { rows } = await this.pool.query<CampaignRow>(
      prepared(
        `SELECT m.campaign_id AS id, ${MESSAGE_COUNT_COLUMNS},
              min(m.sent_at) AS first_sent_at, max(m.last_event_at) AS last_activity_at,
              array_agg(DISTINCT m.variant) FILTER (WHERE m.variant IS NOT NULL) AS variants
       FROM message_states m
       WHERE m.workspace_id = $1 AND m.campaign_id IS NOT NULL${only}
       GROUP BY m.campaign_id`,
        params,
      ),
    );
    return rows;
  }

  /**
   * Campaigns named by campaign.* events (also those not sent yet), with the name of the latest
   * campaign.created (null when none names it).
   */
  async campaignEvents(
    workspaceId: string,
    ids?: string[],
  ): Promise<Map<string, string | null>> {
    const params: unknown[] = [workspaceId];
    const only = ids
      ? ` AND campaign_id = ANY($${params.push(ids)}::text[])`
      : '';
    const { rows } = await this.pool.query<{ id: string; name: string | null }>(
      prepared(
        `SELECT campaign_id AS id,
                (array_agg(properties->>'name' ORDER BY occurred_at DESC) FILTER (WHERE type = 'campaign.created'))[1] AS name
       FROM events WHERE workspace_id = $1 AND type LIKE 'campaign.%' AND campaign_id IS NOT NULL${only}
       GROUP BY campaign_id`,
        params,
      ),
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Every open and click by verdict, per campaign (key = campaign id), from the day rollup. */
  async engagementTotals(
    workspaceId: string,
    ids?: string[],
  ): Promise<Map<string, EngagementTotalRow>> {
    const params: unknown[] = [workspaceId];
    const only = ids
      ? ` AND r.campaign_id = ANY($${params.push(ids)}::text[])`
      : '';
    const { rows } = await this.pool.query<TotalsRow>(
      prepared(
        `SELECT r.campaign_id AS key, ${ENGAGEMENT_TOTAL_COLUMNS}
       FROM rollups_day r WHERE r.workspace_id = $1 AND r.type IN ('email.opened', 'email.clicked') AND r.campaign_id <> ''${only}
       GROUP BY r.campaign_id`,
        params,
      ),
    );
    return new Map(rows.map((r) => [r.key, r]));
  }

  /** One campaign's message counts per variant and per recipient domain. */
  async breakdown(
    workspaceId: string,
    campaignId: string,
  ): Promise<BreakdownRow[]> {
    const { rows } = await this.pool.query<
      BreakdownRow & { gv: number; gd: number }
    >(
      prepared(
        `SELECT coalesce(m.variant, '') AS variant, coalesce(m.recipient_domain, '') AS domain,
                GROUPING(m.variant) AS gv, GROUPING(m.recipient_domain) AS gd, count(*)::int AS messages, ${MESSAGE_COUNT_COLUMNS},
                min(m.sent_at) AS first_sent_at, max(m.last_event_at) AS last_activity_at
       FROM message_states m WHERE m.workspace_id = $1 AND m.campaign_id = $2
       GROUP BY GROUPING SETS ((), (m.variant), (m.recipient_domain))`,
        [workspaceId, campaignId],
      ),
    );
    // GROUPING() says which set a row belongs to: both 1 = the whole campaign, gv 0 = by variant, gd 0 = by domain.
    return rows.map(({ gv, gd, ...r }) => ({
      ...r,
      variant: gv === 0 ? r.variant : null,
      domain: gd === 0 ? r.domain : null,
    }));
  }

  /** One campaign's opens and clicks by verdict: in all (key ''), per variant ('v:<variant>') and per domain ('d:<domain>'). */
  async breakdownTotals(
    workspaceId: string,
    campaignId: string,
  ): Promise<Map<string, EngagementTotalRow>> {
    const { rows } = await this.pool.query<TotalsRow>(
      prepared(
        `SELECT CASE WHEN GROUPING(r.variant) = 0 THEN 'v:' || r.variant WHEN GROUPING(r.recipient_domain) = 0 THEN 'd:' || r.recipient_domain ELSE '' END AS key,
              ${ENGAGEMENT_TOTAL_COLUMNS}
       FROM rollups_day r WHERE r.workspace_id = $1 AND r.campaign_id = $2 AND r.type IN ('email.opened', 'email.clicked')
       GROUP BY GROUPING SETS ((), (r.variant), (r.recipient_domain))`,
        [workspaceId, campaignId],
      ),
    );
    return new Map(rows.map((r) => [r.key, r]));
  }

  /** Clicks per link of one campaign: messages that clicked it and every click, per verdict. */
  async links(workspaceId: string, campaignId: string): Promise<LinkRow[]> {
    const { rows } = await this.pool.query<LinkRow>(
      prepared(
        `SELECT properties->>'url' AS url, max(properties->>'linkId') AS link_id,
              count(DISTINCT message_id) FILTER (WHERE verdict <> 'machine')::int AS human_unique,
              count(*) FILTER (WHERE verdict <> 'machine')::int AS human_total,
              count(DISTINCT message_id) FILTER (WHERE verdict = 'machine')::int AS machine_unique,
              count(*) FILTER (WHERE verdict = 'machine')::int AS machine_total,
              count(DISTINCT message_id)::int AS total_unique, count(*)::int AS total_total
       FROM events WHERE workspace_id = $1 AND campaign_id = $2 AND type = 'email.clicked'
       GROUP BY 1 ORDER BY total_total DESC, url LIMIT 200`,
        [workspaceId, campaignId],
      ),
    );
    return rows;
  }

  /** Who opened or clicked, oldest first, keyset-paged on (first time, message id). */
  async recipients(
    workspaceId: string,
    campaignId: string,
    action: 'opened' | 'clicked',
    verdict: VerdictVariant,
    limit: number,
    after?: [string, string],
  ): Promise<RecipientRow[]> {
    const any = action === 'opened' ? 'first_open_at' : 'first_click_at';
    const human =
      action === 'opened' ? 'first_human_open_at' : 'first_human_click_at';
    const first = verdict === 'human' ? human : any;
    const condition =
      verdict === 'machine'
        ? `${any} IS NOT NULL AND ${human} IS NULL`
        : `${first} IS NOT NULL`;
    const params: unknown[] = [workspaceId, campaignId, limit];
    const page = after
      ? ` AND (${first}, message_id) > ($${params.push(new Date(after[0]))}::timestamptz, $${params.push(after[1])})`
      : '';
    const { rows } = await this.pool.query<RecipientRow>(
      prepared(
        `SELECT message_id, contact_email, contact_external_id, variant, recipient_domain, ${first} AS first_at, open_count, click_count
       FROM message_states WHERE workspace_id = $1 AND campaign_id = $2 AND ${condition}${page}
       ORDER BY ${first}, message_id LIMIT $3`,
        params,
      ),
    );
    return rows;
  }

  async costs(
    workspaceId: string,
    ids?: string[],
  ): Promise<Map<string, CampaignCost>> {
    const params: unknown[] = [workspaceId];
    const only = ids
      ? ` AND campaign_id = ANY($${params.push(ids)}::text[])`
      : '';
    const { rows } = await this.pool.query<CampaignCost>(
      prepared(
        `SELECT campaign_id AS "campaignId", cost::float8 AS cost, currency, updated_at AS "updatedAt" FROM campaign_costs WHERE workspace_id = $1${only}`,
        params,
      ),
    );
    return new Map(rows.map((r) => [r.campaignId, r]));
  }

  async setCost(
    workspaceId: string,
    campaignId: string,
    cost: number,
    currency: string,
  ): Promise<CampaignCost> {
    const { rows } = await this.pool.query<CampaignCost>(
      prepared(
        `INSERT INTO campaign_costs (workspace_id, campaign_id, cost, currency) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, campaign_id) DO UPDATE SET cost = excluded.cost, currency = excluded.currency, updated_at = now()
       RETURNING campaign_id AS "campaignId", cost::float8 AS cost, currency, updated_at AS "updatedAt"`,
        [workspaceId, campaignId, cost, currency],
      ),
    );
    return rows[0]!;
  }
}
