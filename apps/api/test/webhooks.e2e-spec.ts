import { Pool } from 'pg';
import { MG_ACCEPTED, MG_CLICKED, MG_COMPLAINED, MG_DELIVERED, MG_FAILED_PERMANENT, MG_FAILED_TEMPORARY, MG_OPENED_BY_APPLE, MG_UNSUBSCRIBED } from '../src/webhooks/parsers/fixtures/mailgun.examples';
import { PM_BOUNCE_JSON, PM_CLICK, PM_DELIVERY, PM_OPEN, PM_SPAM_COMPLAINT, PM_SUBSCRIPTION_CHANGE_UNSUBSCRIBE } from '../src/webhooks/parsers/fixtures/postmark.examples';
import { SG_BLOCKED, SG_BOUNCE, SG_CLICK, SG_DEFERRED, SG_DELIVERED, SG_DROPPED, SG_GROUP_RESUBSCRIBE, SG_GROUP_UNSUBSCRIBE, SG_MACHINE_OPEN, SG_PROCESSED, SG_SPAMREPORT, SG_UNSUBSCRIBE } from '../src/webhooks/parsers/fixtures/sendgrid.examples';
import {
  SES_BOUNCE,
  SES_CLICK,
  SES_COMPLAINT,
  SES_DELIVERY,
  SES_DELIVERY_DELAY,
  SES_OPEN,
  SES_SEND,
  snsNotification,
  SNS_SUBSCRIPTION_CONFIRMATION,
} from '../src/webhooks/parsers/fixtures/ses.examples';
import { makeSendGridKeyPair, makeSnsSigningCertificate, signMailgun, signSendGridBody, signSnsMessage } from '../src/webhooks/verifiers/fixtures/signing-keys';
import { WebhookEndpointService } from '../src/webhooks/webhook-endpoint.service';
import { buildVerification, VerificationFlags } from '../src/webhooks/webhook-settings';
import type { WebhookVendor } from '../src/webhooks/webhook-vendor';
import { startTestApp, TestApp, uniqueId } from './support/test-app';
import { testDatabaseUrl } from './support/test-database';

// Response bodies are read field by field in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseJson = Record<string, any>;

interface EventRow {
  id: string;
  type: string;
  message_id: string;
  campaign_id: string | null;
  contact_email: string | null;
  variant: string | null;
  verdict: string;
  occurred_at: Date;
  properties: LooseJson;
}

describe('ESP webhooks over HTTP', () => {
  let t: TestApp;
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await Promise.all([t.close(), pool.end()]);
  });

  async function newEndpoint(vendor: WebhookVendor, flags: VerificationFlags = {}) {
    const workspace = await t.newWorkspace();
    const created = await t.app.get(WebhookEndpointService).create(workspace.workspaceId, buildVerification(vendor, flags));
    return { ...workspace, ...created };
  }

  async function post(path: string, body: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as LooseJson };
  }

  async function eventsOf(workspaceId: string): Promise<EventRow[]> {
    const { rows } = await pool.query<EventRow>(
      'SELECT id, type, message_id, campaign_id, contact_email, variant, verdict, occurred_at, properties FROM events WHERE workspace_id = $1 ORDER BY occurred_at, id',
      [workspaceId],
    );
    return rows;
  }

  async function deadLettersOf(workspaceId: string) {
    const { rows } = await pool.query<{ source: string; reason: string; field: string | null; payload: unknown; raw: string | null }>(
      'SELECT source, reason, field, payload, raw FROM dead_letters WHERE workspace_id = $1 ORDER BY id',
      [workspaceId],
    );
    return rows;
  }

  /** Event times relative to one instant, so an expectation computes the same time as the request did. */
  const NOW = Math.floor(Date.now() / 1000) * 1000;
  const minutesAgo = (m: number) => new Date(NOW - m * 60_000);

  describe('SES via SNS', () => {
    const { privateKeyPem, certificatePem } = makeSnsSigningCertificate();
    /** The record with every timestamp moved to `at`, wrapped and signed as SNS sends it. */
    const signed = (record: unknown, snsMessageId: string, at: Date, version: '1' | '2' = '2') => {
      const fresh = JSON.stringify(record).replace(/"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/g, JSON.stringify(at.toISOString()));
      return JSON.stringify(signSnsMessage(snsNotification(fresh, { MessageId: snsMessageId, Timestamp: at.toISOString() }), privateKeyPem, version));
    };
    const sns = (path: string, body: string) => post(path, body, { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' });

    it('records a signed SubscriptionConfirmation once and lists its SubscribeURL for read keys', async () => {
      const ep = await newEndpoint('ses', { snsCertificates: [certificatePem] });
      const body = JSON.stringify(signSnsMessage(SNS_SUBSCRIPTION_CONFIRMATION, privateKeyPem, '1'));
      expect(await sns(ep.path, body)).toEqual({ status: 200, body: { accepted: 0, duplicates: 0, ignored: 0, rejected: [], subscription: 'recorded' } });
      expect((await sns(ep.path, body)).status).toBe(200);

      const list = await fetch(`${t.baseUrl}/v1/webhooks/subscriptions`, { headers: { authorization: `Bearer ${ep.readKey}` } });
      expect(list.status).toBe(200);
      expect(((await list.json()) as LooseJson)['subscriptions']).toEqual([
        expect.objectContaining({
          endpointId: ep.endpointId,
          type: 'SubscriptionConfirmation',
          topicArn: SNS_SUBSCRIPTION_CONFIRMATION.TopicArn,
          subscribeUrl: SNS_SUBSCRIPTION_CONFIRMATION.SubscribeURL,
          sentAt: '2012-04-26T20:45:04.751Z',
          signingCertUrl: SNS_SUBSCRIPTION_CONFIRMATION.SigningCertURL,
        }),
      ]);
      const withIngestKey = await fetch(`${t.baseUrl}/v1/webhooks/subscriptions`, { headers: { authorization: `Bearer ${ep.ingestKey}` } });
      expect(withIngestKey.status).toBe(403);
      expect((await fetch(`${t.baseUrl}/v1/webhooks/subscriptions`)).status).toBe(401);
    });

    describe('raw message delivery (the SES record is the body, SNS facts in x-amz-sns-* headers)', () => {
      const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ses-events';
      const raw = (path: string, record: unknown, snsMessageId: string, headers: Record<string, string> = {}) =>
        post(path, JSON.stringify(record).replace(/"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/g, JSON.stringify(minutesAgo(5).toISOString())), {
          'content-type': 'text/plain; charset=UTF-8',
          'x-amz-sns-message-type': 'Notification',
          'x-amz-sns-message-id': snsMessageId,
          'x-amz-sns-topic-arn': TOPIC,
          'x-amz-sns-rawdelivery': 'true',
          ...headers,
        });

      it('maps the record as it would inside an envelope; a retry is a duplicate', async () => {
        const ep = await newEndpoint('ses', { snsTopicArns: [TOPIC] });
        expect(await raw(ep.path, SES_DELIVERY, 'raw-delivery-1')).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, ignored: 0, rejected: [] } });
        expect(await raw(ep.path, SES_BOUNCE, 'raw-bounce-1')).toMatchObject({ status: 200, body: { accepted: 1 } });
        expect(await raw(ep.path, SES_BOUNCE, 'raw-bounce-1')).toMatchObject({ status: 200, body: { accepted: 0, duplicates: 1 } });
        const rows = await eventsOf(ep.workspaceId);
        expect(rows.map((r) => [r.id, r.type, r.properties['bounceClass'] ?? null])).toEqual([
          ['ses:raw-bounce-1', 'email.bounced', 'hard'],
          ['ses:raw-delivery-1', 'email.delivered', null],
        ]);
      });

      it('is refused (401) by an endpoint that checks SNS signatures, and from a topic the endpoint does not accept', async () => {
        const signedEp = await newEndpoint('ses', { snsCertificates: [certificatePem] });
        const refused = await raw(signedEp.path, SES_DELIVERY, 'raw-unsigned');
        expect(refused).toMatchObject({ status: 401, body: { error: { code: 'missing_signature' } } });
        expect(refused.body['error']['message']).toMatch(/raw message delivery carries no SNS signature/);
        const topicEp = await newEndpoint('ses', { snsTopicArns: ['arn:aws:sns:us-east-1:123456789012:other'] });
        expect(await raw(topicEp.path, SES_DELIVERY, 'raw-topic')).toMatchObject({ status: 401, body: { error: { code: 'invalid_signature' } } });
        expect(await eventsOf(signedEp.workspaceId)).toEqual([]);
        expect(await eventsOf(topicEp.workspaceId)).toEqual([]);
      });

      it('answers 400 naming the body when it is not an SES record', async () => {
        const ep = await newEndpoint('ses');
        expect(await raw(ep.path, ['not', 'a', 'record'], 'raw-bad')).toMatchObject({ status: 400, body: { error: { field: 'body' } } });
      });
    });

    it('maps signed SES notifications to events: types, bounce classes, message and campaign ids; a retry is a duplicate', async () => {
      const ep = await newEndpoint('ses', { snsCertificates: [certificatePem] });
      const tagged = (record: typeof SES_SEND | typeof SES_OPEN) => ({
        ...record,
        mail: { ...record.mail, tags: { ...record.mail.tags, mailpulse_message_id: ['msg-ses-1'], mailpulse_campaign_id: ['spring'], mailpulse_variant: ['B'] } },
      });
      const transient = { ...SES_BOUNCE, mail: { ...SES_BOUNCE.mail, messageId: 'ses-transient-1' }, bounce: { ...SES_BOUNCE.bounce, bounceType: 'Transient', bounceSubType: 'MailboxFull' } };
      const notifications: [string, unknown, Date, '1' | '2'][] = [
        ['sns-send', tagged(SES_SEND), minutesAgo(30), '1'],
        ['sns-delivery', SES_DELIVERY, minutesAgo(29), '2'],
        ['sns-open', tagged(SES_OPEN), minutesAgo(28), '2'],
        ['sns-click', SES_CLICK, minutesAgo(27), '2'],
        ['sns-delay', SES_DELIVERY_DELAY, minutesAgo(26), '2'],
        ['sns-bounce', SES_BOUNCE, minutesAgo(25), '2'],
        ['sns-transient', transient, minutesAgo(24), '2'],
        ['sns-complaint', SES_COMPLAINT, minutesAgo(23), '1'],
      ];
      for (const [id, record, at, version] of notifications) {
        expect(await sns(ep.path, signed(record, id, at, version))).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, ignored: 0, rejected: [] } });
      }
      const retry = await sns(ep.path, signed(SES_BOUNCE, 'sns-bounce', minutesAgo(25)));
      expect(retry.body).toEqual({ accepted: 0, duplicates: 1, ignored: 0, rejected: [] });

      const sesMessage = 'ses:EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000';
      const rows = await eventsOf(ep.workspaceId);
      expect(rows.map((r) => [r.id, r.type, r.message_id, r.campaign_id, r.properties['bounceClass'] ?? null])).toEqual([
        ['ses:sns-send', 'email.sent', 'msg-ses-1', 'spring', null],
        ['ses:sns-delivery', 'email.delivered', sesMessage, null, null],
        ['ses:sns-open', 'email.opened', 'msg-ses-1', 'spring', null],
        ['ses:sns-click', 'email.clicked', sesMessage, null, null],
        ['ses:sns-delay', 'email.deferred', sesMessage, null, null],
        ['ses:sns-bounce', 'email.bounced', sesMessage, null, 'hard'],
        ['ses:sns-transient', 'email.bounced', 'ses:ses-transient-1', null, 'soft'],
        ['ses:sns-complaint', 'email.complained', sesMessage, null, null],
      ]);
      expect(rows[0]).toMatchObject({ contact_email: 'recipient@example.com', variant: 'B', occurred_at: minutesAgo(30) });
      expect(rows[2]).toMatchObject({ verdict: 'human', properties: { vendorMessageId: sesMessage, ip: '192.0.2.1' } });
    });

    it('refuses a bad signature (401) and stores nothing', async () => {
      const ep = await newEndpoint('ses', { snsCertificates: [certificatePem] });
      const forged = JSON.parse(signed(SES_DELIVERY, 'sns-forged', minutesAgo(5))) as LooseJson;
      forged['Message'] = String(forged['Message']).replace('250 2.6.0', '550 5.0.0');
      const res = await sns(ep.path, JSON.stringify(forged));
      expect(res.status).toBe(401);
      expect(res.body['error']).toMatchObject({ code: 'invalid_signature', message: expect.stringMatching(/Signature does not match/) });
      const unsigned = await sns(ep.path, JSON.stringify({ ...forged, Signature: undefined }));
      expect(unsigned.body['error']).toMatchObject({ code: 'missing_signature' });
      expect(await eventsOf(ep.workspaceId)).toEqual([]);
    });

    it('a body that is not JSON: 400 and a dead letter with the raw text; one that is not SNS: 400 and a dead letter', async () => {
      const ep = await newEndpoint('ses', { snsCertificates: [certificatePem] });
      const res = await sns(ep.path, '{"Type": "Notification", ');
      expect(res.status).toBe(400);
      expect(res.body['error']).toMatchObject({ code: 'malformed_json', field: 'body' });
      const notSns = await sns(ep.path, '{"hello": "world"}');
      expect(notSns.status).toBe(400);
      expect(notSns.body['error']).toMatchObject({ code: 'invalid_body', field: 'Type' });
      expect(await deadLettersOf(ep.workspaceId)).toEqual([
        { source: 'webhook:ses', reason: expect.stringMatching(/^body: is not valid JSON/), field: 'body', payload: null, raw: '{"Type": "Notification", ' },
        { source: 'webhook:ses', reason: expect.stringMatching(/^Type: is required/), field: 'Type', payload: { hello: 'world' }, raw: null },
      ]);
    });

    it('an unknown SES event type is acknowledged (200) and ignored', async () => {
      const ep = await newEndpoint('ses', { snsCertificates: [certificatePem] });
      const res = await sns(ep.path, signed({ eventType: 'Frobnicated', mail: SES_SEND.mail }, 'sns-unknown', minutesAgo(3)));
      expect(res).toEqual({ status: 200, body: { accepted: 0, duplicates: 0, ignored: 1, rejected: [] } });
    });
  });

  describe('SendGrid', () => {
    const { privateKey, publicKeyBase64 } = makeSendGridKeyPair();
    const sendgrid = (path: string, body: string, timestamp = String(Math.floor(Date.now() / 1000))) =>
      post(path, body, { 'x-twilio-email-event-webhook-signature': signSendGridBody(privateKey, timestamp, body), 'x-twilio-email-event-webhook-timestamp': timestamp });

    it('maps a signed batch of every kind; machine opens are machine; a retried batch is all duplicates', async () => {
      const ep = await newEndpoint('sendgrid', { sendgridPublicKey: publicKeyBase64 });
      const ts = Math.floor(minutesAgo(20).getTime() / 1000);
      const ours = { mailpulse_message_id: 'msg-sg-1', mailpulse_campaign_id: 'launch' };
      const batch = [
        { ...SG_PROCESSED, ...ours },
        SG_DEFERRED,
        { ...SG_DELIVERED, ...ours },
        { ...SG_MACHINE_OPEN, ...ours },
        { ...SG_CLICK, email: 'alex@example.com', sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0' },
        SG_BOUNCE,
        { ...SG_BLOCKED, sg_event_id: 'blocked-1', bounce_classification: 'Reputation' },
        SG_DROPPED,
        SG_SPAMREPORT,
        SG_UNSUBSCRIBE,
        SG_GROUP_UNSUBSCRIBE,
        SG_GROUP_RESUBSCRIBE,
        { ...SG_DELIVERED, event: 'frobnicated', sg_event_id: 'unknown-1' },
      ].map((e, i) => ({ ...e, timestamp: ts + i }));
      // Pretty-printed on purpose: the signature covers these exact bytes, not a re-serialization.
      const body = JSON.stringify(batch, null, 2);
      expect(await sendgrid(ep.path, body)).toEqual({ status: 200, body: { accepted: 11, duplicates: 0, ignored: 2, rejected: [] } });
      expect((await sendgrid(ep.path, body)).body).toEqual({ accepted: 0, duplicates: 11, ignored: 2, rejected: [] });

      const sgMessage = 'sendgrid:14c5d75ce93.dfd.64b469:alex@example.com';
      const rows = await eventsOf(ep.workspaceId);
      expect(rows.map((r) => [r.type, r.message_id, r.campaign_id, r.properties['bounceClass'] ?? null, r.verdict])).toEqual([
        ['email.sent', 'msg-sg-1', 'launch', null, 'unknown'],
        ['email.deferred', sgMessage, null, null, 'unknown'],
        ['email.delivered', 'msg-sg-1', 'launch', null, 'unknown'],
        ['email.opened', 'msg-sg-1', 'launch', null, 'machine'],
        ['email.clicked', sgMessage, null, null, 'human'],
        ['email.bounced', sgMessage, null, 'hard', 'unknown'],
        ['email.bounced', sgMessage, null, 'block', 'unknown'],
        ['email.bounced', sgMessage, null, 'hard', 'unknown'],
        ['email.complained', sgMessage, null, null, 'unknown'],
        ['email.unsubscribed', sgMessage, null, null, 'unknown'],
        ['email.unsubscribed', sgMessage, null, null, 'unknown'],
      ]);
      expect(rows[3]!.properties).toMatchObject({ vendorMachineOpen: true, prefetch: true });
      expect(rows[0]!.id).toBe('sendgrid:rbtnWrG1DVDGGGFHFyun0A==');
    });

    it('refuses a wrong or missing signature (401)', async () => {
      const ep = await newEndpoint('sendgrid', { sendgridPublicKey: publicKeyBase64 });
      const body = JSON.stringify([{ ...SG_DELIVERED, timestamp: Math.floor(Date.now() / 1000) }]);
      const tampered = await post(ep.path, body, { 'x-twilio-email-event-webhook-signature': signSendGridBody(privateKey, '1', body), 'x-twilio-email-event-webhook-timestamp': '2' });
      expect(tampered.status).toBe(401);
      expect(tampered.body['error']).toMatchObject({ code: 'invalid_signature' });
      const unsigned = await post(ep.path, body);
      expect(unsigned.status).toBe(401);
      expect(unsigned.body['error']).toMatchObject({ code: 'missing_signature', message: expect.stringMatching(/X-Twilio-Email-Event-Webhook-Signature/) });
      expect(await eventsOf(ep.workspaceId)).toEqual([]);
    });

    it('a signed body that is not JSON: 400 and a dead letter; a JSON object instead of an array: 400', async () => {
      const ep = await newEndpoint('sendgrid', { sendgridPublicKey: publicKeyBase64 });
      const res = await sendgrid(ep.path, '[{"event": "open",');
      expect(res.status).toBe(400);
      expect(res.body['error']).toMatchObject({ code: 'malformed_json' });
      const object = await sendgrid(ep.path, JSON.stringify(SG_DELIVERED));
      expect(object.body['error']).toMatchObject({ code: 'invalid_body', message: 'body: must be a JSON array of SendGrid events' });
      expect((await deadLettersOf(ep.workspaceId)).map((d) => d.raw ?? d.payload)).toEqual(['[{"event": "open",', SG_DELIVERED]);
    });

    it('events the pipeline refuses are reported and dead-lettered while the rest are stored (still 200)', async () => {
      const ep = await newEndpoint('sendgrid');
      const ts = Math.floor(Date.now() / 1000);
      const res = await post(ep.path, JSON.stringify([{ ...SG_DELIVERED, timestamp: ts }, { ...SG_CLICK, timestamp: ts, url: 'mailto:someone@example.com' }]));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ accepted: 1, duplicates: 0, ignored: 0, rejected: [{ reason: 'sendgrid:sendgrid_internal_event_id: properties.url: must be an http(s) URL', field: 'properties.url' }] });
      expect(await deadLettersOf(ep.workspaceId)).toEqual([expect.objectContaining({ source: 'webhook:sendgrid', field: 'properties.url' })]);
    });
  });

  describe('Mailgun', () => {
    const signingKey = `key-${uniqueId()}`;
    const mailgun = (path: string, eventData: unknown, key = signingKey) => {
      const signature = signMailgun(key, String(Math.floor(Date.now() / 1000)), uniqueId('token-'));
      return post(path, JSON.stringify({ signature, 'event-data': eventData }));
    };

    it('maps each signed event; an Apple MPP open is machine; a retry is a duplicate', async () => {
      const ep = await newEndpoint('mailgun', { mailgunSigningKey: signingKey });
      const at = (m: number) => minutesAgo(m).getTime() / 1000 + 0.6585283;
      const events: [unknown, string][] = [
        [{ ...MG_ACCEPTED, timestamp: at(40), 'user-variables': { mailpulse_message_id: 'msg-mg-1', mailpulse_campaign_id: 'newsletter-7', mailpulse_variant: 'A' } }, 'email.sent'],
        [{ ...MG_DELIVERED, timestamp: at(39) }, 'email.delivered'],
        [{ ...MG_OPENED_BY_APPLE, timestamp: at(38) }, 'email.opened'],
        [{ ...MG_CLICKED, timestamp: at(37) }, 'email.clicked'],
        [{ ...MG_FAILED_TEMPORARY, timestamp: at(36) }, 'email.deferred'],
        [{ ...MG_FAILED_PERMANENT, timestamp: at(35) }, 'email.bounced'],
        [{ ...MG_COMPLAINED, timestamp: at(34) }, 'email.complained'],
        [{ ...MG_UNSUBSCRIBED, timestamp: at(33) }, 'email.unsubscribed'],
      ];
      for (const [data] of events) expect(await mailgun(ep.path, data)).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, ignored: 0, rejected: [] } });
      // Mailgun re-signs a retry with a new token; the event id is what makes it a duplicate.
      expect((await mailgun(ep.path, events[5]![0])).body).toEqual({ accepted: 0, duplicates: 1, ignored: 0, rejected: [] });

      const rows = await eventsOf(ep.workspaceId);
      expect(rows.map((r) => r.type)).toEqual(events.map(([, type]) => type));
      expect(rows[0]).toMatchObject({ id: 'mailgun:CCXMjJ7nQi2N3BPigGOdgQ', message_id: 'msg-mg-1', campaign_id: 'newsletter-7', variant: 'A' });
      expect(rows[2]).toMatchObject({ verdict: 'machine', properties: { vendorMachineOpen: true, prefetch: true, vendorBot: 'apple' } });
      expect(rows[5]).toMatchObject({ message_id: 'mailgun:20260212174255.58bbb7ce85a423e5@mailgun.com', contact_email: 'badrecipient@sample.mailgun.com', properties: { bounceClass: 'hard', smtpCode: 550 } });
      expect(rows[1]!.occurred_at.toISOString()).toBe(new Date(Math.floor(at(39) * 1000)).toISOString());
    });

    it('refuses a signature made with another key (401)', async () => {
      const ep = await newEndpoint('mailgun', { mailgunSigningKey: signingKey });
      const res = await mailgun(ep.path, { ...MG_DELIVERED, timestamp: Date.now() / 1000 }, 'wrong-key');
      expect(res.status).toBe(401);
      expect(res.body['error']).toMatchObject({ code: 'invalid_signature', message: expect.stringMatching(/^mailgun: /) });
    });

    it('malformed JSON: 400 and a dead letter; an unknown event kind: 200 and ignored', async () => {
      const ep = await newEndpoint('mailgun', { mailgunSigningKey: signingKey });
      expect((await post(ep.path, '{"signature": {')).status).toBe(400);
      expect(await deadLettersOf(ep.workspaceId)).toEqual([expect.objectContaining({ source: 'webhook:mailgun', field: 'body', raw: '{"signature": {' })]);
      expect(await mailgun(ep.path, { ...MG_DELIVERED, event: 'frobnicated', timestamp: Date.now() / 1000 })).toEqual({ status: 200, body: { accepted: 0, duplicates: 0, ignored: 1, rejected: [] } });
    });
  });

  describe('Postmark', () => {
    const credentials = { authorization: `Basic ${Buffer.from('postmark:hunter2').toString('base64')}`, 'x-mailpulse-secret': 's3cr3t' };
    /** .NET style, as Postmark writes it: seven fractional digits and a UTC offset. */
    const dotNet = (at: Date) => `${new Date(at.getTime() - 4 * 3_600_000).toISOString().slice(0, 23)}4567-04:00`;

    it('maps every RecordType; the 64-bit bounce ID keeps every digit; a retry is a duplicate', async () => {
      const ep = await newEndpoint('postmark', { postmarkBasicAuth: 'postmark:hunter2', postmarkHeader: 'X-Mailpulse-Secret: s3cr3t' });
      const bounce = PM_BOUNCE_JSON.replace('"2019-11-05T16:33:54.9070259Z"', JSON.stringify(dotNet(minutesAgo(10))));
      const records: [string, string][] = [
        [JSON.stringify({ ...PM_DELIVERY, DeliveredAt: dotNet(minutesAgo(15)), Metadata: { mailpulse_message_id: 'msg-pm-1', mailpulse_campaign_id: 'welcome' } }), 'email.delivered'],
        [JSON.stringify({ ...PM_OPEN, ReceivedAt: dotNet(minutesAgo(14)) }), 'email.opened'],
        [JSON.stringify({ ...PM_CLICK, ReceivedAt: dotNet(minutesAgo(13)) }), 'email.clicked'],
        [JSON.stringify({ ...PM_SPAM_COMPLAINT, BouncedAt: dotNet(minutesAgo(12)) }), 'email.complained'],
        [JSON.stringify({ ...PM_SUBSCRIPTION_CHANGE_UNSUBSCRIBE, ChangedAt: minutesAgo(11).toISOString() }), 'email.unsubscribed'],
        [bounce, 'email.bounced'],
      ];
      for (const [body] of records) expect(await post(ep.path, body, credentials)).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, ignored: 0, rejected: [] } });
      expect((await post(ep.path, bounce, credentials)).body).toEqual({ accepted: 0, duplicates: 1, ignored: 0, rejected: [] });

      const rows = await eventsOf(ep.workspaceId);
      expect(rows.map((r) => r.type)).toEqual(records.map(([, type]) => type));
      expect(rows[0]).toMatchObject({ message_id: 'msg-pm-1', campaign_id: 'welcome', contact_email: 'john@example.com', occurred_at: minutesAgo(15) });
      expect(rows[1]).toMatchObject({ campaign_id: null, message_id: 'postmark:883953f4-6105-42a2-a16a-77a8eac79483', properties: { ip: '188.2.95.4' } });
      expect(rows[5]).toMatchObject({ id: 'postmark:bounce:4323372036854775807', occurred_at: minutesAgo(10), properties: { bounceClass: 'hard', postmarkType: 'HardBounce' } });
    });

    it('refuses wrong or missing credentials (401)', async () => {
      const ep = await newEndpoint('postmark', { postmarkBasicAuth: 'postmark:hunter2', postmarkHeader: 'X-Mailpulse-Secret: s3cr3t' });
      const body = JSON.stringify({ ...PM_DELIVERY, DeliveredAt: new Date().toISOString() });
      const wrong = await post(ep.path, body, { ...credentials, authorization: `Basic ${Buffer.from('postmark:guess').toString('base64')}` });
      expect(wrong.status).toBe(401);
      expect(wrong.body['error']).toMatchObject({ code: 'invalid_signature', message: 'postmark: basic auth credentials do not match' });
      const noHeader = await post(ep.path, body, { authorization: credentials.authorization });
      expect(noHeader.body['error']).toMatchObject({ code: 'missing_signature', message: 'postmark: the x-mailpulse-secret header is missing' });
      expect(await eventsOf(ep.workspaceId)).toEqual([]);
    });

    it('malformed JSON: 400 and a dead letter; an unknown RecordType: 200 and ignored', async () => {
      const ep = await newEndpoint('postmark', { postmarkBasicAuth: 'postmark:hunter2' });
      const auth = { authorization: credentials.authorization };
      const res = await post(ep.path, '{"RecordType": "Bounce", "ID": 4323372036854775807', auth);
      expect(res.status).toBe(400);
      expect(res.body['error']).toMatchObject({ code: 'malformed_json', field: 'body' });
      expect(await deadLettersOf(ep.workspaceId)).toEqual([expect.objectContaining({ source: 'webhook:postmark', raw: '{"RecordType": "Bounce", "ID": 4323372036854775807' })]);
      expect(await post(ep.path, JSON.stringify({ ...PM_DELIVERY, RecordType: 'Frobnication' }), auth)).toEqual({ status: 200, body: { accepted: 0, duplicates: 0, ignored: 1, rejected: [] } });
    });
  });

  describe('endpoints', () => {
    it.each([
      ['an unknown token', (path: string) => path.replace(/mp_hook_.*$/, `mp_hook_${'A'.repeat(32)}`), /No mailgun webhook endpoint has this token/],
      ['a token posted to another vendor', (path: string) => path.replace('/mailgun/', '/sendgrid/'), /No sendgrid webhook endpoint/],
      ['an unknown vendor', (path: string) => path.replace('/mailgun/', '/sparkpost/'), /Unknown webhook vendor "sparkpost"/],
    ])('%s: 404', async (_name, rewrite, message) => {
      const ep = await newEndpoint('mailgun');
      const res = await post(rewrite(ep.path), JSON.stringify({ 'event-data': MG_DELIVERED }));
      expect(res.status).toBe(404);
      expect(res.body['error']).toMatchObject({ code: 'not_found', message: expect.stringMatching(message) });
    });

    describe('legacy webhooks (form fields, URL-encoded or multipart)', () => {
      const signingKey = `key-${uniqueId()}`;
      const legacyFields = (fields: Record<string, string>, key = signingKey) => {
        const signature = signMailgun(key, String(Math.floor(Date.now() / 1000)), uniqueId('legacy-token-'));
        return { timestamp: signature.timestamp, token: signature.token, signature: signature.signature, ...fields };
      };
      const urlEncoded = (path: string, fields: Record<string, string>) =>
        post(path, new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
      const multipart = (path: string, fields: Record<string, string>) => {
        const boundary = '----mailgun-legacy-boundary';
        const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
        const file = `--${boundary}\r\nContent-Disposition: form-data; name="attachment-1"; filename="message-headers.txt"\r\nContent-Type: text/plain\r\n\r\nignored\r\n`;
        return post(path, `${parts.join('')}${file}--${boundary}--\r\n`, { 'content-type': `multipart/form-data; boundary=${boundary}` });
      };

      it('maps delivered, opened, clicked, bounced and dropped (Mailgun\'s legacy field names); the signature is checked', async () => {
        const ep = await newEndpoint('mailgun', { mailgunSigningKey: signingKey });
        const common = { recipient: 'alice@example.com', domain: 'mg.example.com', 'Message-Id': '<20130503182626.18666.16540@mg.example.com>', mailpulse_campaign_id: 'legacy-7' };
        const sent: [string, Record<string, string>, 'url' | 'multipart'][] = [
          ['delivered', { ...common, event: 'delivered' }, 'url'],
          ['opened', { ...common, event: 'opened', 'message-id': '20130503182626.18666.16540@mg.example.com', ip: '192.0.2.7', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0)', 'client-type': 'browser' }, 'url'],
          ['clicked', { ...common, event: 'clicked', url: 'https://example.com/spring', ip: '192.0.2.7' }, 'url'],
          ['bounced', { ...common, event: 'bounced', code: '550', error: '5.1.1 The email account that you tried to reach does not exist', notification: 'Recipient address rejected' }, 'multipart'],
          ['dropped', { ...common, event: 'dropped', reason: 'hardfail', description: 'Not delivering to previously bounced address' }, 'multipart'],
        ];
        for (const [, fields, how] of sent) {
          const res = await (how === 'url' ? urlEncoded : multipart)(ep.path, legacyFields(fields));
          expect(res).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, ignored: 0, rejected: [] } });
        }
        const rows = await eventsOf(ep.workspaceId);
        const byType = Object.fromEntries(rows.map((r) => [`${r.type}/${String(r.properties['bounceClass'] ?? '')}`, r]));
        expect(rows).toHaveLength(5);
        expect(byType['email.delivered/']).toMatchObject({ message_id: 'mailgun:20130503182626.18666.16540@mg.example.com', campaign_id: 'legacy-7', contact_email: 'alice@example.com' });
        expect(byType['email.opened/']).toMatchObject({ properties: { ip: '192.0.2.7', userAgent: 'Mozilla/5.0 (Windows NT 10.0)' } });
        expect(byType['email.clicked/']).toMatchObject({ properties: { url: 'https://example.com/spring' } });
        const bounces = rows.filter((r) => r.type === 'email.bounced').map((r) => [r.properties['bounceClass'], r.properties['vendorReason'], r.properties['smtpCode'] ?? null]);
        expect(bounces.sort()).toEqual([
          ['hard', 'bounce', 550],
          ['hard', 'suppress-bounce', null],
        ]);

        const forged = await urlEncoded(ep.path, legacyFields({ ...common, event: 'delivered' }, 'wrong-key'));
        expect(forged.status).toBe(401);
        const unsigned = await urlEncoded(ep.path, { ...common, event: 'delivered' });
        expect(unsigned).toMatchObject({ status: 401, body: { error: { code: 'missing_signature' } } });
      });

      it('a form to another vendor\'s endpoint: 415; a multipart body without its boundary: 400', async () => {
        const sendgrid = await newEndpoint('sendgrid');
        const res = await post(sendgrid.path, 'event=delivered&recipient=alice%40example.com', { 'content-type': 'application/x-www-form-urlencoded' });
        expect(res.status).toBe(415);
        expect(res.body['error']).toMatchObject({ code: 'unsupported_media_type' });
        const ep = await newEndpoint('mailgun');
        const noBoundary = await post(ep.path, 'whatever', { 'content-type': 'multipart/form-data' });
        expect(noBoundary).toMatchObject({ status: 400, body: { error: { field: 'body' } } });
      });
    });
  });
});
