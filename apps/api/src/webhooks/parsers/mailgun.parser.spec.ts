import {
  MG_ACCEPTED,
  MG_CLICKED,
  MG_COMPLAINED,
  MG_DELIVERED,
  MG_FAILED_PERMANENT,
  MG_FAILED_SUPPRESSED,
  MG_FAILED_TEMPORARY,
  MG_OPENED,
  MG_OPENED_BY_APPLE,
  MG_UNSUBSCRIBED,
  mailgunBody,
} from './fixtures/mailgun.examples';
import { mailgunBounceClass, parseMailgunWebhook } from './mailgun.parser';
import { WebhookPayloadError } from './parse-result';

function mapped(eventData: unknown) {
  const result = parseMailgunWebhook(mailgunBody(eventData));
  expect(result.invalid).toEqual([]);
  expect(result.ignored).toEqual([]);
  expect(result.events).toHaveLength(1);
  return result.events[0]!;
}

describe('parseMailgunWebhook: every event kind (Mailgun webhook payloads)', () => {
  it.each([
    ['accepted', MG_ACCEPTED, { type: 'email.sent', occurredAt: '2026-02-03T19:26:38.372Z', messageId: 'mailgun:20260203192638.000be97f99f8cea1@sample.mailgun.com', properties: { subject: 'Sample webhook payload' } }],
    ['delivered', MG_DELIVERED, { type: 'email.delivered', occurredAt: '2026-02-03T19:20:31.658Z', properties: { smtpResponse: '250 OK' } }],
    [
      'opened',
      MG_OPENED,
      { type: 'email.opened', occurredAt: '2026-02-05T21:31:14.554Z', properties: { ip: '38.142.208.162', userAgent: expect.stringMatching(/^Mozilla\/5\.0 \(Macintosh/) } },
    ],
    ['clicked', MG_CLICKED, { type: 'email.clicked', properties: { url: 'https://sample.mailgun.com', ip: '9.169.124.21' } }],
    [
      'failed (permanent, bounce)',
      MG_FAILED_PERMANENT,
      { type: 'email.bounced', contact: { email: 'badrecipient@sample.mailgun.com' }, properties: { bounceClass: 'hard', smtpCode: 550, vendorReason: 'bounce', reason: expect.stringMatching(/^5\.5\.0 Requested action not taken/) } },
    ],
    [
      'failed (temporary)',
      MG_FAILED_TEMPORARY,
      { type: 'email.deferred', properties: { attempt: 1, vendorReason: 'generic', reason: expect.stringMatching(/^421 Your IP \(161\.38\.194\.10\) is temporary blacklisted/) } },
    ],
    ['unsubscribed', MG_UNSUBSCRIBED, { type: 'email.unsubscribed', properties: { source: 'link' } }],
    ['complained', MG_COMPLAINED, { type: 'email.complained', properties: {} }],
  ])('%s', (_name, data, expected) => {
    expect(mapped(data)).toMatchObject({ id: `mailgun:${data.id}`, ...expected, properties: { esp: 'mailgun', ...expected.properties } });
  });

  it('an open without a bot (bot: null) keeps no machine flag; an Apple MPP open is flagged as a prefetch', () => {
    expect(mapped(MG_OPENED).properties).not.toHaveProperty('vendorMachineOpen');
    expect(mapped(MG_OPENED_BY_APPLE).properties).toMatchObject({ vendorMachineOpen: true, prefetch: true, vendorBot: 'apple' });
    expect(mapped({ ...MG_OPENED, 'client-info': { bot: '' } }).properties).toMatchObject({ vendorMachineOpen: false });
  });

  it('a suppressed address (reason suppress-bounce, code 605, timestamp as a string) is a hard bounce', () => {
    expect(mapped(MG_FAILED_SUPPRESSED)).toMatchObject({
      type: 'email.bounced',
      occurredAt: '2018-03-16T20:46:35.375Z',
      messageId: 'mailgun:20130503192659.13651.20287@sample.mailgun.com',
      properties: { bounceClass: 'hard', reason: 'Not delivering to previously bounced address', smtpCode: 605 },
    });
  });

  it('user-variables carry our message, campaign and variant ("user-variables": [] is simply none)', () => {
    expect(mapped(MG_DELIVERED)).not.toHaveProperty('campaignId');
    const tagged = mapped({ ...MG_DELIVERED, 'user-variables': { mailpulse_message_id: 'm-9', mailpulse_campaign_id: 'autumn', mailpulse_variant: 'C' } });
    expect(tagged).toMatchObject({ messageId: 'm-9', campaignId: 'autumn', properties: { variant: 'C', vendorMessageId: 'mailgun:20260203192030.53383e583ab41f62@sample.mailgun.com' } });
  });

  it('a message-id in angle brackets is the same message as one without', () => {
    const bracketed = { ...MG_DELIVERED, message: { headers: { 'message-id': '<20260203192030.53383e583ab41f62@sample.mailgun.com>' } } };
    expect(mapped(bracketed).messageId).toBe(mapped(MG_DELIVERED).messageId);
  });

  it.each([
    ['suppress-bounce', {}, 'hard'],
    ['suppress-complaint', {}, 'block'],
    ['suppress-unsubscribe', {}, 'block'],
    ['espblock', {}, 'block'],
    ['old', {}, 'soft'],
    ['bounce', { 'bounce-type': 'soft', code: 552 }, 'soft'],
    ['bounce', { 'enhanced-code': '5.7.1', message: 'Message rejected' }, 'block'],
    ['generic', { message: '554 Your IP is on our blocklist' }, 'block'],
    ['bounce', { 'enhanced-code': '5.1.1', message: 'No such user' }, 'hard'],
    [undefined, undefined, 'hard'],
  ])('permanent failure with reason %s and status %j → %s', (reason, status, expected) => {
    expect(mailgunBounceClass(reason, status)).toBe(expected);
  });

  it.each([
    ['stored', { ...MG_ACCEPTED, event: 'stored' }, /inbound message stored/],
    ['list_member_uploaded', { event: 'list_member_uploaded', timestamp: 1770146798 }, /mailing-list upload/],
    ['an accepted inbound message forwarded by a route', { ...MG_ACCEPTED, flags: { 'is-routed': true } }, /forwarded by a route/],
    ['an unknown kind', { ...MG_DELIVERED, event: 'frobnicated' }, /unknown Mailgun event kind/],
  ])('%s is ignored', (_name, data, reason) => {
    const result = parseMailgunWebhook(mailgunBody(data));
    expect(result.events).toEqual([]);
    expect(result.ignored).toEqual([expect.stringMatching(reason)]);
  });

  it.each([
    ['no event name', { ...MG_DELIVERED, event: undefined }, /event-data\.event/],
    ['no timestamp', { ...MG_DELIVERED, timestamp: undefined }, /timestamp/],
    ['no message-id', { ...MG_DELIVERED, message: { headers: {} } }, /no message id/],
  ])('%s is invalid', (_name, data, reason) => {
    const result = parseMailgunWebhook(mailgunBody(data));
    expect(result.events).toEqual([]);
    expect(result.invalid).toEqual([expect.objectContaining({ reason: expect.stringMatching(reason) })]);
  });

  it.each([
    ['a legacy form-style body', { event: 'delivered', recipient: 'a@example.com' }],
    ['an array', []],
    ['event-data that is not an object', { 'event-data': 'delivered' }],
  ])('%s is not a Mailgun webhook (400)', (_name, body) => {
    expect(() => parseMailgunWebhook(body)).toThrow(WebhookPayloadError);
  });
});
