import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { contactFirstOccurrenceKeys } from '../notifications/notification-matcher';
import { keyHash } from '../notifications/notification.repository';
import { recordAudit } from '../workspaces/audit-log.repository';
import type { AuditActor } from '../workspaces/principal';
import { inTransaction } from '../workspaces/transaction';
import type { ContactRef } from './contact';

/** Everything stored about one contact of one workspace (a privacy export). */
export interface ContactRecords {
  events: Record<string, unknown>[];
  messages: Record<string, unknown>[];
  deadLetters: Record<string, unknown>[];
  /** Per-day aggregates of the contact kept by the nightly ETL. */
  dailySummaries: Record<string, unknown>[];
  /** Event-triggered notifications about the contact (each message and channel, sent or waiting). */
  notifications: Record<string, unknown>[];
}

export interface ErasedCounts {
  events: number;
  messages: number;
  deadLetters: number;
  dailySummaries: number;
  /** Notification messages about the contact (waiting ones are not sent), and the rules' first-occurrence marks of it. */
  notifications: number;
  /** Start (epoch ms) of each minute that held one of the erased events, for the live store. */
  eventMinutes: number[];
}

/*
 * The contact's rows are matched by address or external id, and its messages' rows by message id too: an open
 * or a bounce reported by an ESP may name only the message. $1 workspace, $2 email (lower-cased) or null,
 * $3 external id or null.
 */
const MATCHES = `(($2::text IS NOT NULL AND contact_email = $2) OR ($3::text IS NOT NULL AND contact_external_id = $3))`;
const CONTACT_MESSAGES = `
  SELECT message_id FROM message_states WHERE workspace_id = $1 AND ${MATCHES}
  UNION SELECT message_id FROM events WHERE workspace_id = $1 AND message_id IS NOT NULL AND ${MATCHES}`;
/** Rows of `events` or `message_states` that are the contact's: $4 the ids CONTACT_MESSAGES found. */
const CONTACT_ROWS = `workspace_id = $1 AND (${MATCHES} OR message_id = ANY($4::text[]))`;
/** A dead letter names the contact when its payload or raw body holds the address or id as a JSON string. */
/* $2 and $3: the quoted address and id (see needles()). */
const NAMES_CONTACT = `workspace_id = $1 AND (
  ($2::text IS NOT NULL AND (strpos(lower(coalesce(payload::text, '')), $2) > 0 OR strpos(lower(coalesce(raw, '')), $2) > 0)) OR
  ($3::text IS NOT NULL AND (strpos(coalesce(payload::text, ''), $3) > 0 OR strpos(coalesce(raw, ''), $3) > 0)))`;
/** The nightly ETL keys its per-contact rows by address, else external id. */
const DAILY_SUMMARIES = `workspace_id = $1 AND contact IN ($2, $3)`;
/** A notification message names the contact, or one of its messages ($4), in the event it was sent about. */
const NOTIFICATIONS = `workspace_id = $1 AND kind IN ('match', 'test') AND (
  ($2::text IS NOT NULL AND lower(payload #>> '{event,contact,email}') = $2) OR
  ($3::text IS NOT NULL AND payload #>> '{event,contact,externalId}' = $3) OR
  payload #>> '{event,messageId}' = ANY($4::text[]))`;

const EVENT_COLUMNS = `id, type, occurred_at AS "occurredAt", received_at AS "receivedAt", campaign_id AS "campaignId", message_id AS "messageId",
  contact_email AS "contactEmail", contact_external_id AS "contactExternalId", recipient_domain AS "recipientDomain", variant, verdict,
  verdict_reasons AS "verdictReasons", amount, client, os, device, properties`;

@Injectable()
export class ContactDataRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async find(workspaceId: string, contact: ContactRef): Promise<ContactRecords> {
    const args = [workspaceId, contact.email, contact.externalId];
    const { rows: messageRows } = await this.pool.query<{ message_id: string }>(CONTACT_MESSAGES, args);
    const messageIds = messageRows.map((r) => r.message_id);
    const [events, messages, deadLetters, dailySummaries, notifications] = await Promise.all([
      this.pool.query(`SELECT ${EVENT_COLUMNS} FROM events WHERE ${CONTACT_ROWS} ORDER BY occurred_at, id`, [...args, messageIds]),
      this.pool.query(`SELECT * FROM message_states WHERE ${CONTACT_ROWS} ORDER BY message_id`, [...args, messageIds]),
      this.pool.query(
        `SELECT id, source, reason, field, payload, raw, received_at AS "receivedAt" FROM dead_letters WHERE ${NAMES_CONTACT} ORDER BY id`,
        [workspaceId, ...needles(contact)],
      ),
      this.pool.query(`SELECT * FROM contact_daily WHERE ${DAILY_SUMMARIES} ORDER BY day`, args),
      this.pool.query(
        `SELECT id, rule_id AS "ruleId", channel_id AS "channelId", kind, payload, status, created_at AS "createdAt", delivered_at AS "deliveredAt"
           FROM notification_deliveries WHERE ${NOTIFICATIONS} ORDER BY id`,
        [...args, messageIds],
      ),
    ]);
    return {
      events: events.rows,
      messages: messages.rows.map(withoutWorkspace),
      deadLetters: deadLetters.rows,
      dailySummaries: dailySummaries.rows.map(withoutWorkspace),
      notifications: notifications.rows,
    };
  }

  /**
   * Deletes the contact's raw events, message states, dead letters naming it, daily aggregates and notification
   * messages about it, with one audit row, in one transaction.
   */
  async erase(workspaceId: string, contact: ContactRef, audit: { actor: AuditActor; details: Record<string, unknown> }): Promise<ErasedCounts> {
    const args = [workspaceId, contact.email, contact.externalId];
    return inTransaction(this.pool, async (db) => {
      const { rows: messageRows } = await db.query<{ message_id: string }>(CONTACT_MESSAGES, args);
      const messageIds = messageRows.map((r) => r.message_id);
      const events = await db.query<{ minute: Date }>(
        `DELETE FROM events WHERE ${CONTACT_ROWS} RETURNING date_trunc('minute', occurred_at) AS minute`,
        [...args, messageIds],
      );
      const messages = await db.query(`DELETE FROM message_states WHERE ${CONTACT_ROWS}`, [...args, messageIds]);
      const deadLetters = await db.query(`DELETE FROM dead_letters WHERE ${NAMES_CONTACT}`, [workspaceId, ...needles(contact)]);
      const dailySummaries = await db.query(`DELETE FROM contact_daily WHERE ${DAILY_SUMMARIES}`, args);
      const notifications = await db.query(`DELETE FROM notification_deliveries WHERE ${NOTIFICATIONS}`, [...args, messageIds]);
      // First-occurrence rules keep a hash of each contact they fired for (notification-matcher.ts firstOccurrenceKey).
      const firstMarks = await db.query(`DELETE FROM notification_first_occurrences WHERE workspace_id = $1 AND key_hash = ANY(SELECT decode(h, 'hex') FROM unnest($2::text[]) h)`, [
        workspaceId,
        contactFirstOccurrenceKeys(contact).map(keyHash),
      ]);
      const counts = {
        events: events.rowCount ?? 0,
        messages: messages.rowCount ?? 0,
        deadLetters: deadLetters.rowCount ?? 0,
        dailySummaries: dailySummaries.rowCount ?? 0,
        notifications: (notifications.rowCount ?? 0) + (firstMarks.rowCount ?? 0),
      };
      await recordAudit(db, { workspaceId, actor: audit.actor, action: 'contact.erase', target: audit.details['contact'] as string, details: { ...audit.details, erased: counts } });
      return { ...counts, eventMinutes: [...new Set(events.rows.map((r) => r.minute.getTime()))].sort((a, b) => a - b) };
    });
  }

  async recordExport(workspaceId: string, actor: AuditActor, details: Record<string, unknown>): Promise<void> {
    await recordAudit(this.pool, { workspaceId, actor, action: 'contact.export', target: details['contact'] as string, details });
  }

  /** The contacts (address, else external id) with events in the minute starting at `minute`: a live-store minute rebuilt. */
  async contactsInMinute(workspaceId: string, minute: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ contact: string }>(
      `SELECT DISTINCT coalesce(contact_email, contact_external_id) AS contact FROM events
        WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND coalesce(contact_email, contact_external_id) IS NOT NULL`,
      [workspaceId, new Date(minute), new Date(minute + 60_000)],
    );
    return rows.map((r) => r.contact);
  }
}

/** The contact's address and id as they appear inside JSON text (quoted), for matching dead-letter bodies. */
function needles(contact: ContactRef): [string | null, string | null] {
  return [contact.email === null ? null : JSON.stringify(contact.email), contact.externalId === null ? null : JSON.stringify(contact.externalId)];
}

function withoutWorkspace(row: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...row };
  delete rest['workspace_id'];
  return rest;
}
