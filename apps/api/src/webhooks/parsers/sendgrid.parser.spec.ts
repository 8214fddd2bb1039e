import {
  SG_ACCOUNT_STATUS_CHANGE,
  SG_BLOCKED,
  SG_BOUNCE,
  SG_CLICK,
  SG_DEFERRED,
  SG_DELIVERED,
  SG_DROPPED,
  SG_GROUP_RESUBSCRIBE,
  SG_GROUP_UNSUBSCRIBE,
  SG_MACHINE_OPEN,
  SG_OPEN,
  SG_PROCESSED,
  SG_SINGLE_SEND_OPEN,
  SG_SPAMREPORT,
  SG_UNSUBSCRIBE,
} from './fixtures/sendgrid.examples';
import { WebhookPayloadError } from './parse-result';
import { parseSendGridEvents, sendGridBounceClass, sendGridDropClass, sendGridMessageKey } from './sendgrid.parser';

const MESSAGE = 'sendgrid:14c5d75ce93.dfd.64b469:alex@example.com';

describe('parseSendGridEvents: every event kind (SendGrid Event Webhook Reference)', () => {
  it.each([
    ['processed', SG_PROCESSED, { type: 'email.sent', properties: {} }],
    ['deferred', SG_DEFERRED, { type: 'email.deferred', properties: { reason: '400 try again later', attempt: 5 } }],
    ['delivered', SG_DELIVERED, { type: 'email.delivered', properties: { smtpResponse: '250 OK' } }],
    ['open', SG_OPEN, { type: 'email.opened', properties: { ip: '255.255.255.255', vendorMachineOpen: false } }],
    ['machine open (sg_machine_open)', SG_MACHINE_OPEN, { type: 'email.opened', properties: { vendorMachineOpen: true, prefetch: true } }],
    [
      'bounce',
      SG_BOUNCE,
      { type: 'email.bounced', properties: { bounceClass: 'hard', reason: '500 unknown recipient', smtpCode: '5.0.0', bounceType: 'bounce', bounceClassification: 'Invalid Address' } },
    ],
    ['dropped', SG_DROPPED, { type: 'email.bounced', properties: { bounceClass: 'hard', reason: 'Bounced Address', dropped: true } }],
    ['spamreport', SG_SPAMREPORT, { type: 'email.complained', properties: {} }],
    ['unsubscribe', SG_UNSUBSCRIBE, { type: 'email.unsubscribed', properties: { source: 'link' } }],
    ['group_unsubscribe', SG_GROUP_UNSUBSCRIBE, { type: 'email.unsubscribed', properties: { source: 'link', list: '10' } }],
  ])('%s', (_name, event, expected) => {
    const result = parseSendGridEvents([event]);
    expect(result.ignored).toEqual([]);
    expect(result.invalid).toEqual([]);
    expect(result.events).toEqual([
      expect.objectContaining({ id: `sendgrid:${event.sg_event_id}`, occurredAt: '2017-12-15T00:59:29.000Z', messageId: MESSAGE, contact: { email: 'alex@example.com' }, ...expected, properties: expect.objectContaining({ ...expected.properties, esp: 'sendgrid', vendorEvent: event.event }) }),
    ]);
  });

  it('click: url, user agent and the link offset', () => {
    const [event] = parseSendGridEvents([SG_CLICK]).events;
    expect(event).toMatchObject({
      type: 'email.clicked',
      occurredAt: '2009-08-11T00:00:00.000Z',
      messageId: 'sendgrid:sendgrid_internal_message_id:email@example.com',
      properties: { url: 'http://example.com/blog/news.html', urlOffset: { index: 0, type: 'html' }, category: ['category1', 'category2'], ip: '255.255.255.255' },
    });
  });

  it('processed and later events land on one message although their sg_message_id suffixes differ; a leading space is trimmed', () => {
    const ids = parseSendGridEvents([SG_PROCESSED, SG_DELIVERED, SG_DEFERRED]).events.map((e) => e.messageId);
    expect(new Set(ids)).toEqual(new Set([MESSAGE]));
  });

  it.each([
    ['group_resubscribe', SG_GROUP_RESUBSCRIBE, /no resubscribe event/],
    ['account_status_change', SG_ACCOUNT_STATUS_CHANGE, /account event/],
    ['an unknown kind', { ...SG_DELIVERED, event: 'frobnicated' }, /unknown SendGrid event kind/],
  ])('%s is ignored', (_name, event, reason) => {
    const result = parseSendGridEvents([event]);
    expect(result.events).toEqual([]);
    expect(result.ignored).toEqual([expect.stringMatching(reason)]);
  });

  it('custom args carry our message, campaign and variant', () => {
    const [event] = parseSendGridEvents([{ ...SG_DELIVERED, mailpulse_message_id: 'm-7', mailpulse_campaign_id: 'spring', mailpulse_variant: 'A' }]).events;
    expect(event).toMatchObject({ messageId: 'm-7', campaignId: 'spring', properties: { variant: 'A', vendorMessageId: MESSAGE } });
  });

  it('a Single Send open dated in epoch milliseconds', () => {
    expect(parseSendGridEvents([SG_SINGLE_SEND_OPEN]).events[0]).toMatchObject({ occurredAt: '2020-06-09T18:19:12.372Z', messageId: 'sendgrid:sendgrid_internal_message_id:alex@example.com' });
  });

  it('an asynchronous bounce without sg_message_id falls back to smtp-id', () => {
    expect(parseSendGridEvents([{ ...SG_BOUNCE, sg_message_id: undefined }]).events[0]!.messageId).toBe(MESSAGE);
  });

  it('a batch maps each event and reports the unusable ones by position', () => {
    const result = parseSendGridEvents([SG_DELIVERED, 'not an event', { ...SG_OPEN, timestamp: 'soon' }, { event: 'open', timestamp: 1513299569, email: 'a@example.com' }]);
    expect(result.events).toHaveLength(1);
    expect(result.invalid.map((i) => i.reason)).toEqual([expect.stringMatching(/^event 1: not a SendGrid event/), expect.stringMatching(/event 2\).*timestamp/), expect.stringMatching(/event 3\).*no message id/)]);
  });

  it('an event without sg_event_id gets no id, so the server derives one from its content', () => {
    expect(parseSendGridEvents([{ ...SG_DELIVERED, sg_event_id: undefined }]).events[0]).not.toHaveProperty('id');
  });

  it.each([
    ['an object', { event: 'open' }],
    ['a string', 'x'],
    ['null', null],
  ])('%s body is not a SendGrid batch (400)', (_name, body) => {
    expect(() => parseSendGridEvents(body)).toThrow(WebhookPayloadError);
  });
});

describe('SendGrid classification tables', () => {
  it.each([
    ['bounce', 'Invalid Address', 'hard'],
    ['blocked', 'Invalid Address', 'hard'],
    ['bounce', 'Mailbox Unavailable', 'hard'],
    ['blocked', 'Mailbox Unavailable', 'soft'],
    ['bounce', 'Technical', 'soft'],
    ['blocked', 'Frequency/Volume', 'soft'],
    ['bounce', 'Frequency or Volume Too High', 'soft'],
    ['bounce', 'Content', 'block'],
    ['blocked', 'Reputation', 'block'],
    ['bounce', 'Unclassified', 'hard'],
    ['blocked', 'Unclassified', 'block'],
    ['bounce', undefined, 'hard'],
    ['blocked', undefined, 'block'],
  ])('bounce type %s, classification %s → %s', (type, classification, expected) => {
    expect(sendGridBounceClass(type, classification)).toBe(expected);
  });

  it('the documented blocked example keeps its classification', () => {
    expect(parseSendGridEvents([SG_BLOCKED]).events[0]!.properties).toMatchObject({ bounceClass: 'hard', bounceType: 'blocked' });
  });

  it.each([
    ['Bounced Address', 'hard'],
    ['Invalid', 'hard'],
    ['Unsubscribed Address', 'block'],
    ['Spam Reporting Address', 'block'],
    ['Invalid SMTPAPI header', 'block'],
    ['Spam Content (if spam checker app enabled)', 'block'],
    ['Recipient List over Package Quota', 'block'],
    [undefined, 'block'],
  ])('dropped for %s → %s', (reason, expected) => {
    expect(sendGridDropClass(reason)).toBe(expected);
  });

  it.each([
    ['14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0', undefined, '14c5d75ce93.dfd.64b469'],
    ['wrfRRvF7Q0GgwUo2CvDmEA.filter0425p1mdw1.13037.57168B4A1D.0', undefined, 'wrfRRvF7Q0GgwUo2CvDmEA'],
    ['5lFl7Fr1Rjme_EyzNNB_5A.stfilter-015.5185.55F883172.0', undefined, '5lFl7Fr1Rjme_EyzNNB_5A'],
    ['euo2iKxdSayPF4YE4--I7A.recvd-5f54b5d587-pczjm-1-67BADEEA-6.0', undefined, 'euo2iKxdSayPF4YE4--I7A'],
    ['filter0093p1las1.9128.5717FB8127.0', '<wrfRRvF7Q0GgwUo2CvDmEA@ismtpd0006p1sjc2.sendgrid.net>', 'wrfRRvF7Q0GgwUo2CvDmEA'],
    [undefined, '<14c5d75ce93.dfd.64b469@ismtpd-555>', '14c5d75ce93.dfd.64b469'],
    [undefined, '', undefined],
  ])('message key of %s / %s is %s', (sgMessageId, smtpId, expected) => {
    expect(sendGridMessageKey(sgMessageId, smtpId)).toBe(expected);
  });
});
