import fc from 'fast-check';
import { WebhookEndpointService } from '../../src/webhooks/webhook-endpoint.service';
import { call, newUser, signIn } from '../support/auth-requests';
import { startTestApp, TestApp, uniqueId } from '../support/test-app';

/**
 * Generated and mutated inputs against ingestion, the ESP webhooks, the tracking links and every read (GET) route
 * of the OpenAPI document: the server never answers 5xx, never stops answering, and its heap stays bounded.
 * Prints how many inputs each target got.
 */

const NOW = Date.now();
const EVENT_TYPES = ['email.sent', 'email.delivered', 'email.deferred', 'email.bounced', 'email.opened', 'email.clicked', 'email.complained', 'email.unsubscribed', 'email.replied', 'conversion', 'campaign.created', 'user.action'];

/** Strings that have broken parsers elsewhere: control characters, lone surrogates, prototype keys, huge numbers, very long. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '\u0000', 'a\u0000b', '\uD800', '\uDFFF', '__proto__', 'constructor', 'prototype', '1e400', '-0', 'NaN', '../../etc/passwd', '%00', '%', '%E0%A4%A', '\\', '"', '<script>', 'ä'.repeat(300), 'x'.repeat(70_000)),
);
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, 1e308, [], {}, { __proto__: { polluted: true } }, [[[[[[[[[[]]]]]]]]]]),
);

const validEvent = fc.record({
  id: fc.uuid(),
  type: fc.constantFrom(...EVENT_TYPES),
  occurredAt: fc.integer({ min: NOW - 5 * 86_400_000, max: NOW }).map((t) => new Date(t).toISOString()),
  campaignId: fc.constantFrom('spring', 'autumn'),
  messageId: fc.string({ minLength: 1, maxLength: 12 }),
  contact: fc.record({ email: fc.emailAddress() }),
  properties: fc.constantFrom({}, { url: 'https://example.com/a' }, { bounceClass: 'hard' }, { amount: 12.5, currency: 'EUR' }, { userId: 'u1', action: 'a' }),
});

/** A valid event with one field replaced, removed, or added, at the top level or inside properties/contact. */
const mutatedEvent = fc.tuple(validEvent, fc.constantFrom('id', 'type', 'occurredAt', 'campaignId', 'messageId', 'contact', 'properties', 'contact.email', 'properties.url', 'properties.amount', 'extra', '__proto__'), fc.option(nastyValue)).map(([event, path, value]) => {
  const copy: Record<string, unknown> = JSON.parse(JSON.stringify(event));
  const [head, tail] = path.split('.') as [string, string | undefined];
  const target = tail ? ((copy[head] ??= {}) as Record<string, unknown>) : copy;
  const key = tail ?? head;
  if (value === null) delete target[key];
  else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
});

const eventBody = fc.oneof(
  validEvent,
  mutatedEvent,
  fc.array(fc.oneof(validEvent, mutatedEvent), { maxLength: 30 }),
  fc.record({ events: fc.array(fc.oneof(validEvent, mutatedEvent), { maxLength: 30 }) }),
  nastyValue,
);

/** The text sent: the body as JSON, or that JSON cut short, or with a character flipped, or arbitrary text. */
const asText = (body: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 6, arbitrary: body.map((b) => JSON.stringify(b) ?? 'null') },
    { weight: 1, arbitrary: fc.tuple(body, fc.nat()).map(([b, n]) => { const s = JSON.stringify(b) ?? ''; return s.slice(0, n % (s.length + 1)); }) },
    { weight: 1, arbitrary: fc.tuple(body, fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })).map(([b, n, c]) => { const s = JSON.stringify(b) ?? ''; const i = n % (s.length + 1); return s.slice(0, i) + c + s.slice(i + 1); }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
/** encodeURIComponent, with lone surrogates (which it refuses) replaced. */
const encode = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, (c, i: number, all: string) => (/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(all.slice(c >= '\uDC00' ? i - 1 : i, (c >= '\uDC00' ? i - 1 : i) + 2)) ? c : '\uFFFD')));
const contentType = fc.constantFrom('application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', '');

describe('chaos: fuzzing', () => {
  let t: TestApp;
  const tried: Record<string, number> = {};
  const statuses: Record<string, Record<number, number>> = {};
  let heapBefore = 0;

  const heap = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed;
  };
  /** Sends one input; true unless the answer is a 5xx. Counts the input and its status. */
  const send = async (target: string, url: string, init: RequestInit): Promise<boolean> => {
    tried[target] = (tried[target] ?? 0) + 1;
    const res = await fetch(url, { ...init, redirect: 'manual' });
    await res.arrayBuffer();
    const byStatus = (statuses[target] ??= {});
    byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
    return res.status < 500;
  };

  beforeAll(async () => {
    t = await startTestApp({ INGEST_MAX_BODY_BYTES: String(512 * 1024) });
    heapBefore = heap();
  });
  afterAll(async () => {
    const lines = Object.entries(tried).map(([target, n]) => `  ${target}: ${n} inputs, statuses ${JSON.stringify(statuses[target])}`);
    process.stdout.write(`fuzz: ${Object.values(tried).reduce((a, b) => a + b, 0)} inputs in all\n${lines.join('\n')}\n`);
    await t.close();
  });

  it('ingestion: POST /v1/events never answers 5xx', async () => {
    const ws = await t.newWorkspace(`fuzz-${uniqueId()}`);
    await fc.assert(
      fc.asyncProperty(asText(eventBody), contentType, (body, type) =>
        send('POST /v1/events', `${t.baseUrl}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${ws.ingestKey}`, ...(type ? { 'content-type': type } : {}) }, body }),
      ),
      { numRuns: 1_000 },
    );
  });

  it('webhooks: POST /v1/webhooks/<vendor>/<token> never answers 5xx', async () => {
    const ws = await t.newWorkspace(`fuzz-${uniqueId()}`);
    const endpoints = t.app.get(WebhookEndpointService);
    const paths = [
      (await endpoints.create(ws.workspaceId, { vendor: 'sendgrid', settings: {} })).path,
      (await endpoints.create(ws.workspaceId, { vendor: 'mailgun', settings: {} })).path,
      (await endpoints.create(ws.workspaceId, { vendor: 'postmark', settings: {} })).path,
      (await endpoints.create(ws.workspaceId, { vendor: 'ses', settings: {} as never })).path,
    ];
    const vendorShaped = fc.oneof(
      // SendGrid: an array of events; Mailgun: {signature, "event-data"}; Postmark: one record; SES via SNS: a notification.
      fc.array(fc.record({ event: fc.constantFrom('delivered', 'open', 'click', 'bounce', 'dropped', 'spamreport'), email: fc.emailAddress(), timestamp: fc.oneof(fc.integer(), nastyValue), sg_event_id: fc.string(), sg_message_id: fc.string(), url: nastyValue }, { requiredKeys: [] }), { maxLength: 10 }),
      fc.record({ signature: fc.record({ timestamp: nastyValue, token: nastyValue, signature: nastyValue }, { requiredKeys: [] }), 'event-data': fc.record({ event: fc.constantFrom('delivered', 'opened', 'failed', 'complained'), timestamp: fc.oneof(fc.double(), nastyValue), recipient: fc.emailAddress(), message: nastyValue, severity: nastyValue }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      fc.record({ RecordType: fc.constantFrom('Delivery', 'Bounce', 'Open', 'Click', 'SpamComplaint', 'SubscriptionChange', 'Other'), MessageID: nastyValue, Recipient: fc.emailAddress(), DeliveredAt: nastyValue, BouncedAt: nastyValue, ReceivedAt: nastyValue, Type: nastyValue, ID: fc.oneof(fc.integer(), nastyValue), Metadata: nastyValue }, { requiredKeys: [] }),
      fc.record({ Type: fc.constantFrom('Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'), MessageId: fc.uuid(), TopicArn: nastyString, Message: fc.oneof(nastyString, fc.jsonValue().map((v) => JSON.stringify(v))), Timestamp: nastyValue, SignatureVersion: fc.constantFrom('1', '2'), Signature: nastyString, SigningCertURL: nastyString, SubscribeURL: nastyString }, { requiredKeys: [] }),
      nastyValue,
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), asText(vendorShaped), contentType, fc.constantFrom('', 'x-amz-sns-message-type', 'x-twilio-email-event-webhook-signature'), (path, body, type, header) =>
        send('POST /v1/webhooks/<vendor>/<token>', `${t.baseUrl}${path}`, {
          method: 'POST',
          headers: { ...(type ? { 'content-type': type } : {}), ...(header ? { [header]: 'Notification' } : {}) },
          body,
        }),
      ),
      { numRuns: 800 },
    );
  });

  it('tracking: /t/o, /t/c and /t/u with generated and mutated tokens never answer 5xx', async () => {
    const ws = await t.newWorkspace(`fuzz-${uniqueId()}`);
    const prepared = await call(t.baseUrl, 'POST', '/v1/messages/prepare', {
      token: ws.ingestKey,
      body: { html: '<p><a href="https://example.com/shoes">Shoes</a></p>', messageId: 'm-fuzz', campaignId: 'spring', contact: { email: 'ada@example.com' }, unsubscribeMailto: 'unsub@example.com' },
    });
    expect(prepared.status).toBe(200);
    const links = [...(prepared.body.html as string).matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    const unsubscribe = /<([^>]+)>/.exec(prepared.body.headers['List-Unsubscribe'] as string)![1]!;
    const valid = [...links, unsubscribe].map((u) => new URL(u).pathname + new URL(u).search);
    expect(valid.length).toBeGreaterThanOrEqual(3);

    const mutatedPath = fc.tuple(fc.constantFrom(...valid), fc.nat(), fc.oneof(fc.string({ unit: 'binary', minLength: 0, maxLength: 3 }), fc.constantFrom('%', '%2F', '..', '/', '?', '#', '.gif', '%00'))).map(([p, n, s]) => {
      const i = 3 + (n % Math.max(1, p.length - 3));
      return p.slice(0, i) + s + p.slice(i + 1);
    });
    const generatedPath = fc.tuple(fc.constantFrom('/t/o/', '/t/c/', '/t/u/'), fc.string({ unit: 'binary', maxLength: 120 }), fc.constantFrom('', '.gif', '?u=https://evil.example', '?x=%E0%A4%A')).map(([prefix, token, suffix]) => prefix + encode(token) + suffix);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...valid), mutatedPath, generatedPath), fc.constantFrom('GET', 'POST'), fc.option(fc.string({ unit: 'binary', maxLength: 200 })), async (path, method, userAgent) => {
        const target = `${method} ${/^\/t\/[ocu]\//.test(path) ? path.slice(0, 4) : '/t/'}…`;
        let url: URL;
        try {
          url = new URL(path, t.baseUrl);
        } catch {
          return true; // not a URL a client could send
        }
        return send(target, url.toString(), {
          method,
          headers: { ...(userAgent ? { 'user-agent': userAgent.replace(/[^\x20-\x7e]/g, '') } : {}), ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
          ...(method === 'POST' ? { body: 'List-Unsubscribe=One-Click' } : {}),
        });
      }),
      { numRuns: 800 },
    );
  });

  it('queries: every GET route of the OpenAPI document, with generated ids and query values, never answers 5xx', async () => {
    const ws = await t.newWorkspace(`fuzz-${uniqueId()}`);
    const admin = await signIn(t, await newUser(t, { workspaceId: ws.workspaceId, role: 'admin' }));
    const doc = await call(t.baseUrl, 'GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    type Operation = { parameters?: { name: string; in: string }[] };
    const routes = Object.entries(doc.body.paths as Record<string, Record<string, Operation>>)
      .filter(([, ops]) => ops['get'])
      .map(([path, ops]) => ({ path, params: ops['get']!.parameters ?? [] }));
    expect(routes.length).toBeGreaterThan(5);
    const queryValue = fc.oneof(nastyString, fc.integer().map(String), fc.constantFrom('2026-01-01', '2026-13-45', '9999-12-31T23:59:59Z', 'now', '-1', '0', '1e9', 'minute', 'hour', 'day', 'week', 'true', 'opened', 'email.opened', 'spring'));
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.constantFrom(...route.params.filter((p) => p.in === 'query').map((p) => p.name), 'limit', 'from', 'to', 'x'), queryValue, { maxKeys: 4 }),
          fc.array(fc.oneof(nastyString, fc.uuid(), fc.constant('spring')), { minLength: 3, maxLength: 3 }),
          fc.boolean(),
          (query, ids, withKey) => {
            let i = 0;
            const path = route.path.replace(/\{[^}]+\}/g, () => encode(ids[i++ % ids.length]!) || 'x');
            const search = new URLSearchParams(query as Record<string, string>).toString();
            return send('GET <OpenAPI read routes>', `${t.baseUrl}${path}${search ? `?${search}` : ''}`, {
              headers: { authorization: `Bearer ${withKey ? ws.readKey : admin}`, 'x-workspace-id': ws.workspaceId },
            });
          },
        ),
        { numRuns: 25 },
      );
    }
  });

  it('is still answering, and its heap stayed bounded', async () => {
    expect((await call(t.baseUrl, 'GET', '/health')).status).toBe(200);
    const grown = heap() - heapBefore;
    process.stdout.write(`fuzz: heap grew by ${(grown / 1048576).toFixed(1)} MB over the run\n`);
    expect(grown).toBeLessThan(150 * 1048576);
  });
});
