import type { BounceClass, EmailEventType, IngestEvent } from '@mailpulse/contracts';
import { Correlation, correlationFrom, emailEvent, NO_MESSAGE_ID } from './email-event';
import { emptyResult, VendorParseResult, WebhookPayloadError } from './parse-result';
import { parseVendorTimestamp } from './vendor-timestamp';
import { asArray, asInteger, asRecord, asString, emailAddress, ipAddress, text, vendorScopedId } from './vendor-values';

/** An SNS subscription message: recorded so an admin can confirm (or notice) the subscription; never fetched. */
export interface SnsSubscriptionMessage {
  type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  messageId: string;
  topicArn: string;
  subscribeUrl: string;
  token: string | null;
  message: string | null;
  sentAt: string | null;
  /** Where SNS serves the certificate it signed with: what to download and configure for signature checks. */
  signingCertUrl: string | null;
}

export interface SesParseResult extends VendorParseResult {
  confirmation?: SnsSubscriptionMessage;
}

/**
 * SES bounce type and subtype → bounce class. Permanent bounces are hard, including the suppression-list
 * subtypes (SES did not try the address because it is known to be unmailable; the subtype stays in the
 * properties). Transient bounces are soft, except content and attachment rejections, which are blocks (the
 * receiver refused the message, not the address). Undetermined and unknown types are soft.
 */
export function sesBounceClass(bounceType: string | undefined, bounceSubType: string | undefined): BounceClass {
  if (bounceType === 'Permanent') return 'hard';
  if (bounceType === 'Transient' && (bounceSubType === 'ContentRejected' || bounceSubType === 'AttachmentRejected')) return 'block';
  return 'soft';
}

const UNSUBSCRIBE_SOURCES: Record<string, 'header' | 'link'> = { UnsubscribeHeader: 'header', UnsubscribeLink: 'link' };

/** SES notification types that are not about a sent message, with why they are skipped. */
const NOT_ABOUT_SENDING: Record<string, string> = {
  Received: 'an inbound (receipt rule) notification; point only sending events at this URL',
  AmazonSnsSubscriptionSucceeded: 'the SES notice that the topic was subscribed',
};

/**
 * An Amazon SNS message from a topic SES publishes to. `Notification`s carry the SES event as a JSON string in
 * `Message` (configuration-set event publishing, `eventType`, or identity notifications, `notificationType`);
 * one SES event names one or more recipients and becomes one Mailpulse event per recipient. Subscription
 * messages come back as `confirmation`. Throws WebhookPayloadError when the body is not an SNS message.
 */
export function parseSesNotification(body: unknown): SesParseResult {
  const envelope = asRecord(body);
  if (!envelope) throw new WebhookPayloadError('body', 'must be an Amazon SNS message (a JSON object with Type and MessageId)');
  const type = asString(envelope['Type']);
  const snsMessageId = asString(envelope['MessageId']);
  if (!type) throw new WebhookPayloadError('Type', 'is required (Amazon SNS messages have Type and MessageId)');
  if (!snsMessageId) throw new WebhookPayloadError('MessageId', 'is required (Amazon SNS messages have Type and MessageId)');

  switch (type) {
    case 'SubscriptionConfirmation':
    case 'UnsubscribeConfirmation': {
      const topicArn = asString(envelope['TopicArn']);
      const subscribeUrl = asString(envelope['SubscribeURL']);
      if (!topicArn) throw new WebhookPayloadError('TopicArn', `is required in a ${type}`);
      if (!subscribeUrl) throw new WebhookPayloadError('SubscribeURL', `is required in a ${type}`);
      return {
        ...emptyResult(),
        confirmation: {
          type,
          messageId: snsMessageId,
          topicArn,
          subscribeUrl,
          token: asString(envelope['Token']) ?? null,
          message: asString(envelope['Message']) ?? null,
          sentAt: parseVendorTimestamp(envelope['Timestamp']),
          signingCertUrl: asString(envelope['SigningCertURL']) ?? null,
        },
      };
    }
    case 'Notification':
      return parseSesEvent(envelope, snsMessageId);
    default:
      return { ...emptyResult(), ignored: [`SNS message ${snsMessageId}: unknown SNS message type "${type}"`] };
  }
}

interface SesContext {
  snsMessageId: string;
  kind: string;
  snsTimestamp: string | null;
  mail: Record<string, unknown>;
  correlation: Correlation;
  vendorMessageId: string | undefined;
  /** The only destination of the message, when it had exactly one. */
  soleDestination: string | undefined;
}

function parseSesEvent(envelope: Record<string, unknown>, snsMessageId: string): SesParseResult {
  const messageText = asString(envelope['Message']) ?? '';
  let record: Record<string, unknown> | undefined;
  try {
    record = asRecord(JSON.parse(messageText));
  } catch {
    record = undefined;
  }
  if (!record) {
    // e.g. "Successfully validated SNS topic for Amazon SES event publishing."
    return { ...emptyResult(), ignored: [`SNS notification ${snsMessageId}: not an SES event (${JSON.stringify(messageText.slice(0, 80))})`] };
  }
  return parseSesRecord(record, snsMessageId, parseVendorTimestamp(envelope['Timestamp']));
}

/**
 * An SES event delivered by SNS with **raw message delivery** on: the body is the SES record itself (what
 * `Message` holds otherwise), and the SNS message id comes in the `x-amz-sns-message-id` header. Raw delivery
 * has no envelope, so no SNS timestamp and no signature. Throws WebhookPayloadError when the body is not an
 * SES record.
 */
export function parseSesRawMessage(body: unknown, snsMessageId: string): SesParseResult {
  const record = asRecord(body);
  if (!record) throw new WebhookPayloadError('body', 'must be an SES event record (raw message delivery): a JSON object with eventType or notificationType');
  return parseSesRecord(record, snsMessageId, null);
}

function parseSesRecord(record: Record<string, unknown>, snsMessageId: string, snsTimestamp: string | null): SesParseResult {
  const result = emptyResult();
  const kind = asString(record['eventType']) ?? asString(record['notificationType']);
  if (!kind) {
    result.ignored.push(`SNS notification ${snsMessageId}: the message has no eventType or notificationType`);
    return result;
  }
  if (NOT_ABOUT_SENDING[kind]) {
    result.ignored.push(`SES ${kind} ${snsMessageId}: ${NOT_ABOUT_SENDING[kind]}`);
    return result;
  }
  const mail = asRecord(record['mail']);
  if (!mail) {
    result.invalid.push({ reason: `SES ${kind} ${snsMessageId}: mail is missing`, payload: record });
    return result;
  }
  const destinations = asArray(mail['destination']);
  const ctx: SesContext = {
    snsMessageId,
    kind,
    snsTimestamp,
    mail,
    correlation: correlationFrom(mail['tags']),
    vendorMessageId: asString(mail['messageId']),
    soleDestination: destinations.length === 1 ? asString(destinations[0]) : undefined,
  };

  const events = mapSesEvent(ctx, record, result);
  for (const e of events) {
    if (e === 'no-message-id') result.invalid.push({ reason: `SES ${kind} ${snsMessageId}: ${NO_MESSAGE_ID}`, payload: record });
    else if (e === 'no-time') result.invalid.push({ reason: `SES ${kind} ${snsMessageId}: no usable timestamp`, payload: record });
    else result.events.push(e);
  }
  return result;
}

type Mapped = IngestEvent | 'no-message-id' | 'no-time';

interface SesEventSpec {
  type: EmailEventType;
  /** The SES object's own time; the SNS timestamp is the fallback. */
  time: unknown;
  recipient: string | undefined;
  /** Position among the recipients of a record naming several, so each gets its own id. */
  part?: number;
  properties: Record<string, unknown>;
}

function sesEvent(ctx: SesContext, spec: SesEventSpec): Mapped {
  const occurredAt = parseVendorTimestamp(spec.time) ?? ctx.snsTimestamp;
  if (!occurredAt) return 'no-time';
  const id = spec.part === undefined ? vendorScopedId('ses', ctx.snsMessageId) : vendorScopedId('ses', ctx.snsMessageId, String(spec.part));
  return (
    emailEvent({
      vendor: 'ses',
      id,
      type: spec.type,
      occurredAt,
      vendorMessageId: ctx.vendorMessageId,
      correlation: ctx.correlation,
      recipient: spec.recipient,
      vendorEvent: ctx.kind,
      properties: spec.properties,
    }) ?? 'no-message-id'
  );
}

/** One event per listed recipient (with the list position in the id when there are several), or one for the message. */
function perRecipient(ctx: SesContext, recipients: (string | undefined)[], build: (recipient: string | undefined, part: number | undefined) => Mapped): Mapped[] {
  if (recipients.length === 0) return [build(ctx.soleDestination, undefined)];
  return recipients.map((r, i) => build(r, recipients.length > 1 ? i : undefined));
}

function addressesOf(list: unknown, key?: string): (string | undefined)[] {
  return asArray(list).map((r) => asString(key ? asRecord(r)?.[key] : r));
}

function recipientDetail(list: unknown, recipient: string | undefined): Record<string, unknown> {
  return asArray(list).map(asRecord).find((r) => r && asString(r['emailAddress']) === recipient) ?? {};
}

function smtpStatus(value: unknown): string | undefined {
  const s = asString(value)?.trim();
  return s !== undefined && s.length <= 16 ? s : undefined;
}

function mapSesEvent(ctx: SesContext, record: Record<string, unknown>, result: VendorParseResult): Mapped[] {
  const mail = ctx.mail;
  const common = asRecord(mail['commonHeaders']);
  switch (ctx.kind) {
    case 'Send': {
      const tags = asRecord(mail['tags']);
      const fromDomain = asString(asArray(tags?.['ses:from-domain'])[0]) ?? emailAddress(mail['source'])?.split('@')[1];
      return [sesEvent(ctx, { type: 'email.sent', time: mail['timestamp'], recipient: ctx.soleDestination, properties: { subject: text(common?.['subject']), sendingDomain: fromDomain } })];
    }
    case 'Delivery': {
      const delivery = asRecord(record['delivery']) ?? {};
      return perRecipient(ctx, addressesOf(delivery['recipients']), (recipient, part) =>
        sesEvent(ctx, {
          type: 'email.delivered',
          time: delivery['timestamp'],
          recipient,
          part,
          properties: { smtpResponse: text(delivery['smtpResponse']), processingTimeMillis: asInteger(delivery['processingTimeMillis']), reportingMta: text(delivery['reportingMTA']) },
        }),
      );
    }
    case 'Bounce': {
      const bounce = asRecord(record['bounce']) ?? {};
      const bounceType = asString(bounce['bounceType']);
      const bounceSubType = asString(bounce['bounceSubType']);
      return perRecipient(ctx, addressesOf(bounce['bouncedRecipients'], 'emailAddress'), (recipient, part) => {
        const detail = recipientDetail(bounce['bouncedRecipients'], recipient);
        return sesEvent(ctx, {
          type: 'email.bounced',
          time: bounce['timestamp'],
          recipient,
          part,
          properties: {
            bounceClass: sesBounceClass(bounceType, bounceSubType),
            reason: text(detail['diagnosticCode']) ?? text([bounceType, bounceSubType].filter(Boolean).join('/')),
            smtpCode: smtpStatus(detail['status']),
            bounceType,
            bounceSubType,
            feedbackId: asString(bounce['feedbackId']),
          },
        });
      });
    }
    case 'Complaint': {
      const complaint = asRecord(record['complaint']) ?? {};
      const suppressed = asString(complaint['complaintSubType']) === 'OnAccountSuppressionList';
      return perRecipient(ctx, addressesOf(complaint['complainedRecipients'], 'emailAddress'), (recipient, part) =>
        // Not a new complaint: SES did not send because an earlier complaint put the address on the suppression list.
        suppressed
          ? sesEvent(ctx, {
              type: 'email.bounced',
              time: complaint['timestamp'] ?? complaint['arrivalDate'],
              recipient,
              part,
              properties: { bounceClass: 'hard', reason: 'not sent: the address is on the account-level suppression list', complaintSubType: 'OnAccountSuppressionList' },
            })
          : sesEvent(ctx, {
              type: 'email.complained',
              time: complaint['timestamp'] ?? complaint['arrivalDate'],
              recipient,
              part,
              properties: { feedbackType: text(complaint['complaintFeedbackType']), feedbackUserAgent: text(complaint['userAgent']), feedbackId: asString(complaint['feedbackId']) },
            }),
      );
    }
    case 'Reject': {
      const reject = asRecord(record['reject']) ?? {};
      return [sesEvent(ctx, { type: 'email.bounced', time: mail['timestamp'], recipient: ctx.soleDestination, properties: { bounceClass: 'block', reason: text(reject['reason']) ?? 'rejected by SES' } })];
    }
    case 'Open': {
      const open = asRecord(record['open']) ?? {};
      return [sesEvent(ctx, { type: 'email.opened', time: open['timestamp'], recipient: ctx.soleDestination, properties: { userAgent: text(open['userAgent']), ip: ipAddress(open['ipAddress']) } })];
    }
    case 'Click': {
      const click = asRecord(record['click']) ?? {};
      return [
        sesEvent(ctx, {
          type: 'email.clicked',
          time: click['timestamp'],
          recipient: ctx.soleDestination,
          properties: { url: asString(click['link']), userAgent: text(click['userAgent']), ip: ipAddress(click['ipAddress']), linkTags: asRecord(click['linkTags']) },
        }),
      ];
    }
    case 'Rendering Failure': {
      const failure = asRecord(record['failure']) ?? {};
      const template = asString(failure['templateName']);
      return [
        sesEvent(ctx, {
          type: 'email.bounced',
          time: mail['timestamp'],
          recipient: ctx.soleDestination,
          properties: { bounceClass: 'block', reason: text(`template${template ? ` ${template}` : ''} failed to render: ${asString(failure['errorMessage']) ?? 'no reason given'}`), templateName: template },
        }),
      ];
    }
    case 'DeliveryDelay': {
      const delay = asRecord(record['deliveryDelay']) ?? {};
      const delayType = asString(delay['delayType']);
      return perRecipient(ctx, addressesOf(delay['delayedRecipients'], 'emailAddress'), (recipient, part) => {
        const detail = recipientDetail(delay['delayedRecipients'], recipient);
        return sesEvent(ctx, {
          type: 'email.deferred',
          time: delay['timestamp'],
          recipient,
          part,
          properties: { reason: text(detail['diagnosticCode']) ?? text(delayType), delayType, smtpStatus: smtpStatus(detail['status']), expiresAt: parseVendorTimestamp(delay['expirationTime']) ?? undefined },
        });
      });
    }
    case 'Subscription':
      return mapSubscription(ctx, record, result);
    default:
      result.ignored.push(`SES ${ctx.kind} ${ctx.snsMessageId}: unknown SES event type`);
      return [];
  }
}

function optedOutTopics(preferences: Record<string, unknown> | undefined): Set<string> {
  const statuses = preferences?.['topicSubscriptionStatus'];
  const pairs: [unknown, unknown][] = Array.isArray(statuses)
    ? statuses.map((s) => [asRecord(s)?.['topicName'], asRecord(s)?.['subscriptionStatus']])
    : Object.entries(asRecord(statuses) ?? {});
  return new Set(pairs.filter(([, status]) => status === 'OptOut').map(([topic]) => String(topic)));
}

/** A Subscription event counts as an unsubscribe when it opts out of everything or of a topic newly. */
function mapSubscription(ctx: SesContext, record: Record<string, unknown>, result: VendorParseResult): Mapped[] {
  const subscription = asRecord(record['subscription']) ?? {};
  const next = asRecord(subscription['newTopicPreferences']);
  const previous = asRecord(subscription['oldTopicPreferences']);
  const before = optedOutTopics(previous);
  const newTopics = [...optedOutTopics(next)].filter((t) => !before.has(t));
  const unsubscribedAll = next?.['unsubscribeAll'] === true && previous?.['unsubscribeAll'] !== true;
  if (!unsubscribedAll && newTopics.length === 0) {
    result.ignored.push(`SES Subscription ${ctx.snsMessageId}: no new opt-out (a subscribe or an unchanged preference)`);
    return [];
  }
  const vendorSource = asString(subscription['source']);
  return [
    sesEvent(ctx, {
      type: 'email.unsubscribed',
      time: subscription['timestamp'],
      recipient: ctx.soleDestination,
      properties: {
        source: (vendorSource && UNSUBSCRIBE_SOURCES[vendorSource]) ?? 'esp',
        list: text(subscription['contactList']),
        topics: unsubscribedAll ? undefined : newTopics,
        unsubscribeAll: unsubscribedAll || undefined,
        vendorSource,
      },
    }),
  ];
}
