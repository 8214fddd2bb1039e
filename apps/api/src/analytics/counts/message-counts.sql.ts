import { emptyCounts, MessageCounts } from '@mailpulse/metrics';

/**
 * How analytics counts messages, in SQL, in one place.
 *
 * Message counts come from `message_states` (one row per message, merged from its events):
 * - sent: messages with an email.sent; delivered: messages with an email.delivered;
 * - bounced (by class): messages whose latest bounce is after their latest delivery (a soft bounce later
 *   delivered on retry is not a bounce), by the class of that bounce;
 * - unique opens/clicks: messages with an open/click (`total`), with a non-machine one (`human`), and messages
 *   whose opens/clicks were all machine (`machine` = total − human);
 * - complaints, unsubscribes: messages with one.
 * Event totals (every open and click, by verdict) come from the rollups; conversions and revenue from the
 * last-click attribution (attribution.repository.ts).
 */
export const MESSAGE_COUNT_COLUMNS = `
  count(*) FILTER (WHERE m.sent_at IS NOT NULL)::int AS sent,
  count(*) FILTER (WHERE m.first_delivered_at IS NOT NULL)::int AS delivered,
  count(*) FILTER (WHERE ${isBounced('m')} AND m.bounce_class = 'hard')::int AS bounced_hard,
  count(*) FILTER (WHERE ${isBounced('m')} AND m.bounce_class = 'soft')::int AS bounced_soft,
  count(*) FILTER (WHERE ${isBounced('m')} AND m.bounce_class NOT IN ('hard', 'soft'))::int AS bounced_block,
  count(*) FILTER (WHERE m.first_open_at IS NOT NULL)::int AS opened,
  count(*) FILTER (WHERE m.first_human_open_at IS NOT NULL)::int AS opened_human,
  count(*) FILTER (WHERE m.first_click_at IS NOT NULL)::int AS clicked,
  count(*) FILTER (WHERE m.first_human_click_at IS NOT NULL)::int AS clicked_human,
  count(*) FILTER (WHERE m.complained_at IS NOT NULL)::int AS complaints,
  count(*) FILTER (WHERE m.unsubscribed_at IS NOT NULL)::int AS unsubscribes`;

export function isBounced(alias: string): string {
  return `(${alias}.last_bounced_at IS NOT NULL AND (${alias}.last_delivered_at IS NULL OR ${alias}.last_bounced_at > ${alias}.last_delivered_at))`;
}

/** Rollup columns: every open and click by verdict (`human` is every verdict but machine). */
export const ENGAGEMENT_TOTAL_COLUMNS = `
  coalesce(sum(r.count) FILTER (WHERE r.type = 'email.opened'), 0)::bigint AS opens_total,
  coalesce(sum(r.count) FILTER (WHERE r.type = 'email.opened' AND r.verdict = 'machine'), 0)::bigint AS opens_machine,
  coalesce(sum(r.count) FILTER (WHERE r.type = 'email.clicked'), 0)::bigint AS clicks_total,
  coalesce(sum(r.count) FILTER (WHERE r.type = 'email.clicked' AND r.verdict = 'machine'), 0)::bigint AS clicks_machine`;

export interface MessageCountRow {
  sent: number;
  delivered: number;
  bounced_hard: number;
  bounced_soft: number;
  bounced_block: number;
  opened: number;
  opened_human: number;
  clicked: number;
  clicked_human: number;
  complaints: number;
  unsubscribes: number;
}

export interface EngagementTotalRow {
  opens_total: number;
  opens_machine: number;
  clicks_total: number;
  clicks_machine: number;
}

export interface AttributedRow {
  conversions: number;
  revenue: number;
}

const ZERO_TOTALS: EngagementTotalRow = {
  opens_total: 0,
  opens_machine: 0,
  clicks_total: 0,
  clicks_machine: 0,
};

export function toMessageCounts(
  m: MessageCountRow | undefined,
  t: EngagementTotalRow | undefined = ZERO_TOTALS,
  a?: AttributedRow,
): MessageCounts {
  const c = emptyCounts();
  if (m) {
    c.sent = m.sent;
    c.delivered = m.delivered;
    c.bounces = {
      hard: m.bounced_hard,
      soft: m.bounced_soft,
      block: m.bounced_block,
    };
    c.opens = {
      human: { unique: m.opened_human, total: t.opens_total - t.opens_machine },
      machine: { unique: m.opened - m.opened_human, total: t.opens_machine },
      total: { unique: m.opened, total: t.opens_total },
    };
    c.clicks = {
      human: {
        unique: m.clicked_human,
        total: t.clicks_total - t.clicks_machine,
      },
      machine: { unique: m.clicked - m.clicked_human, total: t.clicks_machine },
      total: { unique: m.clicked, total: t.clicks_total },
    };
    c.complaints = m.complaints;
    c.unsubscribes = m.unsubscribes;
  }
  if (a) {
    c.conversions = a.conversions;
    c.revenue = round4(a.revenue);
  }
  return c;
}

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
