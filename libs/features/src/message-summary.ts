/**
 * What the features need to know about one message: the same facts the API keeps in `message_states`, so the
 * nightly ETL (reading that table) and the training scripts (folding simulated events) start from one shape.
 */
export interface MessageSummary {
  campaignId: string | null;
  variant: string | null;
  /** Lower-cased email, else the external id; null when the message names no contact. */
  contact: string | null;
  recipientDomain: string | null;
  sentAt: Date | null;
  delivered: boolean;
  deferred: boolean;
  /** Bounced and not delivered afterwards (a soft bounce retried into the mailbox is delivered, not bounced). */
  bounced: boolean;
  hardBounced: boolean;
  /** Any open, machine opens included: what a pixel-trusting dashboard counts. */
  firstOpenAt: Date | null;
  firstHumanOpenAt: Date | null;
  firstClickAt: Date | null;
  firstHumanClickAt: Date | null;
  complained: boolean;
  unsubscribed: boolean;
}

/** The identity of a contact across messages: its email lower-cased, else its external id. */
export function contactKey(email: string | null | undefined, externalId: string | null | undefined): string | null {
  if (email) return email.trim().toLowerCase();
  return externalId ? externalId : null;
}

/** The columns of a `message_states` row the summary is made from. */
export interface MessageStateRow {
  campaign_id: string | null;
  variant: string | null;
  contact_email: string | null;
  contact_external_id: string | null;
  recipient_domain: string | null;
  sent_at: Date | null;
  last_delivered_at: Date | null;
  last_deferred_at: Date | null;
  last_bounced_at: Date | null;
  bounce_class: string | null;
  first_open_at: Date | null;
  first_human_open_at: Date | null;
  first_click_at: Date | null;
  first_human_click_at: Date | null;
  complained_at: Date | null;
  unsubscribed_at: Date | null;
}

export function summaryFromState(row: MessageStateRow): MessageSummary {
  const bounced = row.last_bounced_at !== null && (row.last_delivered_at === null || row.last_bounced_at > row.last_delivered_at);
  return {
    campaignId: row.campaign_id,
    variant: row.variant,
    contact: contactKey(row.contact_email, row.contact_external_id),
    recipientDomain: row.recipient_domain,
    sentAt: row.sent_at,
    delivered: row.last_delivered_at !== null && !bounced,
    deferred: row.last_deferred_at !== null,
    bounced,
    hardBounced: bounced && row.bounce_class === 'hard',
    firstOpenAt: row.first_open_at,
    firstHumanOpenAt: row.first_human_open_at,
    firstClickAt: row.first_click_at,
    firstHumanClickAt: row.first_human_click_at,
    complained: row.complained_at !== null,
    unsubscribed: row.unsubscribed_at !== null,
  };
}
