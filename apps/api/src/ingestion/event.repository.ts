import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PG_POOL } from '../database/database.module';
import type { MessageInfo } from './pipeline/enricher.step';
import { withPairedSurrogates } from './pipeline/contains-unpaired-surrogate';
import type { DeadLetter, EnrichedEvent } from './pipeline/pipeline.types';
import { MESSAGE_STATE_COLUMNS, messageStateAggregates } from './message-state-aggregates.sql';

/**
 * One statement stores a group of events and everything derived from them. The data-modifying CTEs see the
 * rows `ins` actually inserted, so a retried event (same workspace, id and time) changes nothing anywhere:
 * rollups and message states only ever add what is new. Rows are fed in key order so concurrent groups
 * lock shared rollup and message rows in the same order.
 */
const ROLLUP_KEY = 'workspace_id, bucket, campaign_id, type, variant, recipient_domain, verdict';

/** Upserts one rollup table from `source`, a CTE of per-bucket counts at this grain or a finer one. */
const ROLLUP_SQL = (table: string, grain: string, source: string) => `
  ${table}_up AS (
    INSERT INTO ${table} AS r (${ROLLUP_KEY}, count, amount)
    SELECT workspace_id, date_trunc('${grain}', bucket), campaign_id, type, variant, recipient_domain, verdict, sum(count), sum(amount)
    FROM ${source} GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (${ROLLUP_KEY})
    DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount
  )`;

/**
 * Per-connection staging table the group is COPYed into, outside any transaction: the write statement below
 * empties it (DELETE … RETURNING) as it stores the rows, so the one statement that takes row locks on shared
 * rollup and message rows runs alone, in its own implicit transaction, and holds them only until its commit.
 * The session runs in UTC, so the rollups' date_trunc buckets are UTC minutes, hours and days.
 */
const STAGING_DDL = `
SET TimeZone = 'UTC';
CREATE TEMP TABLE IF NOT EXISTS event_staging (
  ord int, workspace_id uuid, id text COLLATE "C", type text COLLATE "C", occurred_at timestamptz, received_at timestamptz,
  campaign_id text COLLATE "C", message_id text COLLATE "C", contact_email text, contact_external_id text, recipient_domain text COLLATE "C",
  variant text COLLATE "C", verdict text COLLATE "C", verdict_reasons text[], amount numeric, client text, os text, device text, properties jsonb
)`;
const COPY_STAGING = 'COPY event_staging FROM STDIN';

const WRITE_GROUP_SQL = (source: string) => `
WITH input AS (${source}),
dead AS (
  INSERT INTO dead_letters (workspace_id, source, reason, field, payload, raw)
  SELECT workspace_id, source, reason, field, payload, raw
  FROM json_to_recordset($1::json) AS x(workspace_id uuid, source text, reason text, field text, payload jsonb, raw text)
),
ins AS (
  INSERT INTO events (workspace_id, id, type, occurred_at, received_at, campaign_id, message_id, contact_email,
                      contact_external_id, recipient_domain, variant, verdict, verdict_reasons, amount, client, os, device, properties)
  SELECT workspace_id, id, type, occurred_at, received_at, campaign_id, message_id, contact_email,
         contact_external_id, recipient_domain, variant, verdict, verdict_reasons, amount, client, os, device, properties
  FROM input ORDER BY ord
  ON CONFLICT DO NOTHING
  RETURNING workspace_id, id, type, occurred_at, campaign_id, message_id, contact_email, contact_external_id,
            recipient_domain, variant, verdict, amount, properties->>'bounceClass' AS bounce_class
),
per_minute AS (
  SELECT workspace_id, date_trunc('minute', occurred_at) AS bucket, coalesce(campaign_id, '') AS campaign_id, type,
         coalesce(variant, '') AS variant, coalesce(recipient_domain, '') AS recipient_domain, verdict,
         count(*) AS count, coalesce(sum(amount), 0) AS amount
  FROM ins GROUP BY 1, 2, 3, 4, 5, 6, 7
),
${ROLLUP_SQL('rollups_minute', 'minute', 'per_minute')},
${ROLLUP_SQL('rollups_hour', 'hour', 'per_minute')},
${ROLLUP_SQL('rollups_day', 'day', 'per_minute')},
states AS (
  INSERT INTO message_states AS s (${MESSAGE_STATE_COLUMNS})
  SELECT ${messageStateAggregates('bounce_class')}
  FROM ins WHERE message_id IS NOT NULL AND type LIKE 'email.%'
  GROUP BY workspace_id, message_id ORDER BY workspace_id, message_id
  ON CONFLICT (workspace_id, message_id) DO UPDATE SET
    campaign_id          = coalesce(s.campaign_id, excluded.campaign_id),
    variant              = coalesce(s.variant, excluded.variant),
    contact_email        = coalesce(s.contact_email, excluded.contact_email),
    contact_external_id  = coalesce(s.contact_external_id, excluded.contact_external_id),
    recipient_domain     = coalesce(s.recipient_domain, excluded.recipient_domain),
    sent_at              = least(s.sent_at, excluded.sent_at),
    first_delivered_at   = least(s.first_delivered_at, excluded.first_delivered_at),
    last_delivered_at    = greatest(s.last_delivered_at, excluded.last_delivered_at),
    last_deferred_at     = greatest(s.last_deferred_at, excluded.last_deferred_at),
    bounce_class         = CASE WHEN excluded.last_bounced_at > coalesce(s.last_bounced_at, '-infinity') THEN excluded.bounce_class ELSE s.bounce_class END,
    last_bounced_at      = greatest(s.last_bounced_at, excluded.last_bounced_at),
    first_open_at        = least(s.first_open_at, excluded.first_open_at),
    first_human_open_at  = least(s.first_human_open_at, excluded.first_human_open_at),
    first_click_at       = least(s.first_click_at, excluded.first_click_at),
    first_human_click_at = least(s.first_human_click_at, excluded.first_human_click_at),
    replied_at           = least(s.replied_at, excluded.replied_at),
    complained_at        = least(s.complained_at, excluded.complained_at),
    unsubscribed_at      = least(s.unsubscribed_at, excluded.unsubscribed_at),
    open_count           = s.open_count + excluded.open_count,
    click_count          = s.click_count + excluded.click_count,
    last_event_at        = greatest(s.last_event_at, excluded.last_event_at),
    updated_at           = now()
)
SELECT input.ord FROM input JOIN ins USING (workspace_id, id, occurred_at)`;

/** Large groups arrive through COPY into the staging table; small ones (tracking hits) inline, saving a round trip. */
const WRITE_STAGED_SQL = WRITE_GROUP_SQL('DELETE FROM event_staging RETURNING *');
const WRITE_INLINE_SQL = WRITE_GROUP_SQL('SELECT * FROM json_populate_recordset(NULL::event_staging, $2::json)');
const INLINE_MAX_EVENTS = 64;

@Injectable()
export class EventRepository {
  /** Connections whose session already has the staging table. */
  private readonly staged = new WeakSet<PoolClient>();

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Stores events (already de-duplicated within the group) and the dead letters of the same requests in one
   * statement, so in one transaction. Returns the positions (in `events`) of the events that were new.
   */
  async writeGroup(events: readonly EnrichedEvent[], deadLetters: readonly DeadLetter[]): Promise<Set<number>> {
    const client = await this.pool.connect();
    let discard = false;
    try {
      if (!this.staged.has(client)) {
        await client.query(STAGING_DDL);
        this.staged.add(client);
      }
      // Named, so each connection plans these large statements once: small groups (a tracking hit or two) would
      // otherwise spend most of their time in the planner.
      let query: { name: string; text: string; values: string[] };
      if (events.length > INLINE_MAX_EVENTS) {
        await pipeline(Readable.from([toCopyText(events)]), client.query(copyFrom(COPY_STAGING)));
        query = { name: 'mailpulse_write_staged', text: WRITE_STAGED_SQL, values: [deadLettersJson(deadLetters)] };
      } else {
        query = { name: 'mailpulse_write_inline', text: WRITE_INLINE_SQL, values: [deadLettersJson(deadLetters), toJsonRows(events)] };
      }
      const { rows } = await client.query<{ ord: number }>(query);
      return new Set(rows.map((r) => r.ord));
    } catch (err) {
      // The session's staging table may still hold this group's rows: never reuse the connection.
      discard = true;
      throw err;
    } finally {
      client.release(discard);
    }
  }

  async insertDeadLettersNow(deadLetters: readonly DeadLetter[]): Promise<void> {
    await this.insertDeadLetters(this.pool, deadLetters);
  }

  /** Creates the daily partition for each of the given UTC days (YYYY-MM-DD) unless it exists. */
  async ensurePartitions(days: readonly string[]): Promise<void> {
    for (const day of days) await this.pool.query('SELECT ensure_event_partition($1::date)', [day]);
  }

  /** Known facts of the given messages, from their stored state. */
  async findMessages(workspaceId: string, messageIds: readonly string[]): Promise<Map<string, MessageInfo>> {
    const { rows } = await this.pool.query<{
      message_id: string;
      campaign_id: string | null;
      contact_email: string | null;
      contact_external_id: string | null;
      recipient_domain: string | null;
      variant: string | null;
      first_delivered_at: Date | null;
    }>(
      `SELECT message_id, campaign_id, contact_email, contact_external_id, recipient_domain, variant, first_delivered_at
       FROM message_states WHERE workspace_id = $1 AND message_id = ANY($2::text[])`,
      [workspaceId, messageIds],
    );
    return new Map(
      rows.map((r) => [
        r.message_id,
        {
          campaignId: r.campaign_id,
          contactEmail: r.contact_email,
          contactExternalId: r.contact_external_id,
          recipientDomain: r.recipient_domain,
          variant: r.variant,
          deliveredAt: r.first_delivered_at?.getTime() ?? null,
        },
      ]),
    );
  }

  /** Deletes per-message state not touched for `ttlDays`; returns how many rows went. */
  async deleteStaleMessageStates(ttlDays: number): Promise<number> {
    const { rowCount } = await this.pool.query(`DELETE FROM message_states WHERE last_event_at < now() - make_interval(days => $1)`, [ttlDays]);
    return rowCount ?? 0;
  }

  private async insertDeadLetters(db: Pick<Pool, 'query'>, deadLetters: readonly DeadLetter[]): Promise<void> {
    if (deadLetters.length === 0) return;
    await db.query(
      `INSERT INTO dead_letters (workspace_id, source, reason, field, payload, raw)
       SELECT workspace_id, source, reason, field, payload, raw
       FROM json_to_recordset($1::json) AS x(workspace_id uuid, source text, reason text, field text, payload jsonb, raw text)`,
      [deadLettersJson(deadLetters)],
    );
  }
}

/** Dead letters as one JSON parameter. PostgreSQL text cannot hold NUL: it is kept as U+FFFD. */
function deadLettersJson(deadLetters: readonly DeadLetter[]): string {
  // What was refused may hold what PostgreSQL cannot store as text (NUL, unpaired surrogates): kept with U+FFFD instead.
  return JSON.stringify(
    withPairedSurrogates(
      deadLetters.map((d) => ({ workspace_id: d.workspaceId, source: d.source, reason: d.reason, field: d.field, payload: d.payload ?? null, raw: d.raw?.replaceAll('\u0000', '\ufffd') ?? null })),
    ),
  ).replaceAll('\\u0000', '\\ufffd');
}

const COPY_SPECIAL = /[\\\t\n\r]/;

/** The group as JSON rows with the staging table's column names, for the inline statement. */
function toJsonRows(events: readonly EnrichedEvent[]): string {
  return JSON.stringify(
    events.map((e, ord) => ({
      ord,
      workspace_id: e.workspaceId,
      id: e.id,
      type: e.type,
      occurred_at: e.occurredAt,
      received_at: e.receivedAt,
      campaign_id: e.campaignId,
      message_id: e.messageId,
      contact_email: e.contactEmail,
      contact_external_id: e.contactExternalId,
      recipient_domain: e.recipientDomain,
      variant: e.variant,
      verdict: e.verdict,
      verdict_reasons: e.verdictReasons,
      amount: e.amount,
      client: e.client,
      os: e.os,
      device: e.device,
      properties: e.properties,
    })),
  );
}

/** A value in COPY text format: backslash, tab and newlines escaped. */
function copyText(v: string): string {
  return COPY_SPECIAL.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
}

function copyNullable(v: string | null): string {
  return v === null ? '\\N' : copyText(v);
}

/** The group as COPY text rows in staging-table column order. Built by concatenation: this is the hot path. */
function toCopyText(events: readonly EnrichedEvent[]): string {
  const rows = new Array<string>(events.length);
  let lastReceived: Date | undefined;
  let lastReceivedIso = '';
  for (let ord = 0; ord < events.length; ord++) {
    const e = events[ord]!;
    if (e.receivedAt !== lastReceived) {
      lastReceived = e.receivedAt;
      lastReceivedIso = e.receivedAt.toISOString();
    }
    rows[ord] =
      ord + '\t' + e.workspaceId + '\t' + copyText(e.id) + '\t' + e.type + '\t' + e.occurredAt.toISOString() + '\t' + lastReceivedIso +
      '\t' + copyNullable(e.campaignId) + '\t' + copyNullable(e.messageId) + '\t' + copyNullable(e.contactEmail) +
      '\t' + copyNullable(e.contactExternalId) + '\t' + copyNullable(e.recipientDomain) + '\t' + copyNullable(e.variant) +
      // Reasons are fixed slugs (letters and dashes), so they need no array-literal quoting.
      '\t' + e.verdict + '\t{' + e.verdictReasons.join(',') + '}\t' + (e.amount === null ? '\\N' : String(e.amount)) + '\t' + copyNullable(e.client) +
      '\t' + copyNullable(e.os) + '\t' + copyNullable(e.device) + '\t' + copyText(JSON.stringify(e.properties));
  }
  return rows.join('\n') + '\n';
}
