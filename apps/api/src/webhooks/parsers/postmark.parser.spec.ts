import {
  PM_BOUNCE_JSON,
  PM_CLICK,
  PM_DELIVERY,
  PM_DELIVERY_WITH_OFFSET,
  PM_OPEN,
  PM_SPAM_COMPLAINT,
  PM_SUBSCRIPTION_CHANGE_HARD_BOUNCE,
  PM_SUBSCRIPTION_CHANGE_REACTIVATED,
  PM_SUBSCRIPTION_CHANGE_UNSUBSCRIBE,
} from './fixtures/postmark.examples';
import { parseJsonLosslessly } from './lossless-json';
import { WebhookPayloadError } from './parse-result';
import { parsePostmarkWebhook, postmarkBounceOutcome } from './postmark.parser';

const BOUNCE = parseJsonLosslessly(PM_BOUNCE_JSON) as Record<string, unknown>;

function mapped(record: unknown) {
  const result = parsePostmarkWebhook(record);
  expect(result.invalid).toEqual([]);
  expect(result.ignored).toEqual([]);
  expect(result.events).toHaveLength(1);
  return result.events[0]!;
}

describe('parsePostmarkWebhook: every RecordType (Postmark webhook docs)', () => {
  it('Bounce: the 64-bit ID keeps every digit, the seven-digit timestamp is read to the millisecond', () => {
    expect(mapped(BOUNCE)).toEqual({
      id: 'postmark:bounce:4323372036854775807',
      type: 'email.bounced',
      occurredAt: '2019-11-05T16:33:54.907Z',
      messageId: 'postmark:883953f4-6105-42a2-a16a-77a8eac79483',
      contact: { email: 'john@example.com' },
      properties: {
        bounceClass: 'hard',
        reason: 'Test bounce details',
        postmarkType: 'HardBounce',
        typeCode: 1,
        description: 'The server was unable to deliver your message (ex: unknown user, mailbox not found).',
        inactive: true,
        canActivate: true,
        tag: 'Test',
        messageStream: 'outbound',
        esp: 'postmark',
        vendorEvent: 'Bounce',
      },
    });
  });

  it.each([
    ['Delivery', PM_DELIVERY, { type: 'email.delivered', occurredAt: '2019-11-05T16:33:54.907Z', properties: { smtpResponse: 'Test delivery webhook details', tag: 'welcome-email' } }],
    ['Delivery with a UTC offset', PM_DELIVERY_WITH_OFFSET, { type: 'email.delivered', occurredAt: '2014-08-01T17:28:10.273Z' }],
    [
      'Open',
      PM_OPEN,
      { type: 'email.opened', occurredAt: '2019-11-05T16:33:54.907Z', properties: { ip: '188.2.95.4', firstOpen: true, platform: 'WebMail', userAgent: expect.stringMatching(/Chrome\/35/) } },
    ],
    [
      'Click',
      PM_CLICK,
      { type: 'email.clicked', occurredAt: '2017-10-25T15:21:11.906Z', messageId: 'postmark:00000000-0000-0000-0000-000000000000', properties: { url: 'https://example.com', ip: '8.8.8.8', clickLocation: 'HTML' } },
    ],
    ['SpamComplaint', PM_SPAM_COMPLAINT, { id: 'postmark:bounce:42', type: 'email.complained', properties: { feedbackType: 'abuse', typeCode: 512 } }],
    ['SubscriptionChange by the recipient', PM_SUBSCRIPTION_CHANGE_UNSUBSCRIBE, { type: 'email.unsubscribed', occurredAt: '2022-06-05T17:17:32.000Z', properties: { source: 'esp', suppressionReason: 'ManualSuppression' } }],
  ])('%s', (_name, record, expected) => {
    expect(mapped(record)).toMatchObject({ contact: { email: 'john@example.com' }, ...expected });
  });

  it('engagement events without a Postmark id get a stable one from message, recipient and time', () => {
    const open = mapped(PM_OPEN);
    expect(open.id).toBe('postmark:open:883953f4-6105-42a2-a16a-77a8eac79483:john@example.com:2019-11-05T16:33:54.9070259Z');
    expect(mapped({ ...PM_OPEN }).id).toBe(open.id);
    expect(mapped(PM_CLICK).id).toMatch(/^postmark:(click:|h:)/);
  });

  it('Metadata carries our message, campaign and variant (Postmark sends metadata values as strings)', () => {
    const tagged = mapped({ ...PM_DELIVERY, Metadata: { mailpulse_message_id: 'm-1', mailpulse_campaign_id: 'launch', mailpulse_variant: 'B' } });
    expect(tagged).toMatchObject({ messageId: 'm-1', campaignId: 'launch', properties: { variant: 'B', vendorMessageId: 'postmark:883953f4-6105-42a2-a16a-77a8eac79483' } });
  });

  it('a bounce parsed with plain JSON.parse (digits already lost) is refused rather than stored under a wrong id', () => {
    const result = parsePostmarkWebhook(JSON.parse(PM_BOUNCE_JSON));
    expect(result.events).toEqual([]);
    expect(result.invalid).toEqual([expect.objectContaining({ reason: expect.stringMatching(/lost digits/) })]);
  });

  it.each([
    ['HardBounce', 'bounced', 'hard'],
    ['BadEmailAddress', 'bounced', 'hard'],
    ['ManuallyDeactivated', 'bounced', 'hard'],
    ['Transient', 'bounced', 'soft'],
    ['SoftBounce', 'bounced', 'soft'],
    ['DnsError', 'bounced', 'soft'],
    ['Unknown', 'bounced', 'soft'],
    ['SpamNotification', 'bounced', 'block'],
    ['Blocked', 'bounced', 'block'],
    ['VirusNotification', 'bounced', 'block'],
    ['DMARCPolicy', 'bounced', 'block'],
    ['Unconfirmed', 'bounced', 'block'],
    ['SMTPApiError', 'bounced', 'block'],
    ['TemplateRenderingFailed', 'bounced', 'block'],
    ['SomethingNew', 'bounced', 'soft'],
    ['Unsubscribe', 'unsubscribed', undefined],
    ['SpamComplaint', 'complained', undefined],
  ])('bounce Type %s → email.%s %s', (type, eventType, bounceClass) => {
    const event = mapped({ ...BOUNCE, Type: type });
    expect(event.type).toBe(`email.${eventType}`);
    expect(event.properties!['bounceClass']).toBe(bounceClass);
  });

  it.each(['AutoResponder', 'AddressChange', 'Subscribe', 'ChallengeVerification', 'OpenRelayTest', 'InboundError'])('bounce Type %s is ignored', (type) => {
    const result = parsePostmarkWebhook({ ...BOUNCE, Type: type });
    expect(result.events).toEqual([]);
    expect(result.ignored).toEqual([expect.stringContaining(type)]);
    expect(postmarkBounceOutcome(type).kind).toBe('ignore');
  });

  it.each([
    ['a suppression after a hard bounce (already counted from the Bounce record)', PM_SUBSCRIPTION_CHANGE_HARD_BOUNCE, /already counted/],
    ['a reactivation', PM_SUBSCRIPTION_CHANGE_REACTIVATED, /re-enabled/],
    ['a suppression made by the sender', { ...PM_SUBSCRIPTION_CHANGE_UNSUBSCRIBE, Origin: 'Customer' }, /suppressed by the customer/],
    ['an unknown RecordType', { ...PM_DELIVERY, RecordType: 'Frobnication' }, /unknown Postmark RecordType/],
  ])('%s is ignored', (_name, record, reason) => {
    const result = parsePostmarkWebhook(record);
    expect(result.events).toEqual([]);
    expect(result.ignored).toEqual([expect.stringMatching(reason)]);
  });

  it.each([
    ['no timestamp', { ...PM_DELIVERY, DeliveredAt: undefined }, /timestamp/],
    ['a timestamp that is not ISO 8601', { ...PM_DELIVERY, DeliveredAt: '05/11/2019 16:33' }, /timestamp/],
    ['no MessageID', { ...PM_DELIVERY, MessageID: undefined }, /no message id/],
  ])('%s is invalid', (_name, record, reason) => {
    expect(parsePostmarkWebhook(record).invalid).toEqual([expect.objectContaining({ reason: expect.stringMatching(reason) })]);
  });

  it.each([
    ['no RecordType', { MessageID: 'x' }, /RecordType: is required/],
    ['an inbound message', { FromFull: { Email: 'a@example.com' }, From: 'a@example.com' }, /inbound message/],
    ['an array', [], /RecordType/],
  ])('%s is not an outbound webhook (400)', (_name, body, message) => {
    expect(() => parsePostmarkWebhook(body)).toThrow(WebhookPayloadError);
    expect(() => parsePostmarkWebhook(body)).toThrow(message);
  });
});
