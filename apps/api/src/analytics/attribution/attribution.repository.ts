import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { prepared } from '../query/prepared';
import { PG_POOL } from '../../database/database.module';

/** One conversion and the human click it is attributed to (null fields when no click qualifies). */
export interface AttributedConversion {
  id: string;
  occurredAt: Date;
  amount: number;
  campaignId: string | null;
  variant: string | null;
  recipientDomain: string | null;
  messageId: string | null;
}

const CONTACT = 'coalesce(contact_email, contact_external_id)';

/**
 * Last-click attribution: a conversion belongs to the campaign of the same contact's latest human (non-machine)
 * click at or before it and no more than `windowDays` earlier. Scanner clicks never win a conversion.
 */
@Injectable()
export class AttributionRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Conversions in [from, to) with their attribution; only those attributed to `campaignId` when given. */
  async conversions(
    workspaceId: string,
    from: Date,
    to: Date,
    windowDays: number,
    campaignId?: string,
  ): Promise<AttributedConversion[]> {
    const params: unknown[] = [workspaceId, from, to, windowDays];
    let clickers = '';
    let campaignFilter = '';
    if (campaignId !== undefined) {
      // Only contacts who clicked this campaign can convert for it, and only between its first human click and
      // the window after its last one (which also skips the day partitions outside that span).
      params.push(campaignId);
      clickers = `clickers AS MATERIALIZED (
         SELECT ${CONTACT} AS contact, min(occurred_at) AS first_click, max(occurred_at) AS last_click
         FROM events WHERE workspace_id = $1 AND campaign_id = $5 AND type = 'email.clicked' AND verdict <> 'machine'
         GROUP BY 1
       ),`;
      campaignFilter = `AND ${CONTACT} IN (SELECT contact FROM clickers)
           AND occurred_at >= (SELECT min(first_click) FROM clickers)
           AND occurred_at <= (SELECT max(last_click) FROM clickers) + make_interval(days => $4::int)`;
    }
    const { rows } = await this.pool.query<AttributedConversion>(
      prepared(
        `WITH ${clickers} conv AS (
         SELECT id, occurred_at, coalesce(amount, 0) AS amount, ${CONTACT} AS contact
         FROM events
         WHERE workspace_id = $1 AND type = 'conversion' AND occurred_at >= $2 AND occurred_at < $3 ${campaignFilter}
       )
       SELECT c.id, c.occurred_at AS "occurredAt", c.amount::float8 AS amount, k.campaign_id AS "campaignId",
              k.variant, k.recipient_domain AS "recipientDomain", k.message_id AS "messageId"
       FROM conv c
       LEFT JOIN LATERAL (
         SELECT campaign_id, variant, recipient_domain, message_id
         FROM events k
         WHERE k.workspace_id = $1 AND k.type = 'email.clicked' AND k.verdict <> 'machine'
           AND coalesce(k.contact_email, k.contact_external_id) = c.contact
           AND k.occurred_at <= c.occurred_at AND k.occurred_at >= c.occurred_at - make_interval(days => $4::int)
         ORDER BY k.occurred_at DESC, k.id DESC
         LIMIT 1
       ) k ON c.contact IS NOT NULL
       ORDER BY c.occurred_at`,
        params,
      ),
    );
    return campaignId === undefined
      ? rows
      : rows.filter((r) => r.campaignId === campaignId);
  }
}
