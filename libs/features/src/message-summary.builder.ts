import { type MessageStateRow, type MessageSummary, summaryFromState } from './message-summary';

/** The fields of an ingested event the builder reads (a subset of the contracts' IngestEvent). */
export interface SummaryEvent {
  type: string;
  occurredAt: string | Date;
  messageId?: string;
  campaignId?: string;
  contact?: { email?: string; externalId?: string };
  properties?: Record<string, unknown>;
}

/** One message's merged state, times as epoch ms (NaN: none): small enough for millions of messages. */
interface CompactState {
  campaign: string | null;
  variant: string | null;
  email: string | null;
  externalId: string | null;
  sent: number;
  delivered: number;
  deferred: number;
  bounced: number;
  bounceClass: string | null;
  open: number;
  humanOpen: number;
  click: number;
  humanClick: number;
  complained: number;
  unsubscribed: number;
}

/**
 * Folds email events into one message state per message, the way the API's message state merges them (earliest
 * sent/open/click, latest delivery/bounce), so training on simulated events sees what serving reads from Postgres.
 */
export class MessageSummaryBuilder {
  private readonly states = new Map<string, CompactState>();

  add(event: SummaryEvent, verdict: 'human' | 'machine' | 'unknown'): void {
    if (!event.type.startsWith('email.') || !event.messageId) return;
    const at = event.occurredAt instanceof Date ? event.occurredAt.getTime() : Date.parse(event.occurredAt);
    let s = this.states.get(event.messageId);
    if (!s) {
      const variant = event.properties?.['variant'];
      s = {
        campaign: event.campaignId ?? null,
        variant: typeof variant === 'string' ? variant : null,
        email: event.contact?.email ?? null,
        externalId: event.contact?.externalId ?? null,
        sent: NaN, delivered: NaN, deferred: NaN, bounced: NaN, bounceClass: null, open: NaN, humanOpen: NaN, click: NaN, humanClick: NaN,
        complained: NaN, unsubscribed: NaN,
      };
      this.states.set(event.messageId, s);
    }
    const human = verdict === 'human';
    switch (event.type) {
      case 'email.sent':
        s.sent = earliest(s.sent, at);
        break;
      case 'email.delivered':
        s.delivered = latest(s.delivered, at);
        break;
      case 'email.deferred':
        s.deferred = latest(s.deferred, at);
        break;
      case 'email.bounced':
        if (Number.isNaN(s.bounced) || at > s.bounced) {
          s.bounced = at;
          const c = event.properties?.['bounceClass'];
          s.bounceClass = typeof c === 'string' ? c : null;
        }
        break;
      case 'email.opened':
        s.open = earliest(s.open, at);
        if (human) s.humanOpen = earliest(s.humanOpen, at);
        break;
      case 'email.clicked':
        s.click = earliest(s.click, at);
        if (human) s.humanClick = earliest(s.humanClick, at);
        break;
      case 'email.complained':
        s.complained = earliest(s.complained, at);
        break;
      case 'email.unsubscribed':
        s.unsubscribed = earliest(s.unsubscribed, at);
        break;
      default:
        break;
    }
  }

  get size(): number {
    return this.states.size;
  }

  *summaries(): Iterable<MessageSummary> {
    for (const s of this.states.values()) yield summaryFromState(toRow(s));
  }
}

function toRow(s: CompactState): MessageStateRow {
  const email = s.email;
  return {
    campaign_id: s.campaign,
    variant: s.variant,
    contact_email: email,
    contact_external_id: s.externalId,
    recipient_domain: email && email.includes('@') ? email.slice(email.indexOf('@') + 1).toLowerCase() : null,
    sent_at: date(s.sent),
    last_delivered_at: date(s.delivered),
    last_deferred_at: date(s.deferred),
    last_bounced_at: date(s.bounced),
    bounce_class: s.bounceClass,
    first_open_at: date(s.open),
    first_human_open_at: date(s.humanOpen),
    first_click_at: date(s.click),
    first_human_click_at: date(s.humanClick),
    complained_at: date(s.complained),
    unsubscribed_at: date(s.unsubscribed),
  };
}

function date(ms: number): Date | null {
  return Number.isNaN(ms) ? null : new Date(ms);
}
function earliest(a: number, b: number): number {
  return Number.isNaN(a) || b < a ? b : a;
}
function latest(a: number, b: number): number {
  return Number.isNaN(a) || b > a ? b : a;
}
