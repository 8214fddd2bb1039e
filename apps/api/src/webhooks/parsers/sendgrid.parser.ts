import type { BounceClass, EmailEventType } from '@mailpulse/contracts';
import { correlationFrom, emailEvent, NO_MESSAGE_ID } from './email-event';
import { emptyResult, VendorParseResult, WebhookPayloadError } from './parse-result';
import { parseVendorTimestamp } from './vendor-timestamp';
import { asIdString, asInteger, asRecord, asString, emailAddress, ipAddress, text, vendorScopedId } from './vendor-values';

/**
 * SendGrid bounce → bounce class. `type` says bounce (permanent) or blocked (refused for reasons about the
 * message or sender); the Bounce & Block Classification, when on, refines it: Content and Reputation are
 * blocks, Frequency/Volume and Technical are soft, Invalid Address is hard, Mailbox Unavailable is hard for a
 * bounce and soft for a block. Unclassified or absent: bounce → hard, blocked → block.
 */
export function sendGridBounceClass(type: string | undefined, classification: string | undefined): BounceClass {
  const c = (classification ?? '').trim().toLowerCase();
  if (c.startsWith('content') || c.startsWith('reputation')) return 'block';
  if (c.startsWith('frequency') || c.startsWith('technical')) return 'soft';
  if (c.startsWith('invalid address')) return 'hard';
  if (c.startsWith('mailbox unavailable')) return type === 'blocked' ? 'soft' : 'hard';
  return type === 'blocked' ? 'block' : 'hard';
}

/**
 * The message part of `sg_message_id`: everything before the SendGrid filter suffix (`.filter…`, `.stfilter…`,
 * `.recvd…`), which differs between the processed event and later ones. It equals the X-Message-Id the Mail
 * Send API returned. Falls back to the local part of `smtp-id` (asynchronous bounces carry no sg_message_id).
 */
export function sendGridMessageKey(sgMessageId: string | undefined, smtpId: string | undefined): string | undefined {
  const base = sgMessageId?.trim().replace(/\.(?:[a-z]*filter|recvd)[\s\S]*$/i, '');
  if (base && !/^(?:[a-z]*filter|recvd)/i.test(base)) return base;
  return smtpId?.trim().replace(/^<|>$/g, '').split('@')[0] || undefined;
}

/**
 * A dropped message was never sent. Drops for an address known to be bad (it bounced before, or is invalid) are
 * hard; drops by policy (unsubscribed, spam-reported, over quota, bad headers) are blocks.
 */
export function sendGridDropClass(reason: string | undefined): BounceClass {
  return reason !== undefined && /bounced address|invalid/i.test(reason) && !/smtpapi|header/i.test(reason) ? 'hard' : 'block';
}

const NOT_ABOUT_A_MESSAGE: Record<string, string> = {
  group_resubscribe: 'Mailpulse has no resubscribe event',
  account_status_change: 'an account event, not about a message',
};

/**
 * SendGrid's Event Webhook body: a JSON array of events. Custom arguments arrive as top-level keys of each
 * event. Throws WebhookPayloadError when the body is not an array.
 */
export function parseSendGridEvents(body: unknown): VendorParseResult {
  if (!Array.isArray(body)) throw new WebhookPayloadError('body', 'must be a JSON array of SendGrid events');
  const result = emptyResult();
  body.forEach((item, index) => {
    const e = asRecord(item);
    const kind = asString(e?.['event'])?.trim().toLowerCase().replace(/^spam report$/, 'spamreport');
    if (!e || !kind) {
      result.invalid.push({ reason: `event ${index}: not a SendGrid event (no "event" field)`, payload: item });
      return;
    }
    const label = `SendGrid ${kind} (event ${index})`;
    if (NOT_ABOUT_A_MESSAGE[kind]) {
      result.ignored.push(`${label}: ${NOT_ABOUT_A_MESSAGE[kind]}`);
      return;
    }
    const mapped = mapSendGridKind(kind, e);
    if (!mapped) {
      result.ignored.push(`${label}: unknown SendGrid event kind`);
      return;
    }
    const occurredAt = parseVendorTimestamp(e['timestamp']);
    if (!occurredAt) {
      result.invalid.push({ reason: `${label}: timestamp is missing or not epoch seconds`, payload: item });
      return;
    }
    const eventId = asIdString(e['sg_event_id']);
    const messageKey = sendGridMessageKey(asIdString(e['sg_message_id']), asString(e['smtp-id']));
    const recipient = emailAddress(e['email']);
    const event = emailEvent({
      vendor: 'sendgrid',
      // Without sg_event_id the id is derived from the content, so an identical retry still counts once.
      id: eventId ? vendorScopedId('sendgrid', eventId) : undefined,
      type: mapped.type,
      occurredAt,
      // One API call can send to many recipients under one X-Message-Id; the recipient makes it one message each.
      vendorMessageId: messageKey && recipient ? `${messageKey}:${recipient}` : messageKey,
      correlation: correlationFrom(e),
      recipient: e['email'],
      vendorEvent: kind,
      properties: { ...mapped.properties, category: e['category'], sgMessageId: asIdString(e['sg_message_id']) },
    });
    if (event) result.events.push(event);
    else result.invalid.push({ reason: `${label}: ${NO_MESSAGE_ID}`, payload: item });
  });
  return result;
}

function machineOpen(e: Record<string, unknown>): Record<string, unknown> {
  const flag = e['sg_machine_open'];
  if (typeof flag !== 'boolean') return {};
  return flag ? { vendorMachineOpen: true, prefetch: true } : { vendorMachineOpen: false };
}

function mapSendGridKind(kind: string, e: Record<string, unknown>): { type: EmailEventType; properties: Record<string, unknown> } | null {
  switch (kind) {
    case 'processed':
      return { type: 'email.sent', properties: {} };
    case 'deferred':
      return { type: 'email.deferred', properties: { reason: text(e['response']) ?? text(e['reason']), attempt: asInteger(e['attempt']) } };
    case 'delivered':
      return { type: 'email.delivered', properties: { smtpResponse: text(e['response']) } };
    case 'open':
      return { type: 'email.opened', properties: { userAgent: text(e['useragent']), ip: ipAddress(e['ip']), ...machineOpen(e) } };
    case 'click':
      return { type: 'email.clicked', properties: { url: asString(e['url']), userAgent: text(e['useragent']), ip: ipAddress(e['ip']), urlOffset: asRecord(e['url_offset']) } };
    case 'bounce': {
      const type = asString(e['type']);
      const classification = asString(e['bounce_classification']);
      const status = asString(e['status']);
      return {
        type: 'email.bounced',
        properties: {
          bounceClass: sendGridBounceClass(type, classification),
          reason: text(e['reason']),
          smtpCode: status && status.length <= 16 ? status : undefined,
          bounceType: type,
          bounceClassification: classification,
        },
      };
    }
    case 'dropped':
      return { type: 'email.bounced', properties: { bounceClass: sendGridDropClass(asString(e['reason'])), reason: text(e['reason']) ?? 'dropped by SendGrid', dropped: true } };
    case 'spamreport':
      return { type: 'email.complained', properties: {} };
    case 'unsubscribe':
      return { type: 'email.unsubscribed', properties: { source: 'link' } };
    case 'group_unsubscribe':
      return { type: 'email.unsubscribed', properties: { source: 'link', list: asIdString(e['asm_group_id']), userAgent: text(e['useragent']), ip: ipAddress(e['ip']) } };
    default:
      return null;
  }
}
