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

/**
 * Folds email events into one MessageStateRow per message, the way the API's message state merges them (earliest
 * sent/open/click, latest delivery/bounce), so training on simulated events sees what serving reads from Postgres.
 */
export class MessageSummaryBuilder {
  private readonly states = new Map<string, MessageStateRow>();

  add(event: SummaryEvent, verdict: 'human' | 'machine' | 'unknown'): void {
    if (!event.type.startsWith('email.') || !event.messageId) return;
    const at = event.occurredAt instanceof Date ? event.occurredAt : new Date(event.occurredAt);
    let s = this.states.get(event.messageId);
    if (!s) {
      const email = event.contact?.email ?? null;
      s = {
        campaign_id: event.campaignId ?? null,
        variant: typeof event.properties?.['variant'] === 'string' ? (event.properties['variant'] as string) : null,
        contact_email: email,
        contact_external_id: event.contact?.externalId ?? null,
        recipient_domain: email && email.includes('@') ? email.split('@')[1]!.toLowerCase() : null,
        sent_at: null,
        last_delivered_at: null,
        last_deferred_at: null,
        last_bounced_at: null,
        bounce_class: null,
        first_open_at: null,
        first_human_open_at: null,
        first_click_at: null,
        first_human_click_at: null,
        complained_at: null,
        unsubscribed_at: null,
      };
      this.states.set(event.messageId, s);
    }
    const human = verdict === 'human';
    switch (event.type) {
      case 'email.sent':
        s.sent_at = earliest(s.sent_at, at);
        break;
      case 'email.delivered':
        s.last_delivered_at = latest(s.last_delivered_at, at);
        break;
      case 'email.deferred':
        s.last_deferred_at = latest(s.last_deferred_at, at);
        break;
      case 'email.bounced':
        if (s.last_bounced_at === null || at > s.last_bounced_at) {
          s.last_bounced_at = at;
          s.bounce_class = typeof event.properties?.['bounceClass'] === 'string' ? (event.properties['bounceClass'] as string) : null;
        }
        break;
      case 'email.opened':
        s.first_open_at = earliest(s.first_open_at, at);
        if (human) s.first_human_open_at = earliest(s.first_human_open_at, at);
        break;
      case 'email.clicked':
        s.first_click_at = earliest(s.first_click_at, at);
        if (human) s.first_human_click_at = earliest(s.first_human_click_at, at);
        break;
      case 'email.complained':
        s.complained_at = earliest(s.complained_at, at);
        break;
      case 'email.unsubscribed':
        s.unsubscribed_at = earliest(s.unsubscribed_at, at);
        break;
      default:
        break;
    }
  }

  get size(): number {
    return this.states.size;
  }

  *summaries(): Iterable<MessageSummary> {
    for (const s of this.states.values()) yield summaryFromState(s);
  }
}

function earliest(a: Date | null, b: Date): Date {
  return a === null || b < a ? b : a;
}
function latest(a: Date | null, b: Date): Date {
  return a === null || b > a ? b : a;
}

