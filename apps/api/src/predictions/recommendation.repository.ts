import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';

/** The aggregates behind each recommendation; every query scoped by workspace. */
@Injectable()
export class RecommendationRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async hardBouncedContacts(workspaceId: string, since: string, sample: number): Promise<{ count: number; sample: string[]; lastBouncedAt: Date | null }> {
    const { rows } = await this.pool.query<{ count: number; sample: string[] | null; last: Date | null }>(
      `SELECT count(*)::int AS count, (array_agg(contact ORDER BY last DESC))[1:$3] AS sample, max(last) AS last
       FROM (SELECT contact, max(last_bounced_at) AS last FROM contact_daily
             WHERE workspace_id = $1 AND day >= $2::date AND hard_bounced > 0 GROUP BY contact) c`,
      [workspaceId, since, sample],
    );
    return { count: rows[0]?.count ?? 0, sample: rows[0]?.sample ?? [], lastBouncedAt: rows[0]?.last ?? null };
  }

  async inactiveContacts(workspaceId: string, since: string, minSends: number, sample: number): Promise<{ count: number; sample: string[]; messages: number }> {
    const { rows } = await this.pool.query<{ count: number; sample: string[] | null; messages: number | null }>(
      `SELECT count(*)::int AS count, (array_agg(contact ORDER BY sent DESC))[1:$4] AS sample, sum(sent)::int AS messages
       FROM (SELECT contact, sum(delivered) AS sent FROM contact_daily WHERE workspace_id = $1 AND day >= $2::date
             GROUP BY contact HAVING sum(delivered) >= $3 AND sum(human_opened) = 0 AND sum(human_clicked) = 0) c`,
      [workspaceId, since, minSends, sample],
    );
    return { count: rows[0]?.count ?? 0, sample: rows[0]?.sample ?? [], messages: rows[0]?.messages ?? 0 };
  }

  /** Complaints and deliveries since `since`, for the workspace ('' ) and per recipient domain. */
  async complaintsByDomain(workspaceId: string, since: string): Promise<{ domain: string; delivered: number; complained: number }[]> {
    const { rows } = await this.pool.query<{ domain: string; delivered: number; complained: number }>(
      `SELECT coalesce(recipient_domain, '') AS domain, sum(delivered)::int AS delivered, sum(complained)::int AS complained
       FROM domain_daily WHERE workspace_id = $1 AND day >= $2::date GROUP BY ROLLUP (recipient_domain)`,
      [workspaceId, since],
    );
    return rows.map((r) => ({ ...r, domain: r.domain ?? '' }));
  }

  async failingDnsChecks(workspaceId: string): Promise<{ domain: string; record: string; selector: string; status: string; detail: string | null; checkedAt: Date }[]> {
    const { rows } = await this.pool.query(
      `SELECT domain, record, selector, status, detail, checked_at AS "checkedAt" FROM dns_check_statuses
       WHERE workspace_id = $1 AND status IN ('missing', 'broken', 'error') ORDER BY domain, record, selector`,
      [workspaceId],
    );
    return rows;
  }

  /** UTC hours at which the workspace's recent campaigns started, newest first. */
  async recentSendHours(workspaceId: string, since: string): Promise<number[]> {
    const { rows } = await this.pool.query<{ hour: number }>(
      `SELECT extract(hour FROM min(first_sent_at) AT TIME ZONE 'UTC')::int AS hour FROM campaign_daily
       WHERE workspace_id = $1 AND day >= $2::date GROUP BY campaign_id ORDER BY min(first_sent_at) DESC LIMIT 20`,
      [workspaceId, since],
    );
    return rows.map((r) => r.hour);
  }

  async workspaceOpenHours(workspaceId: string, since: string): Promise<number[]> {
    const { rows } = await this.pool.query<{ hours: number[] | null }>(
      `SELECT array_agg(s ORDER BY h) AS hours FROM (
         SELECT h, sum(open_hours[h])::int AS s FROM contact_daily, generate_series(1, 24) h
         WHERE workspace_id = $1 AND day >= $2::date GROUP BY h) x`,
      [workspaceId, since],
    );
    return rows[0]?.hours ?? new Array<number>(24).fill(0);
  }

  /** Per variant of each campaign sent since `since` with more than one variant: delivered and unique human opens. */
  async variantResults(workspaceId: string, since: Date): Promise<{ campaignId: string; variant: string; delivered: number; humanOpened: number }[]> {
    const { rows } = await this.pool.query(
      `SELECT campaign_id AS "campaignId", variant, count(*) FILTER (WHERE last_delivered_at IS NOT NULL)::int AS delivered,
              count(*) FILTER (WHERE first_human_open_at IS NOT NULL)::int AS "humanOpened"
       FROM message_states
       WHERE workspace_id = $1 AND sent_at >= $2 AND campaign_id IS NOT NULL AND variant IS NOT NULL
         AND campaign_id IN (SELECT campaign_id FROM message_states WHERE workspace_id = $1 AND sent_at >= $2 AND variant IS NOT NULL
                             GROUP BY campaign_id HAVING count(DISTINCT variant) > 1)
       GROUP BY campaign_id, variant ORDER BY campaign_id, variant`,
      [workspaceId, since],
    );
    return rows;
  }
}
