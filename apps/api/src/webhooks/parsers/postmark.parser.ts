import type { BounceClass, EmailEventType, IngestEvent } from '@mailpulse/contracts';
import { correlationFrom, emailEvent, NO_MESSAGE_ID } from './email-event';
import { emptyResult, VendorParseResult, WebhookPayloadError } from './parse-result';
import { parseVendorTimestamp } from './vendor-timestamp';
import { asIdString, asInteger, asRecord, asString, ipAddress, text, vendorScopedId } from './vendor-values';

/** What a Postmark bounce `Type` means for Mailpulse. */
export type PostmarkBounceOutcome =
  | { kind: 'bounce'; bounceClass: BounceClass }
  | { kind: 'complaint' }
  | { kind: 'unsubscribe' }
  | { kind: 'ignore'; why: string };

/**
 * Postmark's bounce types (the `Type` of Bounce records) → outcome. The address is unmailable → hard; a
 * temporary failure → soft; the receiver or Postmark refused the message (spam filter, ISP block, virus, DMARC,
 * unconfirmed address, sending errors) → block. Replies that are not failures (auto-responders, address
 * changes, subscribe requests, challenges, relay tests, inbound errors) are ignored.
 */
export const POSTMARK_BOUNCE_TYPES: Record<string, PostmarkBounceOutcome> = {
  HardBounce: { kind: 'bounce', bounceClass: 'hard' },
  BadEmailAddress: { kind: 'bounce', bounceClass: 'hard' },
  ManuallyDeactivated: { kind: 'bounce', bounceClass: 'hard' },
  Transient: { kind: 'bounce', bounceClass: 'soft' },
  SoftBounce: { kind: 'bounce', bounceClass: 'soft' },
  DnsError: { kind: 'bounce', bounceClass: 'soft' },
  Unknown: { kind: 'bounce', bounceClass: 'soft' },
  SpamNotification: { kind: 'bounce', bounceClass: 'block' },
  Blocked: { kind: 'bounce', bounceClass: 'block' },
  VirusNotification: { kind: 'bounce', bounceClass: 'block' },
  DMARCPolicy: { kind: 'bounce', bounceClass: 'block' },
  Unconfirmed: { kind: 'bounce', bounceClass: 'block' },
  SMTPApiError: { kind: 'bounce', bounceClass: 'block' },
  TemplateRenderingFailed: { kind: 'bounce', bounceClass: 'block' },
  SpamComplaint: { kind: 'complaint' },
  Unsubscribe: { kind: 'unsubscribe' },
  Subscribe: { kind: 'ignore', why: 'a subscribe request' },
  AutoResponder: { kind: 'ignore', why: 'an automatic reply; the message was delivered' },
  AddressChange: { kind: 'ignore', why: 'an address-change notice; the message was delivered' },
  ChallengeVerification: { kind: 'ignore', why: 'a challenge asking the sender to verify itself' },
  OpenRelayTest: { kind: 'ignore', why: 'an open relay test' },
  InboundError: { kind: 'ignore', why: 'an inbound processing error' },
};

/** Types Postmark may add later are counted as soft bounces: something failed, and nothing says it was final. */
export function postmarkBounceOutcome(type: string | undefined): PostmarkBounceOutcome {
  return (type && POSTMARK_BOUNCE_TYPES[type]) || { kind: 'bounce', bounceClass: 'soft' };
}

/**
 * One Postmark webhook request: a single record with `RecordType`. Numeric ids are expected as the lossless
 * parser leaves them (digits beyond 2^53 as strings). Throws WebhookPayloadError for a body without RecordType.
 */
export function parsePostmarkWebhook(body: unknown): VendorParseResult {
  const r = asRecord(body);
  const recordType = asString(r?.['RecordType']);
  if (!r || !recordType) {
    const inbound = r !== undefined && 'FromFull' in r;
    throw new WebhookPayloadError('RecordType', inbound ? 'is missing: this looks like an inbound message; point only outbound webhooks here' : 'is required (Postmark webhooks carry RecordType)');
  }
  const result = emptyResult();
  const bounceId = r['ID'];
  if (typeof bounceId === 'number' && !Number.isSafeInteger(bounceId)) {
    result.invalid.push({ reason: `Postmark ${recordType}: ID ${bounceId} lost digits in parsing`, payload: body });
    return result;
  }
  const messageId = asString(r['MessageID']);
  const label = `Postmark ${recordType}${messageId ? ` ${messageId}` : ''}`;
  const base = {
    vendor: 'postmark' as const,
    vendorMessageId: messageId,
    correlation: correlationFrom(r['Metadata']),
    vendorEvent: recordType,
  };
  const common = { tag: text(r['Tag']), messageStream: asString(r['MessageStream']) };

  const build = (type: EmailEventType, time: unknown, recipient: unknown, idParts: string[], properties: Record<string, unknown>, vendorEvent = recordType): void => {
    const occurredAt = parseVendorTimestamp(time);
    if (!occurredAt) {
      result.invalid.push({ reason: `${label}: the timestamp is missing or not ISO 8601`, payload: body });
      return;
    }
    const event: IngestEvent | null = emailEvent({ ...base, vendorEvent, id: vendorScopedId('postmark', ...idParts), type, occurredAt, recipient, properties: { ...common, ...properties } });
    if (event) result.events.push(event);
    else result.invalid.push({ reason: `${label}: ${NO_MESSAGE_ID}`, payload: body });
  };
  const recipient = asString(r['Recipient']) ?? '';

  switch (recordType) {
    case 'Delivery':
      build('email.delivered', r['DeliveredAt'], r['Recipient'], ['delivery', messageId ?? '', recipient], { smtpResponse: text(r['Details']) });
      break;
    case 'Bounce':
    case 'SpamComplaint': {
      const id = asIdString(bounceId);
      const type = asString(r['Type']);
      const idParts = id ? ['bounce', id] : [recordType.toLowerCase(), messageId ?? '', asString(r['Email']) ?? '', asString(r['BouncedAt']) ?? ''];
      const details = { postmarkType: type, typeCode: asInteger(r['TypeCode']), description: text(r['Description']), inactive: r['Inactive'], canActivate: r['CanActivate'] };
      const outcome: PostmarkBounceOutcome = recordType === 'SpamComplaint' ? { kind: 'complaint' } : postmarkBounceOutcome(type);
      switch (outcome.kind) {
        case 'bounce':
          build('email.bounced', r['BouncedAt'], r['Email'], idParts, { bounceClass: outcome.bounceClass, reason: text(r['Details']) || text(r['Description']) || type, ...details });
          break;
        case 'complaint':
          build('email.complained', r['BouncedAt'], r['Email'], idParts, { feedbackType: 'abuse', ...details });
          break;
        case 'unsubscribe':
          build('email.unsubscribed', r['BouncedAt'], r['Email'], idParts, { source: 'esp', ...details });
          break;
        case 'ignore':
          result.ignored.push(`${label}: bounce type ${type}: ${outcome.why}`);
          break;
      }
      break;
    }
    case 'Open': {
      const geo = asRecord(r['Geo']);
      build('email.opened', r['ReceivedAt'], r['Recipient'], ['open', messageId ?? '', recipient, asString(r['ReceivedAt']) ?? ''], {
        userAgent: text(r['UserAgent']),
        ip: ipAddress(geo?.['IP']),
        firstOpen: typeof r['FirstOpen'] === 'boolean' ? r['FirstOpen'] : undefined,
        platform: text(r['Platform']),
        readSeconds: asInteger(r['ReadSeconds']),
      });
      break;
    }
    case 'Click': {
      const geo = asRecord(r['Geo']);
      build('email.clicked', r['ReceivedAt'], r['Recipient'], ['click', messageId ?? '', recipient, asString(r['ReceivedAt']) ?? '', asString(r['OriginalLink']) ?? ''], {
        url: asString(r['OriginalLink']),
        userAgent: text(r['UserAgent']),
        ip: ipAddress(geo?.['IP']),
        clickLocation: text(r['ClickLocation']),
        platform: text(r['Platform']),
      });
      break;
    }
    case 'SubscriptionChange':
      mapSubscriptionChange(r, label, result, (properties) => build('email.unsubscribed', r['ChangedAt'], r['Recipient'], ['subscription', messageId ?? '', recipient, asString(r['ChangedAt']) ?? ''], properties));
      break;
    default:
      result.ignored.push(`${label}: unknown Postmark RecordType`);
  }
  return result;
}

/**
 * A SubscriptionChange is an unsubscribe when the recipient asked to stop (SuppressSending, ManualSuppression,
 * Origin Recipient). Suppressions caused by a hard bounce or spam complaint are ignored (the Bounce and
 * SpamComplaint records already count them), as are reactivations and suppressions made by the sender.
 */
function mapSubscriptionChange(r: Record<string, unknown>, label: string, result: VendorParseResult, unsubscribe: (properties: Record<string, unknown>) => void): void {
  const reason = asString(r['SuppressionReason']);
  const origin = asString(r['Origin']);
  if (r['SuppressSending'] !== true) result.ignored.push(`${label}: sending was re-enabled (Mailpulse has no resubscribe event)`);
  else if (reason === 'HardBounce' || reason === 'SpamComplaint') result.ignored.push(`${label}: suppression after a ${reason}, already counted from that record`);
  else if (origin && origin !== 'Recipient') result.ignored.push(`${label}: suppressed by the ${origin.toLowerCase()}, not the recipient`);
  else unsubscribe({ source: 'esp', suppressionReason: reason, origin });
}
