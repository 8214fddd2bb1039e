import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { EventsExportQuery, RangeExportQuery } from './dto/export-query.dto';

/** Rows fetched from the server-side cursor at a time: what an export holds in memory at most. */
export const EXPORT_FETCH_ROWS = 2000;

export type ExportRow = Record<string, unknown>;

/** A timestamptz column as ISO 8601 UTC text with milliseconds, as Date.toISOString() writes it. */
const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Exports read through a server-side cursor (DECLARE … NO SCROLL CURSOR in a read-only transaction, FETCH in
 * batches), so a million rows stream out without sitting in memory; when the consumer stops early (the client
 * went away), the generator's `finally` closes the cursor and returns the connection.
 */
@Injectable()
export class ExportRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The rows in batches of up to EXPORT_FETCH_ROWS (one FETCH each): one await per batch, not per row. */
  private async *stream(sql: string, params: unknown[]): AsyncGenerator<ExportRow[]> {
    const client = await this.pool.connect();
    let healthy = true;
    let inTransaction = false;
    try {
      await client.query('BEGIN READ ONLY');
      inTransaction = true;
      await client.query(`SET LOCAL TimeZone = 'UTC'`);
      await client.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${sql}`, params);
      for (;;) {
        const { rows } = await client.query<ExportRow>(`FETCH ${EXPORT_FETCH_ROWS} FROM export_rows`);
        if (rows.length) yield rows;
        if (rows.length < EXPORT_FETCH_ROWS) break;
      }
      await client.query('COMMIT');
      inTransaction = false;
    } catch (err) {
      healthy = false;
      throw err;
    } finally {
      // Stopped early or failed: end the transaction (closing the cursor); a connection that cannot is discarded.
      if (healthy && inTransaction) await client.query('ROLLBACK').catch(() => (healthy = false));
      client.release(!healthy);
    }
  }

  /** Raw events oldest first, filtered like the event explorer. */
  events(workspaceId: string, q: EventsExportQuery): AsyncGenerator<ExportRow[]> {
    const params: unknown[] = [workspaceId, q.from, q.to];
    const where: string[] = [];
    if (q.types) where.push(`type = ANY($${params.push(q.types)}::text[])`);
    if (q.campaignId !== undefined) where.push(`campaign_id = $${params.push(q.campaignId)}`);
    if (q.messageId !== undefined) where.push(`message_id = $${params.push(q.messageId)}`);
    if (q.contact !== undefined) {
      const p = `$${params.push(q.contact)}`;
      where.push(`(contact_email = lower(${p}) OR contact_external_id = ${p})`);
    }
    return this.stream(
      // Times and properties leave as the text the CSV holds (ISO 8601 UTC, JSON), not parsed and re-serialised per row.
      `SELECT id, type, ${ISO('occurred_at')} AS occurred_at, ${ISO('received_at')} AS received_at, campaign_id, message_id, contact_email,
              contact_external_id, recipient_domain, variant, verdict, amount, client, os, device, properties::text AS properties
       FROM events WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3${where.map((w) => ` AND ${w}`).join('')}
       ORDER BY occurred_at, id`,
      params,
    );
  }

  /** One row per contact with messages sent in the range: what they received and what they did with it. */
  contactEngagement(workspaceId: string, q: RangeExportQuery): AsyncGenerator<ExportRow[]> {
    return this.stream(
      `SELECT coalesce(contact_email, contact_external_id) AS contact, max(contact_email) AS contact_email,
              max(contact_external_id) AS contact_external_id, count(*) AS messages, count(first_delivered_at) AS delivered,
              count(*) FILTER (WHERE status = 'bounced') AS bounced, count(first_human_open_at) AS opened_human,
              count(first_open_at) AS opened_any, count(first_human_click_at) AS clicked_human, count(first_click_at) AS clicked_any,
              sum(open_count) AS opens, sum(click_count) AS clicks, count(replied_at) AS replied, count(complained_at) AS complained,
              count(unsubscribed_at) AS unsubscribed, max(first_human_open_at) AS last_human_open_at, max(last_event_at) AS last_activity_at
       FROM message_states
       WHERE workspace_id = $1 AND sent_at >= $2 AND sent_at < $3 AND ($4::text IS NULL OR campaign_id = $4)
         AND coalesce(contact_email, contact_external_id) IS NOT NULL
       GROUP BY 1 ORDER BY 1`,
      [workspaceId, q.from, q.to, q.campaignId ?? null],
    );
  }

  bounces(workspaceId: string, q: RangeExportQuery): AsyncGenerator<ExportRow[]> {
    return this.stream(
      `SELECT occurred_at, id AS event_id, message_id, campaign_id, variant, contact_email, contact_external_id, recipient_domain,
              properties->>'bounceClass' AS bounce_class, properties->>'smtpCode' AS smtp_code, properties->>'reason' AS reason
       FROM events
       WHERE workspace_id = $1 AND type = 'email.bounced' AND occurred_at >= $2 AND occurred_at < $3 AND ($4::text IS NULL OR campaign_id = $4)
       ORDER BY occurred_at, id`,
      [workspaceId, q.from, q.to, q.campaignId ?? null],
    );
  }

  complaints(workspaceId: string, q: RangeExportQuery): AsyncGenerator<ExportRow[]> {
    return this.stream(
      `SELECT occurred_at, id AS event_id, message_id, campaign_id, variant, contact_email, contact_external_id, recipient_domain,
              properties->>'feedbackType' AS feedback_type
       FROM events
       WHERE workspace_id = $1 AND type = 'email.complained' AND occurred_at >= $2 AND occurred_at < $3 AND ($4::text IS NULL OR campaign_id = $4)
       ORDER BY occurred_at, id`,
      [workspaceId, q.from, q.to, q.campaignId ?? null],
    );
  }
}
