import { formFields } from './form-fields';
import { mailgunLegacyToEventData } from './mailgun-legacy';
import { parseMailgunWebhook } from './mailgun.parser';

// Field names and values as Mailgun's legacy webhook documentation lists them per event.
const BASE = { recipient: 'alice@example.com', domain: 'mg.example.com', timestamp: '1368818422', token: 'a'.repeat(50), signature: 'f'.repeat(64), 'Message-Id': '<20130503182626.18666.16540@mg.example.com>' };

describe('mailgunLegacyToEventData → parseMailgunWebhook', () => {
  it.each<[string, Record<string, string>, Record<string, unknown>]>([
    ['delivered', { event: 'delivered' }, { type: 'email.delivered' }],
    ['opened', { event: 'opened', ip: '192.0.2.7', 'user-agent': 'Mozilla/5.0', 'client-type': 'browser' }, { type: 'email.opened', properties: expect.objectContaining({ ip: '192.0.2.7', userAgent: 'Mozilla/5.0' }) }],
    ['clicked', { event: 'clicked', url: 'https://example.com/a' }, { type: 'email.clicked', properties: expect.objectContaining({ url: 'https://example.com/a' }) }],
    ['unsubscribed', { event: 'unsubscribed' }, { type: 'email.unsubscribed' }],
    ['complained', { event: 'complained' }, { type: 'email.complained' }],
    ['bounced', { event: 'bounced', code: '550', error: '5.1.1 user unknown' }, { type: 'email.bounced', properties: expect.objectContaining({ bounceClass: 'hard', smtpCode: 550, reason: '5.1.1 user unknown', vendorReason: 'bounce' }) }],
    ['bounced by policy', { event: 'bounced', code: '554', error: '5.7.1 blocked by policy' }, { type: 'email.bounced', properties: expect.objectContaining({ bounceClass: 'block' }) }],
    ['dropped, hardfail', { event: 'dropped', reason: 'hardfail', description: 'previously bounced' }, { type: 'email.bounced', properties: expect.objectContaining({ bounceClass: 'hard', vendorReason: 'suppress-bounce' }) }],
    ['dropped, old', { event: 'dropped', reason: 'old' }, { type: 'email.bounced', properties: expect.objectContaining({ bounceClass: 'soft', vendorReason: 'old' }) }],
  ])('%s', (_name, fields, expected) => {
    const { events, invalid, ignored } = parseMailgunWebhook(mailgunLegacyToEventData({ ...BASE, ...fields }));
    expect([invalid, ignored]).toEqual([[], []]);
    expect(events).toEqual([expect.objectContaining({ ...expected, messageId: 'mailgun:20130503182626.18666.16540@mg.example.com', occurredAt: '2013-05-17T19:20:22.000Z', contact: { email: 'alice@example.com' } })]);
  });

  it('keeps the signature fields for the check, uses the token as the event id and reads mailpulse_* variables', () => {
    const body = mailgunLegacyToEventData({ ...BASE, event: 'delivered', mailpulse_message_id: 'msg-9', mailpulse_campaign_id: 'c', other_var: 'x' });
    expect(body['signature']).toEqual({ timestamp: BASE.timestamp, token: BASE.token, signature: BASE.signature });
    const [event] = parseMailgunWebhook(body).events;
    expect(event).toMatchObject({ id: `mailgun:${BASE.token}`, messageId: 'msg-9', campaignId: 'c' });
  });

  it('an event kind Mailgun\'s legacy webhooks do not have is ignored; one without a timestamp is invalid', () => {
    expect(parseMailgunWebhook(mailgunLegacyToEventData({ ...BASE, event: 'frobnicated' })).ignored).toEqual([expect.stringMatching(/unknown Mailgun event kind/)]);
    expect(parseMailgunWebhook(mailgunLegacyToEventData({ ...BASE, event: 'delivered', timestamp: 'soon' })).invalid).toHaveLength(1);
  });
});

describe('formFields', () => {
  it.each<[string, string, string, Record<string, string> | null]>([
    ['URL-encoded', 'application/x-www-form-urlencoded', 'event=delivered&recipient=alice%40example.com&event=again', { event: 'delivered', recipient: 'alice@example.com' }],
    [
      'multipart, file parts skipped',
      'multipart/form-data; boundary=XyZ',
      '--XyZ\r\nContent-Disposition: form-data; name="event"\r\n\r\nbounced\r\n--XyZ\r\nContent-Disposition: form-data; name="attachment-1"; filename="a.txt"\r\n\r\nfile\r\n--XyZ\r\nContent-Disposition: form-data; name="error"\r\n\r\nline 1\r\nline 2\r\n--XyZ--\r\n',
      { event: 'bounced', error: 'line 1\r\nline 2' },
    ],
    ['multipart with a quoted boundary', 'multipart/form-data; boundary="a b"', '--a b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--a b--', { x: '1' }],
    ['multipart without a boundary', 'multipart/form-data', '--x\r\n', null],
    ['JSON', 'application/json', '{}', null],
  ])('%s', (_name, contentType, body, expected) => {
    expect(formFields(contentType, Buffer.from(body))).toEqual(expected);
  });
});
