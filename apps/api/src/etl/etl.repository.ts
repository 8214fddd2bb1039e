import { Inject, Injectable } from '@nestjs/common';
import type { CampaignDay, ContactDay, DailyAggregates, Day, DomainDay, MessageStateRow } from '@mailpulse/features';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { inTransaction } from '../workspaces/transaction';

/** Reads message states for the ETL and replaces a day's aggregates; every statement is scoped by workspace. */
@Injectable()
export class EtlRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Workspaces with any message sent in [from, to). */
  async workspacesWithMail(from: Date, to: Date): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT w.id FROM workspaces w
       WHERE EXISTS (SELECT 1 FROM message_states s WHERE s.workspace_id = w.id AND s.sent_at >= $1 AND s.sent_at < $2)
          OR EXISTS (SELECT 1 FROM campaign_daily c WHERE c.workspace_id = w.id AND c.day >= $1::date AND c.day < $2::date)
       ORDER BY w.id`,
      [from, to],
    );
    return rows.map((r) => r.id);
  }

  /** The message states of the messages sent on `day` (UTC). */
  async messagesSentOn(workspaceId: string, day: Day): Promise<MessageStateRow[]> {
    const { rows } = await this.pool.query<MessageStateRow>(
      `SELECT campaign_id, variant, contact_email, contact_external_id, recipient_domain, sent_at, last_delivered_at,
              last_deferred_at, last_bounced_at, bounce_class, first_open_at, first_human_open_at, first_click_at,
              first_human_click_at, complained_at, unsubscribed_at
       FROM message_states
       WHERE workspace_id = $1 AND sent_at >= ($2::date)::timestamp AT TIME ZONE 'UTC' AND sent_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'`,
      [workspaceId, day],
    );
    return rows;
  }

  /** Replaces the workspace's aggregates of `day` with `aggregates` in one transaction; returns the rows written. */
  async replaceDay(workspaceId: string, day: Day, a: DailyAggregates): Promise<number> {
    return inTransaction(this.pool, async (db) => {
      for (const table of ['campaign_daily', 'contact_daily', 'domain_daily']) {
        await db.query(`DELETE FROM ${table} WHERE workspace_id = $1 AND day = $2`, [workspaceId, day]);
      }
      await db.query(
        `INSERT INTO campaign_daily (workspace_id, day, campaign_id, sent, delivered, bounced, hard_bounced, opened, human_opened, clicked,
                                     human_clicked, complained, unsubscribed, first_sent_at)
         SELECT $1, $2, * FROM unnest($3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[],
                                     $12::int[], $13::int[], $14::timestamptz[])`,
        [workspaceId, day, ...columns(a.campaigns, ['campaignId', 'sent', 'delivered', 'bounced', 'hardBounced', 'opened', 'humanOpened', 'clicked', 'humanClicked', 'complained', 'unsubscribed', 'firstSentAt'])],
      );
      // Arrays of arrays go in as JSON: unnest() would flatten a 2-D SQL array.
      await db.query(
        `INSERT INTO contact_daily (workspace_id, day, contact, recipient_domain, sent, delivered, bounced, hard_bounced, opened, human_opened,
                                    clicked, human_clicked, complained, unsubscribed, open_hours, open_weekdays, click_hours, click_weekdays,
                                    last_sent_at, last_open_at, last_click_at, last_bounced_at)
         SELECT $1, $2, c.contact, c.domain, c.sent, c.delivered, c.bounced, c.hard, c.opened, c.hopened, c.clicked, c.hclicked, c.complained,
                c.unsub,
                ARRAY(SELECT jsonb_array_elements_text(h.v -> 0)::int), ARRAY(SELECT jsonb_array_elements_text(h.v -> 1)::int),
                ARRAY(SELECT jsonb_array_elements_text(h.v -> 2)::int), ARRAY(SELECT jsonb_array_elements_text(h.v -> 3)::int),
                c.ls, c.lo, c.lc, c.lb
         FROM unnest($3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[], $12::int[],
                     $13::int[], $14::int[], $15::jsonb[], $16::timestamptz[], $17::timestamptz[], $18::timestamptz[], $19::timestamptz[])
              AS c(contact, domain, sent, delivered, bounced, hard, opened, hopened, clicked, hclicked, complained, unsub, hist, ls, lo, lc, lb),
              LATERAL (SELECT c.hist AS v) h`,
        [
          workspaceId,
          day,
          ...columns(a.contacts, ['contact', 'recipientDomain', 'sent', 'delivered', 'bounced', 'hardBounced', 'opened', 'humanOpened', 'clicked', 'humanClicked', 'complained', 'unsubscribed']),
          a.contacts.map((c) => JSON.stringify([c.openHours, c.openWeekdays, c.clickHours, c.clickWeekdays])),
          ...columns(a.contacts, ['lastSentAt', 'lastOpenAt', 'lastClickAt', 'lastBouncedAt']),
        ],
      );
      await db.query(
        `INSERT INTO domain_daily (workspace_id, day, recipient_domain, sent, delivered, deferred, bounced, hard_bounced, opened, human_opened,
                                   human_clicked, complained)
         SELECT $1, $2, * FROM unnest($3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[], $12::int[])`,
        [workspaceId, day, ...columns(a.domains, ['recipientDomain', 'sent', 'delivered', 'deferred', 'bounced', 'hardBounced', 'opened', 'humanOpened', 'humanClicked', 'complained'])],
      );
      return a.campaigns.length + a.contacts.length + a.domains.length;
    });
  }
}

type Row = CampaignDay | ContactDay | DomainDay;

/** One array per field, in the order given: the shape `unnest` takes. */
function columns<T extends Row>(rows: readonly T[], fields: readonly (keyof T)[]): unknown[][] {
  return fields.map((f) => rows.map((r) => r[f]));
}
