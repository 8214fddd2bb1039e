import type { EmailEventType, IngestEvent } from '@mailpulse/contracts';
import type { WebhookVendor } from '../webhook-vendor';
import { asArray, asIdString, asRecord, compact, emailAddress, vendorScopedId, withoutNul } from './vendor-values';

/**
 * The custom arguments (SendGrid), tags (SES), user variables (Mailgun) or metadata (Postmark) a sender sets so
 * the vendor's events land on Mailpulse's own message, campaign and variant.
 */
export const CORRELATION_KEYS = {
  messageId: 'mailpulse_message_id',
  campaignId: 'mailpulse_campaign_id',
  variant: 'mailpulse_variant',
} as const;

export interface Correlation {
  messageId?: string;
  campaignId?: string;
  variant?: string;
}

/** Reads the correlation keys from a flat map; SES tag values are lists, so the first element counts. */
export function correlationFrom(vars: unknown): Correlation {
  const record = asRecord(vars);
  if (!record) return {};
  const read = (key: string): string | undefined => {
    const value = record[key];
    return asIdString(Array.isArray(value) ? asArray(value)[0] : value);
  };
  return compact({
    messageId: read(CORRELATION_KEYS.messageId),
    campaignId: read(CORRELATION_KEYS.campaignId),
    variant: read(CORRELATION_KEYS.variant),
  }) as Correlation;
}

export interface EmailEventInput {
  vendor: WebhookVendor;
  /** The event's idempotency key, already in the vendor's namespace; absent: derived from the content. */
  id?: string;
  type: EmailEventType;
  occurredAt: string;
  /** The vendor's own message id, without prefix; used when the sender passed no mailpulse_message_id. */
  vendorMessageId: string | undefined;
  correlation: Correlation;
  /** The recipient as the vendor wrote it (bare or `Name <addr>`). */
  recipient?: unknown;
  /** The vendor's name for what happened (`Bounce`, `dropped`, `failed`…), kept for tracing. */
  vendorEvent: string;
  properties?: Record<string, unknown>;
}

/** Why an email event cannot be built: it has no message to belong to. */
export const NO_MESSAGE_ID = 'has no message id (neither the vendor\'s nor mailpulse_message_id)';

/**
 * One Mailpulse email event from a vendor event. The message id is the sender's `mailpulse_message_id` when
 * given (the vendor's id is then kept as `properties.vendorMessageId`), otherwise `<vendor>:<vendor id>`.
 * Returns null when there is no message id at all.
 */
export function emailEvent(input: EmailEventInput): IngestEvent | null {
  const vendorMessageId = input.vendorMessageId ? vendorScopedId(input.vendor, input.vendorMessageId) : undefined;
  const messageId = input.correlation.messageId ?? vendorMessageId;
  if (messageId === undefined) return null;
  const email = emailAddress(input.recipient);
  const rawRecipient = typeof input.recipient === 'string' ? input.recipient : undefined;
  const event = {
    ...(input.id ? { id: input.id } : {}),
    type: input.type,
    occurredAt: input.occurredAt,
    messageId,
    ...(input.correlation.campaignId ? { campaignId: input.correlation.campaignId } : {}),
    ...(email ? { contact: { email } } : {}),
    properties: compact({
      ...input.properties,
      ...(input.correlation.variant ? { variant: input.correlation.variant } : {}),
      esp: input.vendor,
      vendorEvent: input.vendorEvent,
      vendorMessageId: input.correlation.messageId ? vendorMessageId : undefined,
      // A recipient the schema would refuse as an email is kept, so the event itself is not lost.
      vendorRecipient: email === undefined ? rawRecipient : undefined,
    }),
  };
  return withoutNul(event as IngestEvent);
}
