import {
  SES_BOUNCE,
  SES_CLICK,
  SES_COMPLAINT,
  SES_DELIVERY,
  SES_DELIVERY_DELAY,
  SES_IDENTITY_BOUNCE,
  SES_OPEN,
  SES_REJECT,
  SES_RENDERING_FAILURE,
  SES_SEND,
  SES_SUBSCRIPTION,
  SES_SUBSCRIPTION_SUCCEEDED,
  snsNotification,
  SNS_SUBSCRIPTION_CONFIRMATION,
  SNS_UNSUBSCRIBE_CONFIRMATION,
} from './fixtures/ses.examples';
import { WebhookPayloadError } from './parse-result';
import { parseSesNotification, parseSesRawMessage, sesBounceClass } from './ses.parser';

const SNS_ID = '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324';
const SES_ID = 'ses:EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000';

function mapped(record: unknown) {
  const result = parseSesNotification(snsNotification(record));
  expect(result.invalid).toEqual([]);
  expect(result.ignored).toEqual([]);
  return result.events;
}

describe('parseSesNotification: every SES event type (AWS examples)', () => {
  it.each([
    ['Send', SES_SEND, { type: 'email.sent', occurredAt: '2016-10-14T05:02:16.645Z', properties: { subject: 'Message sent from Amazon SES', sendingDomain: 'example.com' } }],
    ['Delivery', SES_DELIVERY, { type: 'email.delivered', occurredAt: '2016-10-19T23:21:04.133Z', properties: { smtpResponse: '250 2.6.0 Message received', processingTimeMillis: 11893 } }],
    [
      'Bounce (Permanent/General)',
      SES_BOUNCE,
      { type: 'email.bounced', occurredAt: '2017-08-05T00:41:02.669Z', properties: { bounceClass: 'hard', reason: 'smtp; 550 5.1.1 user unknown', smtpCode: '5.1.1', bounceType: 'Permanent', bounceSubType: 'General' } },
    ],
    ['Complaint', SES_COMPLAINT, { type: 'email.complained', occurredAt: '2017-08-05T00:41:02.669Z', properties: { feedbackType: 'abuse' } }],
    ['Reject', SES_REJECT, { type: 'email.bounced', occurredAt: '2016-10-14T17:38:15.211Z', properties: { bounceClass: 'block', reason: 'Bad content' } }],
    [
      'Open',
      SES_OPEN,
      { type: 'email.opened', occurredAt: '2017-08-09T22:00:19.652Z', properties: { ip: '192.0.2.1', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 10_3_3 like Mac OS X) AppleWebKit/603.3.8 (KHTML, like Gecko) Mobile/14G60' } },
    ],
    [
      'Click',
      SES_CLICK,
      { type: 'email.clicked', occurredAt: '2017-08-09T23:51:25.570Z', properties: { url: 'http://docs.aws.amazon.com/ses/latest/DeveloperGuide/send-email-smtp.html', ip: '192.0.2.1', linkTags: SES_CLICK.click.linkTags } },
    ],
    [
      'Rendering Failure',
      SES_RENDERING_FAILURE,
      { type: 'email.bounced', occurredAt: '2018-01-22T18:43:06.197Z', properties: { bounceClass: 'block', templateName: 'MyTemplate', reason: "template MyTemplate failed to render: Attribute 'attributeName' is not present in the rendering data." } },
    ],
    [
      'DeliveryDelay',
      SES_DELIVERY_DELAY,
      {
        type: 'email.deferred',
        occurredAt: '2020-06-16T00:25:40.095Z',
        properties: { reason: 'smtp; 421 4.4.1 Unable to connect to remote host', delayType: 'TransientCommunicationFailure', smtpStatus: '4.4.1', expiresAt: '2020-06-16T00:25:40.914Z' },
      },
    ],
  ])('%s', (_name, record, expected) => {
    const [event, ...rest] = mapped(record);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ id: `ses:${SNS_ID}`, messageId: SES_ID, contact: { email: record === SES_REJECT ? 'sender@example.com' : 'recipient@example.com' }, ...expected });
    expect(event!.properties).toMatchObject({ esp: 'ses', vendorEvent: record.eventType });
    expect(event).not.toHaveProperty('campaignId');
  });

  it('Subscription: an opt-out of everything is an unsubscribe from the List-Unsubscribe header', () => {
    const [event] = mapped(SES_SUBSCRIPTION);
    expect(event).toMatchObject({
      type: 'email.unsubscribed',
      occurredAt: '2022-01-12T01:00:17.910Z',
      messageId: 'ses:EXAMPLEe4bccb684-777bc8de-afa7-4970-92b0-f515137b1497-000000',
      properties: { source: 'header', list: 'ContactListName', unsubscribeAll: true, vendorSource: 'UnsubscribeHeader' },
    });
  });

  it('Subscription: opting out of one topic newly is an unsubscribe naming the topic; opting in is ignored', () => {
    const topic = (status: string) => ({ unsubscribeAll: false, topicSubscriptionStatus: [{ topicName: 'Weekly', subscriptionStatus: status }] });
    const optOut = { ...SES_SUBSCRIPTION, subscription: { ...SES_SUBSCRIPTION.subscription, source: 'UnsubscribeLink', newTopicPreferences: topic('OptOut'), oldTopicPreferences: topic('OptIn') } };
    expect(mapped(optOut)[0]).toMatchObject({ type: 'email.unsubscribed', properties: { source: 'link', topics: ['Weekly'] } });
    const optIn = { ...SES_SUBSCRIPTION, subscription: { ...SES_SUBSCRIPTION.subscription, newTopicPreferences: topic('OptIn'), oldTopicPreferences: topic('OptOut') } };
    const result = parseSesNotification(snsNotification(optIn));
    expect(result.events).toEqual([]);
    expect(result.ignored).toEqual([expect.stringMatching(/no new opt-out/)]);
  });
});

describe('parseSesNotification: the awkward ones', () => {
  it('an identity notification (notificationType, no tags) naming two recipients gives two events with their own ids', () => {
    const events = mapped(SES_IDENTITY_BOUNCE);
    expect(events).toEqual([
      expect.objectContaining({ id: `ses:${SNS_ID}:0`, contact: { email: 'jane@example.com' }, properties: expect.objectContaining({ bounceClass: 'hard', reason: 'smtp; 550 5.1.1 <jane@example.com>... User unknown' }) }),
      expect.objectContaining({ id: `ses:${SNS_ID}:1`, contact: { email: 'richard@example.com' } }),
    ]);
    expect(events[0]!.messageId).toBe('ses:00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000');
  });

  it('mailpulse_* tags become the message, campaign and variant; the SES id is kept', () => {
    const tagged = { ...SES_OPEN, mail: { ...SES_OPEN.mail, tags: { ...SES_OPEN.mail.tags, mailpulse_message_id: ['m-42'], mailpulse_campaign_id: ['spring'], mailpulse_variant: ['B'] } } };
    const [event] = mapped(tagged);
    expect(event).toMatchObject({ messageId: 'm-42', campaignId: 'spring', properties: { variant: 'B', vendorMessageId: SES_ID } });
  });

  it.each([
    ['Permanent', 'General', 'hard'],
    ['Permanent', 'NoEmail', 'hard'],
    ['Permanent', 'Suppressed', 'hard'],
    ['Permanent', 'OnAccountSuppressionList', 'hard'],
    ['Transient', 'General', 'soft'],
    ['Transient', 'MailboxFull', 'soft'],
    ['Transient', 'MessageTooLarge', 'soft'],
    ['Transient', 'ContentRejected', 'block'],
    ['Transient', 'AttachmentRejected', 'block'],
    ['Undetermined', 'Undetermined', 'soft'],
    [undefined, undefined, 'soft'],
  ])('bounce %s/%s is %s', (bounceType, subType, expected) => {
    expect(sesBounceClass(bounceType, subType)).toBe(expected);
  });

  it('a complaint with complaintSubType OnAccountSuppressionList is a hard bounce (SES did not send), not a complaint', () => {
    const suppressed = { ...SES_COMPLAINT, complaint: { ...SES_COMPLAINT.complaint, complaintSubType: 'OnAccountSuppressionList' } };
    expect(mapped(suppressed)[0]).toMatchObject({ type: 'email.bounced', properties: { bounceClass: 'hard', complaintSubType: 'OnAccountSuppressionList' } });
  });

  it('a bounce without its own timestamp falls back to the SNS Timestamp', () => {
    const noTime = { ...SES_BOUNCE, bounce: { ...SES_BOUNCE.bounce, timestamp: undefined } };
    expect(mapped(noTime)[0]!.occurredAt).toBe('2012-05-02T00:54:06.655Z');
  });

  it('a diagnostic code longer than the schema allows is cut, and NUL characters are replaced', () => {
    const long = { ...SES_BOUNCE, bounce: { ...SES_BOUNCE.bounce, bouncedRecipients: [{ emailAddress: 'recipient@example.com', diagnosticCode: `smtp; 550 \u0000${'x'.repeat(2000)}` }] } };
    const reason = mapped(long)[0]!.properties!['reason'] as string;
    expect(reason).toHaveLength(1024);
    expect(reason).toContain('\ufffd');
  });

  it('an open with an invalid IP keeps the event and drops the IP', () => {
    const badIp = { ...SES_OPEN, open: { ...SES_OPEN.open, ipAddress: '999.1.1.1' } };
    expect(mapped(badIp)[0]!.properties).not.toHaveProperty('ip');
  });

  it.each([
    ['the SES "topic validated" notice', 'Successfully validated SNS topic for Amazon SES event publishing.', /not an SES event/],
    ['AmazonSnsSubscriptionSucceeded', SES_SUBSCRIPTION_SUCCEEDED, /topic was subscribed/],
    ['an inbound Received notification', { notificationType: 'Received', mail: {} }, /inbound/],
    ['an unknown SES event type', { eventType: 'Frobnicated', mail: SES_SEND.mail }, /unknown SES event type/],
    ['JSON without eventType', { hello: 'world' }, /no eventType/],
  ])('%s is ignored', (_name, message, reason) => {
    const result = parseSesNotification(snsNotification(message));
    expect(result.events).toEqual([]);
    expect(result.ignored).toEqual([expect.stringMatching(reason)]);
  });

  it('an SES event without a message id is invalid (dead-lettered), not dropped silently', () => {
    const noId = { ...SES_DELIVERY, mail: { ...SES_DELIVERY.mail, messageId: undefined } };
    const result = parseSesNotification(snsNotification(noId));
    expect(result.events).toEqual([]);
    expect(result.invalid).toEqual([expect.objectContaining({ reason: expect.stringMatching(/no message id/) })]);
  });

  it('an SES event without mail is invalid', () => {
    const result = parseSesNotification(snsNotification({ eventType: 'Send', send: {} }));
    expect(result.invalid).toEqual([expect.objectContaining({ reason: expect.stringMatching(/mail is missing/) })]);
  });
});

describe('parseSesNotification: SNS subscription messages', () => {
  it('a SubscriptionConfirmation comes back as a confirmation to record, with no events', () => {
    const result = parseSesNotification(SNS_SUBSCRIPTION_CONFIRMATION);
    expect(result.events).toEqual([]);
    expect(result.confirmation).toEqual({
      type: 'SubscriptionConfirmation',
      messageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
      topicArn: 'arn:aws:sns:us-west-2:123456789012:MyTopic',
      subscribeUrl: SNS_SUBSCRIPTION_CONFIRMATION.SubscribeURL,
      token: SNS_SUBSCRIPTION_CONFIRMATION.Token,
      message: SNS_SUBSCRIPTION_CONFIRMATION.Message,
      sentAt: '2012-04-26T20:45:04.751Z',
      signingCertUrl: 'https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
    });
  });

  it('an UnsubscribeConfirmation is recorded too', () => {
    expect(parseSesNotification(SNS_UNSUBSCRIBE_CONFIRMATION).confirmation).toMatchObject({ type: 'UnsubscribeConfirmation' });
  });

  it('an unknown SNS message type is ignored', () => {
    expect(parseSesNotification({ ...SNS_SUBSCRIPTION_CONFIRMATION, Type: 'Frobnication' }).ignored).toEqual([expect.stringMatching(/unknown SNS message type/)]);
  });

  it.each([
    ['an array', [], 'body'],
    ['a string', 'hello', 'body'],
    ['an object without Type', { MessageId: 'x' }, 'Type'],
    ['an object without MessageId', { Type: 'Notification' }, 'MessageId'],
    ['a confirmation without SubscribeURL', { ...SNS_SUBSCRIPTION_CONFIRMATION, SubscribeURL: undefined }, 'SubscribeURL'],
  ])('%s is not an SNS message (400)', (_name, body, field) => {
    expect(() => parseSesNotification(body)).toThrow(WebhookPayloadError);
    try {
      parseSesNotification(body);
    } catch (err) {
      expect((err as WebhookPayloadError).field).toBe(field);
    }
  });
});

describe('parseSesRawMessage: SNS raw message delivery (the SES record is the body)', () => {
  it.each([
    ['Send', SES_SEND, 'email.sent'],
    ['Delivery', SES_DELIVERY, 'email.delivered'],
    ['Bounce', SES_BOUNCE, 'email.bounced'],
    ['Complaint', SES_COMPLAINT, 'email.complained'],
    ['Open', SES_OPEN, 'email.opened'],
    ['Click', SES_CLICK, 'email.clicked'],
    ['DeliveryDelay', SES_DELIVERY_DELAY, 'email.deferred'],
  ])('%s maps as it does inside an SNS envelope, with the id from the x-amz-sns-message-id header', (_name, record, type) => {
    const raw = parseSesRawMessage(record, SNS_ID);
    expect(raw.invalid).toEqual([]);
    expect(raw.events).toEqual(parseSesNotification(snsNotification(record)).events);
    expect(raw.events[0]).toMatchObject({ id: `ses:${SNS_ID}`, type, messageId: SES_ID });
  });

  it('ignores what is not about sending, as in an envelope', () => {
    expect(parseSesRawMessage(SES_SUBSCRIPTION_SUCCEEDED, SNS_ID).ignored).toEqual(parseSesNotification(snsNotification(SES_SUBSCRIPTION_SUCCEEDED)).ignored);
    expect(parseSesRawMessage({ hello: 'world' }, SNS_ID)).toMatchObject({ events: [], ignored: [expect.stringMatching(/no eventType or notificationType/)] });
  });

  it('a bounce without its own timestamp has no SNS Timestamp to fall back on: invalid (dead-lettered)', () => {
    const bounce = { ...SES_BOUNCE.bounce, timestamp: undefined };
    expect(parseSesRawMessage({ ...SES_BOUNCE, bounce, mail: { ...SES_BOUNCE.mail, timestamp: undefined } }, SNS_ID).invalid).toEqual([
      expect.objectContaining({ reason: `SES Bounce ${SNS_ID}: no usable timestamp` }),
    ]);
  });

  it.each([
    ['an array', []],
    ['a string', 'hello'],
    ['null', null],
  ])('%s is not an SES record (400 naming the body)', (_name, body) => {
    expect(() => parseSesRawMessage(body, SNS_ID)).toThrow(expect.objectContaining({ field: 'body' }));
  });
});
