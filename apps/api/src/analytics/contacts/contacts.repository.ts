import { Inject, Injectable } from '@nestjs/common';
import type { JourneyEvent } from '@mailpulse/contracts';
import type { Pool } from 'pg';
import { prepared } from '../query/prepared';
import { PG_POOL } from '../../database/database.module';

/** A contact's first day seen, first meaningful day and the days with a meaningful action (UTC dates, YYYY-MM-DD). */
export interface ContactActivity {
  firstSeen: string;
  firstActive: string | null;
  activeDays: string[];
}

/**
 * A meaningful action: a human open or click, a reply, a conversion or anything the contact did in the product
 * (user.* events). A machine open, a delivery or a bounce is not.
 */
export const MEANINGFUL = `((type IN ('email.opened', 'email.clicked') AND verdict <> 'machine') OR type IN ('email.replied', 'conversion') OR type LIKE 'user.%')`;

@Injectable()
export class ContactsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Every event of one contact (by email or external id), oldest first. */
  async journey(
    workspaceId: string,
    contact: { email?: string; externalId?: string },
    limit: number,
  ): Promise<JourneyEvent[]> {
    const byEmail = contact.email !== undefined;
    const { rows } = await this.pool.query<JourneyEvent & { occurredAt: Date }>(
      prepared(
        `SELECT id, type, split_part(type, '.', 1) AS family, occurred_at AS "occurredAt", campaign_id AS "campaignId",
              message_id AS "messageId", variant, verdict, amount, properties
       FROM events WHERE workspace_id = $1 AND ${byEmail ? 'contact_email = $2' : 'contact_external_id = $2'}
       ORDER BY occurred_at, id LIMIT $3`,
        [
          workspaceId,
          byEmail ? contact.email!.toLowerCase() : contact.externalId,
          limit,
        ],
      ),
    );
    return rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString() }));
  }

  /** Activity of every contact seen before `to`. */
  async activity(workspaceId: string, to: Date): Promise<ContactActivity[]> {
    const { rows } = await this.pool.query<ContactActivity>(
      prepared(
        `WITH days AS (
         SELECT coalesce(contact_email, contact_external_id) AS contact, (occurred_at AT TIME ZONE 'UTC')::date AS day, bool_or(${MEANINGFUL}) AS meaningful
         FROM events
         WHERE workspace_id = $1 AND occurred_at < $2 AND coalesce(contact_email, contact_external_id) IS NOT NULL
         GROUP BY 1, 2
       )
       SELECT to_char(min(day), 'YYYY-MM-DD') AS "firstSeen",
              to_char(min(day) FILTER (WHERE meaningful), 'YYYY-MM-DD') AS "firstActive",
              coalesce(array_agg(to_char(day, 'YYYY-MM-DD') ORDER BY day) FILTER (WHERE meaningful), '{}') AS "activeDays"
       FROM days GROUP BY contact`,
        [workspaceId, to],
      ),
    );
    return rows;
  }
}
