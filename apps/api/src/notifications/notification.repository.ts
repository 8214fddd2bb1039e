import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { ChannelKind, ChannelSettings } from '../alerts/alert-channel.repository';
import { PG_POOL } from '../database/database.module';
import { recordAudit } from '../workspaces/audit-log.repository';
import type { AuditActor } from '../workspaces/principal';
import { inTransaction, type Queryable } from '../workspaces/transaction';
import type { NotificationFilter } from './notification-filter';
import type { MatchPayload, NotificationPayload, SummaryPayload } from './notification-message';
import type { FirstOccurrenceScope, NotificationRule } from './notification-rule';

interface RuleRow {
  id: string;
  workspace_id: string;
  name: string;
  enabled: boolean;
  filter: NotificationFilter;
  first_occurrence: FirstOccurrenceScope | null;
  channel_ids: string[];
  rate_limit_count: number;
  rate_limit_window_minutes: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, workspace_id, name, enabled, filter, first_occurrence, channel_ids, rate_limit_count, rate_limit_window_minutes, created_at, updated_at';

function toRule(r: RuleRow): NotificationRule {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    enabled: r.enabled,
    filter: r.filter,
    firstOccurrence: r.first_occurrence,
    channelIds: r.channel_ids,
    rateLimit: { count: r.rate_limit_count, windowMinutes: r.rate_limit_window_minutes },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type NewNotificationRule = Pick<NotificationRule, 'name' | 'enabled' | 'filter' | 'firstOccurrence' | 'channelIds' | 'rateLimit'>;

/** One matching event, ready to be written: its payload and, for first-occurrence rules, its key. */
export interface RuleMatch {
  eventId: string;
  occurredAt: Date;
  payload: MatchPayload;
  firstKey: string | null;
}

/** The matches of one rule since the last write; `overflow` more matched than were kept in memory (counted only). */
export interface RuleMatches {
  rule: NotificationRule;
  matches: RuleMatch[];
  overflow: number;
}

export interface RecordedMatches {
  /** Deliveries written (one per match and channel). */
  queued: number;
  /** Matches past a rate limit, counted for the window's summary. */
  suppressed: number;
  /** Matches that were not the first of their contact or campaign. */
  repeated: number;
}

export type DeliveryKind = NotificationPayload['kind'];
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A claimed delivery with everything needed to write and send it. */
export type DueDelivery = NotificationPayload & {
  id: number;
  attempts: number;
  channelKind: ChannelKind;
  channelSettings: ChannelSettings;
  ruleId: string;
  ruleName: string;
  workspaceId: string;
  workspaceName: string;
};

export interface AttemptRecord {
  attempt: number;
  at: string;
  ok: boolean;
  error?: string;
}

/** A delivery as the API shows it (channel by name and kind, never its URL or secret). */
export interface DeliveryView {
  id: number;
  kind: DeliveryKind;
  channelId: string;
  channelKind: ChannelKind;
  channelName: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  attemptLog: AttemptRecord[];
  payload: MatchPayload | SummaryPayload;
  createdAt: Date;
  deliveredAt: Date | null;
  nextAttemptAt: Date | null;
}

/** One rate-limit window of a rule with matches past the limit. */
export interface RateWindowView {
  windowStart: Date;
  windowEnd: Date;
  sent: number;
  suppressed: number;
  summaryQueuedAt: Date | null;
}

const FOREIGN_KEY_VIOLATION = '23503';

/** How a first-occurrence key is kept (notification_first_occurrences.key_hash): no address is stored. */
export function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Notification rules (always within one workspace; the rule cache alone reads every workspace's enabled rules),
 * the first-occurrence keys, the rate-limit windows and the delivery outbox.
 */
@Injectable()
export class NotificationRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async list(workspaceId: string): Promise<NotificationRule[]> {
    const { rows } = await this.pool.query<RuleRow>(`SELECT ${COLUMNS} FROM notification_rules WHERE workspace_id = $1 ORDER BY created_at, id`, [workspaceId]);
    return rows.map(toRule);
  }

  async get(workspaceId: string, id: string): Promise<NotificationRule | null> {
    const { rows } = await this.pool.query<RuleRow>(`SELECT ${COLUMNS} FROM notification_rules WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    return rows[0] ? toRule(rows[0]) : null;
  }

  /** Every enabled rule of every workspace: what the matcher's cache holds. */
  async listAllEnabled(): Promise<NotificationRule[]> {
    const { rows } = await this.pool.query<RuleRow>(`SELECT ${COLUMNS} FROM notification_rules WHERE enabled ORDER BY workspace_id, created_at`);
    return rows.map(toRule);
  }

  /** The ids among `ids` that are not alert channels of the workspace. */
  async unknownChannels(workspaceId: string, ids: readonly string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM alert_channels WHERE workspace_id = $1 AND id = ANY ($2::uuid[])', [workspaceId, ids]);
    const known = new Set(rows.map((r) => r.id));
    return ids.filter((id) => !known.has(id));
  }

  async create(workspaceId: string, rule: NewNotificationRule, actor: AuditActor): Promise<NotificationRule> {
    return inTransaction(this.pool, async (db) => {
      const { rows } = await db.query<RuleRow>(
        `INSERT INTO notification_rules (workspace_id, name, enabled, filter, first_occurrence, channel_ids, rate_limit_count, rate_limit_window_minutes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [workspaceId, rule.name, rule.enabled, JSON.stringify(rule.filter), rule.firstOccurrence, rule.channelIds, rule.rateLimit.count, rule.rateLimit.windowMinutes],
      );
      const created = toRule(rows[0]!);
      await recordAudit(db, { workspaceId, actor, action: 'notification_rule.create', target: `notification_rule:${created.id}`, details: { name: created.name } });
      return created;
    });
  }

  /** Replaces the given parts of a rule; null when it is not in the workspace. */
  async update(workspaceId: string, id: string, change: Partial<NewNotificationRule>, actor: AuditActor): Promise<NotificationRule | null> {
    return inTransaction(this.pool, async (db) => {
      const { rows } = await db.query<RuleRow>(
        `UPDATE notification_rules SET
           name = coalesce($3, name),
           enabled = coalesce($4, enabled),
           filter = coalesce($5::jsonb, filter),
           first_occurrence = CASE WHEN $6 THEN $7 ELSE first_occurrence END,
           channel_ids = coalesce($8::uuid[], channel_ids),
           rate_limit_count = coalesce($9, rate_limit_count),
           rate_limit_window_minutes = coalesce($10, rate_limit_window_minutes),
           updated_at = now()
         WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [
          workspaceId,
          id,
          change.name ?? null,
          change.enabled ?? null,
          change.filter ? JSON.stringify(change.filter) : null,
          change.firstOccurrence !== undefined,
          change.firstOccurrence ?? null,
          change.channelIds ?? null,
          change.rateLimit?.count ?? null,
          change.rateLimit?.windowMinutes ?? null,
        ],
      );
      if (!rows[0]) return null;
      await recordAudit(db, { workspaceId, actor, action: 'notification_rule.update', target: `notification_rule:${id}`, details: { changed: Object.keys(change).sort() } });
      return toRule(rows[0]);
    });
  }

  async remove(workspaceId: string, id: string, actor: AuditActor): Promise<boolean> {
    return inTransaction(this.pool, async (db) => {
      const { rows } = await db.query<{ name: string }>('DELETE FROM notification_rules WHERE workspace_id = $1 AND id = $2 RETURNING name', [workspaceId, id]);
      if (!rows[0]) return false;
      await recordAudit(db, { workspaceId, actor, action: 'notification_rule.delete', target: `notification_rule:${id}`, details: { name: rows[0].name } });
      return true;
    });
  }

  /**
   * Writes the matches in one transaction: the first-occurrence claims (the insert that wins the key decides,
   * whichever process gets there first), the rate-limit window counts, and one delivery per allowed match and
   * channel. A rule deleted or disabled meanwhile is skipped.
   */
  async recordMatches(batches: readonly RuleMatches[]): Promise<RecordedMatches> {
    const result: RecordedMatches = { queued: 0, suppressed: 0, repeated: 0 };
    if (batches.length === 0) return result;
    try {
      await inTransaction(this.pool, async (db) => {
        const { rows } = await db.query<{ id: string }>('SELECT id FROM notification_rules WHERE id = ANY ($1::uuid[]) AND enabled', [batches.map((b) => b.rule.id)]);
        const live = new Set(rows.map((r) => r.id));
        // A fixed order of rules (and of keys within a rule) keeps concurrent writers from deadlocking.
        for (const batch of [...batches].sort((a, b) => (a.rule.id < b.rule.id ? -1 : 1))) {
          if (!live.has(batch.rule.id)) continue;
          const kept = batch.rule.firstOccurrence ? await this.claimFirst(db, batch) : batch.matches;
          result.repeated += batch.matches.length - kept.length;
          const count = kept.length + batch.overflow;
          if (count === 0) continue;
          const allowed = await this.countInWindow(db, batch.rule, count);
          result.suppressed += count - allowed;
          result.queued += await this.insertDeliveries(db, batch.rule.id, 'match', kept.slice(0, allowed).map((m) => m.payload));
        }
      });
    } catch (err) {
      // The rule was deleted between the check and the write: the next attempt skips it.
      if ((err as { code?: string }).code === FOREIGN_KEY_VIOLATION) return this.recordMatches(await this.stillPresent(batches));
      throw err;
    }
    return result;
  }

  private async stillPresent(batches: readonly RuleMatches[]): Promise<RuleMatches[]> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM notification_rules WHERE id = ANY ($1::uuid[])', [batches.map((b) => b.rule.id)]);
    const present = new Set(rows.map((r) => r.id));
    return batches.filter((b) => present.has(b.rule.id));
  }

  /** The matches whose key this write claimed first, each key once (its earliest event). */
  private async claimFirst(db: Queryable, batch: RuleMatches): Promise<RuleMatch[]> {
    const byHash = new Map<string, RuleMatch>();
    for (const m of batch.matches) {
      if (m.firstKey === null) continue;
      const hash = keyHash(m.firstKey);
      const seen = byHash.get(hash);
      if (!seen || m.occurredAt < seen.occurredAt) byHash.set(hash, m);
    }
    if (byHash.size === 0) return [];
    const hashes = [...byHash.keys()].sort();
    const { rows } = await db.query<{ key_hash: string }>(
      `INSERT INTO notification_first_occurrences (rule_id, key_hash, workspace_id, event_id, occurred_at)
       SELECT $1, decode(u.h, 'hex'), $2, u.e, u.t FROM unnest($3::text[], $4::text[], $5::timestamptz[]) WITH ORDINALITY AS u(h, e, t, n)
       ORDER BY u.n
       ON CONFLICT (rule_id, key_hash) DO NOTHING
       RETURNING encode(key_hash, 'hex') AS key_hash`,
      [batch.rule.id, batch.rule.workspaceId, hashes, hashes.map((h) => byHash.get(h)!.eventId), hashes.map((h) => byHash.get(h)!.occurredAt)],
    );
    const claimed = new Set(rows.map((r) => r.key_hash));
    return batch.matches.filter((m) => m.firstKey !== null && claimed.has(keyHash(m.firstKey)) && byHash.get(keyHash(m.firstKey)) === m);
  }

  /** Counts `count` matches into the rule's current window; returns how many of them fit under the limit. */
  private async countInWindow(db: Queryable, rule: NotificationRule, count: number): Promise<number> {
    const { rows } = await db.query<{ last_allowed: number }>(
      `WITH win AS (SELECT to_timestamp(floor(extract(epoch FROM now())::double precision / ($5::int * 60)) * $5::int * 60) AS start)
       INSERT INTO notification_rate_windows AS w
         (rule_id, workspace_id, window_start, window_end, sent, suppressed, last_allowed, first_suppressed_at, last_suppressed_at)
       SELECT $1, $2, win.start, win.start + make_interval(mins => $5::int), LEAST($3::int, $4::int), GREATEST(0, $3::int - $4::int), LEAST($3::int, $4::int),
              CASE WHEN $3::int > $4::int THEN now() END, CASE WHEN $3::int > $4::int THEN now() END
         FROM win
       ON CONFLICT (rule_id, window_start) DO UPDATE SET
         last_allowed = LEAST($3::int, GREATEST(0, $4::int - w.sent)),
         sent = w.sent + LEAST($3::int, GREATEST(0, $4::int - w.sent)),
         suppressed = w.suppressed + ($3::int - LEAST($3::int, GREATEST(0, $4::int - w.sent))),
         first_suppressed_at = CASE WHEN $3::int > GREATEST(0, $4::int - w.sent) THEN coalesce(w.first_suppressed_at, now()) ELSE w.first_suppressed_at END,
         last_suppressed_at = CASE WHEN $3::int > GREATEST(0, $4::int - w.sent) THEN now() ELSE w.last_suppressed_at END
       RETURNING last_allowed`,
      [rule.id, rule.workspaceId, count, rule.rateLimit.count, rule.rateLimit.windowMinutes],
    );
    return rows[0]!.last_allowed;
  }

  /** One delivery per payload and enabled channel of the rule; returns how many were written. */
  private async insertDeliveries(db: Queryable, ruleId: string, kind: DeliveryKind, payloads: readonly MatchPayload[]): Promise<number> {
    if (payloads.length === 0) return 0;
    const { rowCount } = await db.query(
      `INSERT INTO notification_deliveries (workspace_id, rule_id, channel_id, kind, payload)
       SELECT r.workspace_id, r.id, c.id, $2, p.payload::jsonb
         FROM notification_rules r
         CROSS JOIN unnest($3::text[]) WITH ORDINALITY AS p(payload, n)
         JOIN alert_channels c ON c.workspace_id = r.workspace_id AND c.id = ANY (r.channel_ids) AND c.enabled
        WHERE r.id = $1
        ORDER BY p.n, c.created_at`,
      [ruleId, kind, payloads.map((p) => JSON.stringify(p))],
    );
    return rowCount ?? 0;
  }

  /** Writes a test delivery per channel of the rule (outside the rate limit); returns their ids. */
  async queueTest(workspaceId: string, ruleId: string, payload: MatchPayload): Promise<number[]> {
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO notification_deliveries (workspace_id, rule_id, channel_id, kind, payload)
       SELECT r.workspace_id, r.id, c.id, 'test', $3::jsonb
         FROM notification_rules r
         JOIN alert_channels c ON c.workspace_id = r.workspace_id AND c.id = ANY (r.channel_ids) AND c.enabled
        WHERE r.workspace_id = $1 AND r.id = $2
        ORDER BY c.created_at
       RETURNING id::float8 AS id`,
      [workspaceId, ruleId, JSON.stringify(payload)],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Queues the one summary of every window that ended (by `asOf`, default a few seconds ago, so a write that
   * started inside the window has committed) with matches past its limit; once across processes.
   */
  async queueEndedWindowSummaries(asOf?: Date): Promise<number> {
    const { rowCount } = await this.pool.query(
      `WITH due AS (
         SELECT rule_id, window_start FROM notification_rate_windows
          WHERE suppressed > 0 AND summary_queued_at IS NULL AND window_end <= coalesce($1::timestamptz, now() - interval '5 seconds')
          ORDER BY window_end LIMIT 200 FOR UPDATE SKIP LOCKED
       ), marked AS (
         UPDATE notification_rate_windows w SET summary_queued_at = now() FROM due
          WHERE w.rule_id = due.rule_id AND w.window_start = due.window_start
         RETURNING w.*
       )
       INSERT INTO notification_deliveries (workspace_id, rule_id, channel_id, kind, payload)
       SELECT m.workspace_id, m.rule_id, c.id, 'summary',
              jsonb_build_object('count', m.suppressed, 'windowStart', m.window_start, 'windowEnd', m.window_end,
                                 'firstAt', m.first_suppressed_at, 'lastAt', m.last_suppressed_at,
                                 'limit', jsonb_build_object('count', r.rate_limit_count, 'windowMinutes', r.rate_limit_window_minutes))
         FROM marked m
         JOIN notification_rules r ON r.id = m.rule_id
         JOIN alert_channels c ON c.workspace_id = m.workspace_id AND c.id = ANY (r.channel_ids) AND c.enabled`,
      [asOf ?? null],
    );
    return rowCount ?? 0;
  }

  /**
   * Claims up to `limit` due deliveries (or only those of `ids`), counting the attempt and leasing them for
   * `leaseSeconds`: a process that dies mid-send leaves them to be retried after the lease.
   */
  async claimDue(limit: number, leaseSeconds: number, ids?: readonly number[]): Promise<DueDelivery[]> {
    const { rows } = await this.pool.query<DueDelivery>(
      `WITH claimed AS (
         UPDATE notification_deliveries SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
          WHERE id IN (SELECT id FROM notification_deliveries
                        WHERE status = 'pending' AND next_attempt_at <= now() AND ($3::bigint[] IS NULL OR id = ANY ($3::bigint[]))
                        ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, attempts, kind, payload, rule_id, channel_id, workspace_id
       )
       SELECT c.id::float8 AS id, c.attempts, c.kind, c.payload, ch.kind AS "channelKind", ch.settings AS "channelSettings",
              r.id AS "ruleId", r.name AS "ruleName", w.id AS "workspaceId", w.name AS "workspaceName"
         FROM claimed c
         JOIN alert_channels ch ON ch.id = c.channel_id
         JOIN notification_rules r ON r.id = c.rule_id
         JOIN workspaces w ON w.id = c.workspace_id
        ORDER BY c.id`,
      [limit, leaseSeconds, ids ?? null],
    );
    return rows;
  }

  async markDelivered(id: number): Promise<void> {
    await this.pool.query(
      `UPDATE notification_deliveries SET status = 'delivered', delivered_at = now(),
              attempt_log = attempt_log || jsonb_build_array(jsonb_build_object('attempt', attempts, 'at', now(), 'ok', true))
        WHERE id = $1`,
      [id],
    );
  }

  async markRetry(id: number, error: string, delaySeconds: number): Promise<void> {
    await this.pool.query(
      `UPDATE notification_deliveries SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3),
              attempt_log = attempt_log || jsonb_build_array(jsonb_build_object('attempt', attempts, 'at', now(), 'ok', false, 'error', $2::text))
        WHERE id = $1 AND status = 'pending'`,
      [id, error.slice(0, 1000), delaySeconds],
    );
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE notification_deliveries SET status = 'failed', last_error = $2,
              attempt_log = attempt_log || jsonb_build_array(jsonb_build_object('attempt', attempts, 'at', now(), 'ok', false, 'error', $2::text))
        WHERE id = $1`,
      [id, error.slice(0, 1000)],
    );
  }

  /** The rule's deliveries, newest first. */
  async listDeliveries(workspaceId: string, ruleId: string, query: { limit: number; status?: DeliveryStatus; kind?: DeliveryKind; ids?: readonly number[] }): Promise<DeliveryView[]> {
    const { rows } = await this.pool.query<DeliveryView>(
      `SELECT d.id::float8 AS id, d.kind, d.channel_id AS "channelId", ch.kind AS "channelKind", ch.name AS "channelName", d.status, d.attempts,
              d.last_error AS "lastError", d.attempt_log AS "attemptLog", d.payload, d.created_at AS "createdAt", d.delivered_at AS "deliveredAt",
              CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS "nextAttemptAt"
         FROM notification_deliveries d
         JOIN alert_channels ch ON ch.id = d.channel_id
        WHERE d.workspace_id = $1 AND d.rule_id = $2 AND ($4::text IS NULL OR d.status = $4) AND ($5::text IS NULL OR d.kind = $5)
          AND ($6::bigint[] IS NULL OR d.id = ANY ($6::bigint[]))
        ORDER BY d.created_at DESC, d.id DESC
        LIMIT $3`,
      [workspaceId, ruleId, query.limit, query.status ?? null, query.kind ?? null, query.ids ?? null],
    );
    return rows;
  }

  /** The rule's latest rate-limit windows that had matches past the limit. */
  async listLimitedWindows(workspaceId: string, ruleId: string, limit: number): Promise<RateWindowView[]> {
    const { rows } = await this.pool.query<RateWindowView>(
      `SELECT window_start AS "windowStart", window_end AS "windowEnd", sent, suppressed, summary_queued_at AS "summaryQueuedAt"
         FROM notification_rate_windows
        WHERE workspace_id = $1 AND rule_id = $2 AND suppressed > 0
        ORDER BY window_start DESC LIMIT $3`,
      [workspaceId, ruleId, limit],
    );
    return rows;
  }
}
