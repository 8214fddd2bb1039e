import type { EventType, Verdict } from '@mailpulse/contracts';
import type { ChannelMessage } from '../alerts/channels/channel-sender';
import type { MatchedField } from './notification-matcher';
import type { FirstOccurrenceScope, RateLimit } from './notification-rule';

/** The event as a delivery keeps it: what the message is written from, even after the event is gone. */
export interface MatchedEvent {
  id: string;
  type: EventType;
  occurredAt: string;
  campaignId: string | null;
  messageId: string | null;
  contact: { email: string | null; externalId: string | null } | null;
  verdict: Verdict;
  /** The event's properties, left out when large (the matched ones are always in `matched`). */
  properties: Record<string, unknown> | null;
}

/** Payload of a `match` (or `test`) delivery. */
export interface MatchPayload {
  event: MatchedEvent;
  matched: MatchedField[];
  firstOccurrence: FirstOccurrenceScope | null;
}

/** Payload of a `summary` delivery: the matches of one window past the rate limit. */
export interface SummaryPayload {
  count: number;
  windowStart: string;
  windowEnd: string;
  firstAt: string | null;
  lastAt: string | null;
  limit: RateLimit;
}

export type NotificationPayload = { kind: 'match' | 'test'; payload: MatchPayload } | { kind: 'summary'; payload: SummaryPayload };

export type NotificationNotice = NotificationPayload & {
  ruleId: string;
  ruleName: string;
  workspaceId: string;
  workspaceName: string;
  /** Portal base URL, without a trailing slash. */
  portalUrl: string;
};

export interface RenderedNotification extends ChannelMessage {
  link: string;
  /** `X-Mailpulse-Event` of the webhook. */
  event: string;
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
}

function shortTime(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 19)} UTC`;
}

const CAMPAIGN_WORDS: Readonly<Record<string, string>> = {
  'campaign.created': 'was created',
  'campaign.started': 'started',
  'campaign.paused': 'was paused',
  'campaign.stopped': 'was stopped',
};

/** One sentence saying what happened, e.g. "ann@example.com clicked https://… in campaign spring". */
export function describeEvent(e: MatchedEvent): string {
  const p = e.properties ?? {};
  const who = e.contact?.email ?? (e.contact?.externalId ? `contact ${e.contact.externalId}` : null);
  const inCampaign = e.campaignId ? ` in campaign ${e.campaignId}` : '';
  const reason = text(p['reason']);
  switch (e.type) {
    case 'campaign.created':
    case 'campaign.started':
    case 'campaign.paused':
    case 'campaign.stopped':
      return `Campaign ${e.campaignId ?? '(unnamed)'} ${CAMPAIGN_WORDS[e.type]}${reason ? ` (${reason})` : ''}`;
    case 'email.opened':
      return `${who ?? 'A contact'} opened a message${inCampaign}`;
    case 'email.clicked':
      return `${who ?? 'A contact'} clicked ${text(p['url']) ?? 'a link'}${inCampaign}`;
    case 'email.replied':
      return `${who ?? 'A contact'} replied to a message${inCampaign}`;
    case 'email.sent':
      return `A message${inCampaign} was sent${who ? ` to ${who}` : ''}`;
    case 'email.delivered':
      return `A message${inCampaign} was delivered${who ? ` to ${who}` : ''}`;
    case 'email.deferred':
      return `A message${inCampaign}${who ? ` to ${who}` : ''} was deferred${reason ? ` (${reason})` : ''}`;
    case 'email.bounced':
      return `A message${inCampaign}${who ? ` to ${who}` : ''} bounced (${text(p['bounceClass']) ?? 'bounce'}${reason ? `: ${reason}` : ''})`;
    case 'email.complained':
      return `${who ?? 'A contact'} marked a message${inCampaign} as spam`;
    case 'email.unsubscribed':
      return `${who ?? 'A contact'} unsubscribed${inCampaign}`;
    case 'user.error': {
      const user = text(p['userId']);
      const message = text(p['message']);
      return `User error ${text(p['code']) ?? '(no code)'}${user ? ` for user ${user}` : ''}${message ? `: ${message}` : ''}`;
    }
    case 'user.login':
      return `User ${text(p['userId']) ?? '(unknown)'} signed in`;
    case 'user.logout':
      return `User ${text(p['userId']) ?? '(unknown)'} signed out`;
    case 'user.action':
      return `User ${text(p['userId']) ?? '(unknown)'} did ${text(p['action']) ?? 'an action'}`;
    case 'infra.smtp':
      return `SMTP check of ${text(p['host']) ?? 'a host'}: ${p['ok'] === true ? 'ok' : `failing${text(p['error']) ? ` (${text(p['error'])})` : ''}`}`;
    case 'infra.dns':
      return `DNS ${text(p['record']) ?? 'record'} of ${text(p['domain']) ?? 'a domain'}: ${text(p['status']) ?? 'checked'}`;
    case 'infra.vps':
      return `Server ${text(p['host']) ?? '(unknown)'} reported its load`;
    case 'conversion':
      return `Conversion of ${text(p['amount']) ?? '?'} ${text(p['currency']) ?? ''}`.trimEnd() + `${who ? ` by ${who}` : ''}${inCampaign}`;
  }
}

function describeMatched(matched: readonly MatchedField[]): string {
  return matched
    .map((m) => (m.op === 'exists' && m.value === null ? `${m.path} absent` : `${m.path} = ${typeof m.value === 'string' ? m.value : JSON.stringify(m.value)}`))
    .join('; ');
}

/** Subject, text, Slack and webhook bodies of one notification: what happened in words, the details, links. */
export function renderNotification(n: NotificationNotice): RenderedNotification {
  const ws = encodeURIComponent(n.workspaceId);
  const link = `${n.portalUrl}/anomalies?workspace=${ws}&notificationRule=${encodeURIComponent(n.ruleId)}`;
  const rule = { id: n.ruleId, name: n.ruleName };
  const workspace = { id: n.workspaceId, name: n.workspaceName };
  let subject: string;
  let lines: string[];
  let webhook: Record<string, unknown>;
  let event: string;
  let campaignLink: string | null = null;
  if (n.kind === 'summary') {
    const s = n.payload;
    subject = `[Mailpulse] ${n.ruleName}: ${s.count} more matched — ${n.workspaceName}`;
    lines = [
      `${s.count} more ${s.count === 1 ? 'event' : 'events'} matched "${n.ruleName}" in workspace ${n.workspaceName} between ${shortTime(s.windowStart)} and ${shortTime(s.windowEnd)}.`,
      `The rule sends at most ${s.limit.count} ${s.limit.count === 1 ? 'message' : 'messages'} per ${s.limit.windowMinutes} ${s.limit.windowMinutes === 1 ? 'minute' : 'minutes'}; these were counted instead of sent one by one.`,
    ];
    if (s.firstAt && s.lastAt) lines.push(`First at ${shortTime(s.firstAt)}, last at ${shortTime(s.lastAt)}.`);
    event = 'notification.summary';
    webhook = { event: 'summary', rule, workspace, suppressed: s };
  } else {
    const { event: e, matched, firstOccurrence } = n.payload;
    const what = describeEvent(e);
    const test = n.kind === 'test';
    subject = `[Mailpulse${test ? ' TEST' : ''}] ${n.ruleName}: ${what}`.slice(0, 240) + ` — ${n.workspaceName}`;
    lines = [`${test ? 'Test notification (a sample event, nothing happened): ' : ''}${what}.`];
    if (firstOccurrence) lines.push(`This is the first matching event of this ${firstOccurrence} for the rule.`);
    lines.push(`Event: ${e.type} at ${shortTime(e.occurredAt)} (id ${e.id}).`);
    if (e.campaignId) {
      campaignLink = `${n.portalUrl}/campaigns/${encodeURIComponent(e.campaignId)}?workspace=${ws}`;
      lines.push(`Campaign: ${e.campaignId} — ${campaignLink}`);
    }
    if (e.contact) lines.push(`Contact: ${[e.contact.email, e.contact.externalId ? `external id ${e.contact.externalId}` : null].filter(Boolean).join(', ')}.`);
    if (matched.length) lines.push(`Matched: ${describeMatched(matched)}.`);
    event = test ? 'notification.test' : 'notification.match';
    webhook = { event: n.kind, rule, workspace, match: n.payload };
  }
  lines.push(`Rule "${n.ruleName}" in workspace ${n.workspaceName}: ${link}`);
  const body = lines.join('\n');
  return {
    subject,
    text: body,
    link,
    event,
    slack: {
      text: subject,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: lines.slice(0, -1).join('\n').slice(0, 2900) } },
        {
          type: 'actions',
          elements: [
            ...(campaignLink ? [{ type: 'button', text: { type: 'plain_text', text: 'Open the campaign' }, url: campaignLink }] : []),
            { type: 'button', text: { type: 'plain_text', text: 'Open the rule' }, url: link },
          ],
        },
      ],
    },
    webhook: { ...webhook, summary: body, link },
  };
}
