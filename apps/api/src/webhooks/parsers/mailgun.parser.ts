import type { BounceClass, EmailEventType } from '@mailpulse/contracts';
import { correlationFrom, emailEvent, NO_MESSAGE_ID } from './email-event';
import { emptyResult, VendorParseResult, WebhookPayloadError } from './parse-result';
import { parseVendorTimestamp } from './vendor-timestamp';
import { asArray, asIdString, asInteger, asRecord, asString, ipAddress, text, vendorScopedId } from './vendor-values';

/**
 * A permanent Mailgun failure → bounce class. `reason` says why Mailgun gave up: suppressed because the address
 * bounced before → hard; suppressed because of a complaint or unsubscribe, or an ESP block → block; retries
 * exhausted (`old`) → soft. A real bounce (`bounce`, `generic`, …) is soft when Mailgun's delivery status says
 * `bounce-type: soft`, a block when the receiver's status says policy or reputation (5.7.x, or words to that
 * effect), and hard otherwise.
 */
export function mailgunBounceClass(reason: string | undefined, deliveryStatus: Record<string, unknown> | undefined): BounceClass {
  switch (reason) {
    case 'suppress-bounce':
      return 'hard';
    case 'suppress-complaint':
    case 'suppress-unsubscribe':
    case 'espblock':
      return 'block';
    case 'old':
      return 'soft';
    default:
      break;
  }
  if (asString(deliveryStatus?.['bounce-type']) === 'soft') return 'soft';
  const enhanced = asString(deliveryStatus?.['enhanced-code']) ?? '';
  const words = `${asString(deliveryStatus?.['message']) ?? ''} ${asString(deliveryStatus?.['description']) ?? ''}`;
  if (enhanced.startsWith('5.7.') || /\b5\.7\.\d|blocked|blacklist|blocklist|spam|reputation|policy/i.test(words)) return 'block';
  return 'hard';
}

const NOT_ABOUT_SENDING: Record<string, string> = {
  stored: 'an inbound message stored by a route',
  list_member_uploaded: 'a mailing-list upload',
  list_member_upload_error: 'a mailing-list upload',
  list_uploaded: 'a mailing-list upload',
};

function smtpResponse(status: Record<string, unknown> | undefined): string | undefined {
  const code = asIdString(status?.['code']);
  const message = asString(status?.['message']) ?? asString(status?.['description']);
  return text([code, message].filter(Boolean).join(' '));
}

/** Mailgun's `client-info.bot` names the machine that fetched (`apple`, `gmail`, `generic`), empty for a person. */
function botSignals(clientInfo: Record<string, unknown> | undefined): Record<string, unknown> {
  const bot = clientInfo?.['bot'];
  if (bot === undefined || bot === null) return {};
  const isBot = bot === true || (typeof bot === 'string' && bot.trim() !== '');
  return isBot ? { vendorMachineOpen: true, prefetch: true, vendorBot: typeof bot === 'string' ? bot : undefined } : { vendorMachineOpen: false };
}

/**
 * One Mailgun webhook request: `{"signature": {...}, "event-data": {...}}` (the JSON webhooks; the legacy
 * form-encoded ones are not accepted). Throws WebhookPayloadError when `event-data` is missing.
 */
export function parseMailgunWebhook(body: unknown): VendorParseResult {
  const data = asRecord(asRecord(body)?.['event-data']);
  if (!data) throw new WebhookPayloadError('event-data', 'is required (Mailgun posts {"signature": …, "event-data": …})');
  const result = emptyResult();
  const kind = asString(data['event']);
  if (!kind) {
    result.invalid.push({ reason: 'event-data.event: is missing', payload: body });
    return result;
  }
  const label = `Mailgun ${kind} ${asString(data['id']) ?? ''}`.trim();
  if (NOT_ABOUT_SENDING[kind]) {
    result.ignored.push(`${label}: ${NOT_ABOUT_SENDING[kind]}`);
    return result;
  }
  const flags = asRecord(data['flags']);
  if (kind === 'accepted' && flags?.['is-routed'] === true) {
    result.ignored.push(`${label}: an inbound message forwarded by a route, not one you sent`);
    return result;
  }
  const mapped = mapMailgunKind(kind, data);
  if (!mapped) {
    result.ignored.push(`${label}: unknown Mailgun event kind`);
    return result;
  }
  const occurredAt = parseVendorTimestamp(data['timestamp']);
  if (!occurredAt) {
    result.invalid.push({ reason: `${label}: event-data.timestamp is missing or not epoch seconds`, payload: body });
    return result;
  }
  const headers = asRecord(asRecord(data['message'])?.['headers']);
  const eventId = asIdString(data['id']);
  const event = emailEvent({
    vendor: 'mailgun',
    // Mailgun's event id is unique within a day; the stored key also holds the event time, which makes it unique.
    id: eventId ? vendorScopedId('mailgun', eventId) : undefined,
    type: mapped.type,
    occurredAt,
    vendorMessageId: asString(headers?.['message-id'])?.replace(/^<|>$/g, ''),
    correlation: correlationFrom(data['user-variables']),
    recipient: data['recipient'] ?? headers?.['to'],
    vendorEvent: kind === 'failed' ? `failed/${asString(data['severity']) ?? 'permanent'}` : kind,
    properties: { ...mapped.properties, tags: asArray(data['tags']).length ? data['tags'] : undefined },
  });
  if (event) result.events.push(event);
  else result.invalid.push({ reason: `${label}: ${NO_MESSAGE_ID}`, payload: body });
  return result;
}

function mapMailgunKind(kind: string, data: Record<string, unknown>): { type: EmailEventType; properties: Record<string, unknown> } | null {
  const status = asRecord(data['delivery-status']);
  const clientInfo = asRecord(data['client-info']);
  switch (kind) {
    case 'accepted':
      return { type: 'email.sent', properties: { subject: text(asRecord(asRecord(data['message'])?.['headers'])?.['subject']) } };
    case 'rejected': {
      const reject = asRecord(data['reject']);
      return { type: 'email.bounced', properties: { bounceClass: 'block', reason: text(reject?.['reason']) ?? text(reject?.['description']) ?? 'rejected by Mailgun' } };
    }
    case 'delivered':
      return { type: 'email.delivered', properties: { smtpResponse: smtpResponse(status) } };
    case 'failed': {
      const reason = asString(data['reason']);
      if (asString(data['severity']) === 'temporary') {
        return { type: 'email.deferred', properties: { reason: smtpResponse(status) ?? text(reason), attempt: asInteger(status?.['attempt-no']), vendorReason: reason } };
      }
      const code = status?.['code'];
      return {
        type: 'email.bounced',
        properties: {
          bounceClass: mailgunBounceClass(reason, status),
          reason: text(asString(status?.['message']) || asString(status?.['description'])) ?? text(reason),
          smtpCode: typeof code === 'number' && Number.isSafeInteger(code) ? code : undefined,
          vendorReason: reason,
        },
      };
    }
    case 'opened':
      return { type: 'email.opened', properties: { userAgent: text(clientInfo?.['user-agent']), ip: ipAddress(data['ip']), ...botSignals(clientInfo) } };
    case 'clicked':
      return { type: 'email.clicked', properties: { url: asString(data['url']), userAgent: text(clientInfo?.['user-agent']), ip: ipAddress(data['ip']), ...botSignals(clientInfo) } };
    case 'unsubscribed':
      return { type: 'email.unsubscribed', properties: { source: 'link' } };
    case 'complained':
      return { type: 'email.complained', properties: {} };
    default:
      return null;
  }
}
