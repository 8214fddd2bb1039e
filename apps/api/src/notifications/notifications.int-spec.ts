import { createHmac } from 'node:crypto';
import { Pool } from 'pg';
import { call, newUser, signIn } from '../../test/support/auth-requests';
import { startLoopbackHttp, type LoopbackHttp } from '../../test/support/loopback-http';
import { startLoopbackSmtp, type LoopbackSmtp } from '../../test/support/loopback-smtp';
import { postEvents, startTestApp, type TestApp, uniqueId } from '../../test/support/test-app';
import { testDatabaseUrl } from '../../test/support/test-database';
import { NotificationDelivery } from './notification-delivery.service';
import { NotificationRepository } from './notification.repository';
import type { RuleMatches } from './notification.repository';

const WEBHOOK_SECRET = 'whsec-notify-0123456789';
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
// Response bodies are read field by field in assertions; a loose type keeps those reads short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

async function until<T>(what: string, probe: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Event-triggered notifications end to end: events go in through POST /v1/events, rules fire off the realtime
 * channel, messages reach a real SMTP server on loopback, a Slack-style receiver and signed webhooks.
 */
describe('event-triggered notifications', () => {
  let t: TestApp;
  let smtp: LoopbackSmtp;
  let slack: LoopbackHttp;
  let webhook: LoopbackHttp;
  let flaky: LoopbackHttp;
  let broken: LoopbackHttp;
  let pool: Pool;
  let ws: string;
  let ingestKey: string;
  let adminToken: string;
  let viewerToken: string;
  const channel = { email: '', slack: '', webhook: '', flaky: '', broken: '' };

  const slackTexts = (ruleName: string) => slack.requests.map((r) => JSON.parse(r.body) as Loose).filter((b) => String(b['text']).includes(ruleName));
  const hooksFor = (receiver: LoopbackHttp, ruleId: string) => receiver.requests.filter((r) => (JSON.parse(r.body) as Loose)['rule']?.id === ruleId);

  async function createRule(body: Loose): Promise<Loose> {
    const res = await call(t.baseUrl, 'POST', '/v1/notification-rules', { token: adminToken, body });
    expect([res.status, res.body['error']]).toEqual([201, undefined]);
    return res.body;
  }

  async function send(events: Loose[]): Promise<void> {
    const res = await postEvents(t.baseUrl, ingestKey, events);
    expect([res.status < 300, res.body['rejected']]).toEqual([true, []]);
  }

  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
    slack = await startLoopbackHttp();
    webhook = await startLoopbackHttp();
    flaky = await startLoopbackHttp([500, 503]);
    broken = await startLoopbackHttp(Array.from({ length: 10 }, () => 500));
    t = await startTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      ALERT_DELIVERY_RETRY_SECONDS: '1',
      ALERT_DELIVERY_MAX_ATTEMPTS: '3',
      PUBLIC_URL: 'https://portal.example.test',
    });
    pool = new Pool({ connectionString: testDatabaseUrl(), max: 4 });
    const created = await t.newWorkspace();
    ws = created.workspaceId;
    ingestKey = created.ingestKey;
    adminToken = await signIn(t, await newUser(t, { workspaceId: ws, role: 'admin' }));
    viewerToken = await signIn(t, await newUser(t, { workspaceId: ws, role: 'viewer' }));
    for (const [key, body] of [
      ['email', { kind: 'email', name: 'Team', recipients: ['team@example.test'] }],
      ['slack', { kind: 'slack', name: '#growth', url: slack.url }],
      ['webhook', { kind: 'webhook', name: 'CRM', url: webhook.url, secret: WEBHOOK_SECRET }],
      ['flaky', { kind: 'webhook', name: 'Flaky', url: flaky.url, secret: WEBHOOK_SECRET }],
      ['broken', { kind: 'slack', name: 'Broken', url: broken.url }],
    ] as const) {
      const res = await call(t.baseUrl, 'POST', '/v1/alert-channels', { token: adminToken, body });
      expect(res.status).toBe(201);
      channel[key] = res.body['id'];
    }
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    await t?.close();
    await smtp?.close();
    for (const r of [slack, webhook, flaky, broken]) await r?.close();
  });

  it('sends "a campaign started" to email, Slack and a signed webhook within seconds', async () => {
    const name = `Campaign started ${uniqueId()}`;
    const rule = await createRule({ name, filter: { types: ['campaign.started'] }, channelIds: [channel.email, channel.slack, channel.webhook] });
    const campaignId = uniqueId('launch-');
    const occurredAt = new Date().toISOString();
    const before = Date.now();
    await send([{ type: 'campaign.started', occurredAt, campaignId, properties: { audienceSize: 1200 } }]);

    const mails = await until('the email', () => smtp.messages.filter((m) => m.subject?.includes(name)), (m) => m.length === 1);
    await until('Slack', () => slackTexts(name), (s) => s.length === 1);
    const hooks = await until('the webhook', () => hooksFor(webhook, rule['id']), (h) => h.length === 1);
    expect(Date.now() - before).toBeLessThan(10_000);

    const mail = mails[0]!;
    expect(mail.subject).toBe(`[Mailpulse] ${name}: Campaign ${campaignId} started — ${mail.subject!.split(' — ').at(-1)}`);
    expect(mail.subject!.split(' — ').at(-1)).toMatch(/^test-/);
    expect((mail.to as { value: Array<{ address: string }> }).value.map((v) => v.address)).toEqual(['team@example.test']);
    expect(mail.text).toContain(`Event: campaign.started at ${occurredAt.replace('T', ' ').slice(0, 19)} UTC`);
    expect(mail.text).toContain(`Campaign: ${campaignId} — https://portal.example.test/campaigns/${campaignId}?workspace=${ws}`);
    expect(mail.text).toContain(`https://portal.example.test/anomalies?workspace=${ws}&notificationRule=${rule['id']}`);

    const hook = hooks[0]!;
    expect(hook.headers['x-mailpulse-event']).toBe('notification.match');
    const [, ts, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(hook.headers['x-mailpulse-signature']))!;
    expect(createHmac('sha256', WEBHOOK_SECRET).update(`${ts}.${hook.body}`).digest('hex')).toBe(v1);
    const body = JSON.parse(hook.body) as Loose;
    expect(body).toMatchObject({ event: 'match', rule: { id: rule['id'], name }, workspace: { id: ws }, attempt: 1, match: { event: { type: 'campaign.started', campaignId, occurredAt: new Date(occurredAt).toISOString(), properties: { audienceSize: 1200 } } } });
    expect(typeof body['deliveryId']).toBe('number');

    const deliveries = await until(
      'three delivered rows',
      async () => (await call(t.baseUrl, 'GET', `/v1/notification-rules/${rule['id']}/deliveries`, { token: viewerToken })).body['deliveries'] as Loose[],
      (d) => d.length === 3 && d.every((x) => x['status'] === 'delivered'),
    );
    expect(deliveries.map((d) => d['channelKind']).sort()).toEqual(['email', 'slack', 'webhook']);
    for (const d of deliveries) expect(d).toMatchObject({ kind: 'match', attempts: 1, lastError: null, attemptLog: [{ attempt: 1, ok: true }] });
    expect(JSON.stringify(deliveries)).not.toContain(WEBHOOK_SECRET);
  });

  it('fires a property-filtered click rule only for matching contacts with a human verdict', async () => {
    const name = `Pro clicked ${uniqueId()}`;
    await createRule({
      name,
      filter: { types: ['email.clicked'], conditions: [{ path: 'properties.plan', op: 'eq', value: 'pro' }], verdicts: ['human'] },
      channelIds: [channel.slack],
      rateLimit: { count: 100, windowMinutes: 60 },
    });
    const u = uniqueId();
    const click = (who: string, plan: string | undefined, extra: Loose = {}) => ({
      type: 'email.clicked',
      occurredAt: new Date().toISOString(),
      campaignId: `c-${u}`,
      messageId: `m-${u}-${who}`,
      contact: { email: `${who}-${u}@example.test` },
      properties: { url: 'https://shop.example/sale', userAgent: BROWSER, ...(plan ? { plan } : {}), ...extra },
    });
    await send([click('ann', 'pro'), click('bob', 'free'), click('cat', 'pro'), click('dan', undefined), click('eve', 'pro', { method: 'HEAD' }), click('fay', 'PRO')]);
    const texts = await until('two messages', () => slackTexts(name), (s) => s.length >= 2);
    await sleep(1500);
    const all = slackTexts(name).map((s) => JSON.stringify(s));
    expect(all).toHaveLength(2);
    expect(all.filter((s) => s.includes(`ann-${u}@example.test`))).toHaveLength(1);
    expect(all.filter((s) => s.includes(`cat-${u}@example.test`))).toHaveLength(1);
    expect(JSON.stringify(texts[0])).toContain('clicked https://shop.example/sale');
    expect(JSON.stringify(texts[0])).toContain('properties.plan = pro');
  });

  it('fires a user.error rule for its codes only', async () => {
    const name = `Checkout errors ${uniqueId()}`;
    const rule = await createRule({
      name,
      filter: { types: ['user.error'], conditions: [{ path: 'properties.code', op: 'in', value: ['E42', 'E43'] }] },
      channelIds: [channel.webhook],
    });
    const now = new Date().toISOString();
    await send([
      { type: 'user.error', occurredAt: now, properties: { code: 'E42', userId: 'u-1', message: 'card declined' } },
      { type: 'user.error', occurredAt: now, properties: { code: 'E99', userId: 'u-2' } },
      { type: 'user.action', occurredAt: now, properties: { userId: 'u-3', action: 'E42' } },
      { type: 'user.error', occurredAt: now, properties: { code: 'E43', userId: 'u-4' } },
    ]);
    await until('two webhooks', () => hooksFor(webhook, rule['id']), (h) => h.length >= 2);
    await sleep(1500);
    const bodies = hooksFor(webhook, rule['id']).map((h) => JSON.parse(h.body) as Loose);
    expect(bodies.map((b) => b['match']['event']['properties']['code']).sort()).toEqual(['E42', 'E43']);
    expect(bodies.find((b) => b['match']['event']['properties']['code'] === 'E42')!['summary']).toContain('User error E42 for user u-1: card declined.');
  });

  it('fires "first open of a contact" once per contact, even for concurrent opens', async () => {
    const name = `First open ${uniqueId()}`;
    const rule = await createRule({ name, filter: { types: ['email.opened'] }, firstOccurrence: 'contact', channelIds: [channel.webhook], rateLimit: { count: 1000, windowMinutes: 60 } });
    const u = uniqueId();
    const contacts = Array.from({ length: 8 }, (_, i) => `reader${i}-${u}@example.test`);
    const open = (email: string, n: number) => ({
      id: `open-${u}-${email}-${n}`,
      type: 'email.opened',
      occurredAt: new Date(Date.now() - n * 1000).toISOString(),
      campaignId: `c-${u}`,
      messageId: `m-${u}-${email}`,
      contact: { email },
      properties: { userAgent: BROWSER },
    });
    // Four opens of each contact, spread over eight concurrent requests.
    const requests = Array.from({ length: 8 }, (_, r) => contacts.flatMap((c, i) => (i % 2 === r % 2 ? [open(c, r)] : [])));
    await Promise.all(requests.map((events) => send(events)));
    await until('eight webhooks', () => hooksFor(webhook, rule['id']), (h) => h.length >= 8);
    await sleep(1500);
    // A later open of a known contact and the first of a new one.
    await send([open(contacts[0]!, 20), open(`late-${u}@example.test`, 0)]);
    await until('nine webhooks', () => hooksFor(webhook, rule['id']), (h) => h.length >= 9);
    await sleep(1500);
    const emails = hooksFor(webhook, rule['id']).map((h) => (JSON.parse(h.body) as Loose)['match']['event']['contact']['email']);
    expect(emails.sort()).toEqual([...contacts, `late-${u}@example.test`].sort());
    expect((JSON.parse(hooksFor(webhook, rule['id'])[0]!.body) as Loose)['summary']).toContain('This is the first matching event of this contact for the rule.');
  });

  it('decides a first occurrence exactly once when several processes write the same contact at once', async () => {
    const rule = await createRule({ name: `First click ${uniqueId()}`, filter: { types: ['email.clicked'] }, firstOccurrence: 'contact', channelIds: [channel.slack], enabled: false });
    await call(t.baseUrl, 'PATCH', `/v1/notification-rules/${rule['id']}`, { token: adminToken, body: { enabled: true } });
    const stored = (await call(t.baseUrl, 'GET', `/v1/notification-rules/${rule['id']}`, { token: adminToken })).body;
    const repository = t.app.get(NotificationRepository);
    const key = `email:racer-${uniqueId()}@example.test`;
    const batch = (n: number): RuleMatches => ({
      rule: { ...stored, createdAt: new Date(), updatedAt: new Date() } as never,
      overflow: 0,
      matches: [{ eventId: `e-${n}`, occurredAt: new Date(), firstKey: key, payload: { event: { id: `e-${n}`, type: 'email.clicked', occurredAt: new Date().toISOString(), campaignId: null, messageId: null, contact: null, verdict: 'human', properties: {} }, matched: [], firstOccurrence: 'contact' } }],
    });
    const results = await Promise.all(Array.from({ length: 6 }, (_, n) => repository.recordMatches([batch(n)])));
    expect(results.map((r) => r.queued).reduce((a, b) => a + b)).toBe(1);
    expect(results.map((r) => r.repeated).reduce((a, b) => a + b)).toBe(5);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM notification_first_occurrences WHERE rule_id = $1', [rule['id']]);
    expect(rows[0].n).toBe(1);
  });

  it('sends at most the rate limit for a burst of 200, then one summary with the right count', async () => {
    const name = `Actions ${uniqueId()}`;
    const rule = await createRule({ name, filter: { types: ['user.action'], conditions: [{ path: 'properties.action', op: 'eq', value: 'export' }] }, channelIds: [channel.webhook], rateLimit: { count: 5, windowMinutes: 60 } });
    const u = uniqueId();
    const burst = Array.from({ length: 200 }, (_, i) => ({ id: `burst-${u}-${i}`, type: 'user.action', occurredAt: new Date().toISOString(), properties: { userId: `u-${i}`, action: 'export' } }));
    await Promise.all([0, 1, 2, 3].map((q) => send(burst.slice(q * 50, q * 50 + 50))));
    await until('five messages', () => hooksFor(webhook, rule['id']), (h) => h.length >= 5);
    await sleep(2000);
    const matches = hooksFor(webhook, rule['id']);
    const { rows: windows } = await pool.query('SELECT sent, suppressed FROM notification_rate_windows WHERE rule_id = $1', [rule['id']]);
    // (The burst may straddle an hour boundary: then two windows, each within the limit.)
    expect(matches.length).toBeLessThanOrEqual(5 * windows.length);
    expect(windows.reduce((n, w) => n + w.sent + w.suppressed, 0)).toBe(200);
    expect(windows.reduce((n, w) => n + w.sent, 0)).toBe(matches.length);

    const viewed = (await call(t.baseUrl, 'GET', `/v1/notification-rules/${rule['id']}/deliveries`, { token: viewerToken })).body;
    expect(viewed['limitedWindows'].reduce((n: number, w: Loose) => n + w['suppressed'], 0)).toBe(200 - matches.length);

    // When the window ends (here: as of two hours on), one summary per window says how many more matched.
    const repository = t.app.get(NotificationRepository);
    await repository.queueEndedWindowSummaries(new Date(Date.now() + 2 * 3_600_000));
    await t.app.get(NotificationDelivery).deliverDue();
    const summaries = await until('the summary', () => hooksFor(webhook, rule['id']).map((h) => JSON.parse(h.body) as Loose).filter((b) => b['event'] === 'summary'), (s) => s.length === windows.length);
    expect(summaries.reduce((n, s) => n + s['suppressed']['count'], 0)).toBe(200 - matches.length);
    expect(summaries[0]!['summary']).toMatch(/^\d+ more events matched "Actions /);
    expect(summaries[0]!['summary']).toContain('at most 5 messages per 60 minutes');
    // Queued once only.
    await repository.queueEndedWindowSummaries(new Date(Date.now() + 2 * 3_600_000));
    await t.app.get(NotificationDelivery).deliverDue();
    expect(hooksFor(webhook, rule['id']).filter((h) => (JSON.parse(h.body) as Loose)['event'] === 'summary')).toHaveLength(windows.length);
  });

  it('retries a failing receiver with backoff and records every attempt', async () => {
    const rule = await createRule({ name: `Paused ${uniqueId()}`, filter: { types: ['campaign.paused'] }, channelIds: [channel.flaky, channel.broken] });
    await send([{ type: 'campaign.paused', occurredAt: new Date().toISOString(), campaignId: uniqueId('c-'), properties: { reason: 'complaints' } }]);
    const deliveries = await until(
      'both settled',
      async () => (await call(t.baseUrl, 'GET', `/v1/notification-rules/${rule['id']}/deliveries`, { token: viewerToken })).body['deliveries'] as Loose[],
      (d) => d.length === 2 && d.every((x) => x['status'] !== 'pending'),
      20_000,
    );
    const flakyRow = deliveries.find((d) => d['channelId'] === channel.flaky)!;
    expect(flakyRow).toMatchObject({ status: 'delivered', attempts: 3, lastError: expect.stringMatching(/answered 503/) });
    expect(flakyRow['attemptLog'].map((a: Loose) => [a['attempt'], a['ok']])).toEqual([[1, false], [2, false], [3, true]]);
    expect(flakyRow['attemptLog'][0]['error']).toMatch(/answered 500/);
    const t1 = new Date(flakyRow['attemptLog'][1]['at']).getTime() - new Date(flakyRow['attemptLog'][0]['at']).getTime();
    const t2 = new Date(flakyRow['attemptLog'][2]['at']).getTime() - new Date(flakyRow['attemptLog'][1]['at']).getTime();
    expect(t1).toBeGreaterThanOrEqual(900);
    expect(t2).toBeGreaterThanOrEqual(1900);
    expect(hooksFor(flaky, rule['id']).map((h) => (JSON.parse(h.body) as Loose)['attempt'])).toEqual([1, 2, 3]);

    const brokenRow = deliveries.find((d) => d['channelId'] === channel.broken)!;
    expect(brokenRow).toMatchObject({ status: 'failed', attempts: 3, lastError: expect.stringMatching(/answered 500/) });
    expect(brokenRow['attemptLog']).toHaveLength(3);
  });

  it('sends a test message through the rule\'s channels and answers the attempt', async () => {
    const name = `Test me ${uniqueId()}`;
    const rule = await createRule({ name, filter: { types: ['user.error'], conditions: [{ path: 'properties.code', op: 'eq', value: 'E7' }] }, channelIds: [channel.slack, channel.email] });
    const res = await call(t.baseUrl, 'POST', `/v1/notification-rules/${rule['id']}/test`, { token: adminToken });
    expect(res.status).toBe(200);
    expect((res.body['deliveries'] as Loose[]).map((d) => [d['kind'], d['channelKind'], d['status']]).sort()).toEqual([
      ['test', 'email', 'delivered'],
      ['test', 'slack', 'delivered'],
    ]);
    const [text] = slackTexts(name);
    expect(text!['text']).toMatch(/^\[Mailpulse TEST\] Test me .*: User error E7/);
    expect((await call(t.baseUrl, 'POST', `/v1/notification-rules/${rule['id']}/test`, { token: viewerToken })).status).toBe(403);
  });

  describe('rules over REST', () => {
    it('lets viewers read and only admins change rules, audited; a disabled rule does not fire', async () => {
      const name = `Stopped ${uniqueId()}`;
      const body = { name, filter: { types: ['campaign.stopped'] }, channelIds: [channel.slack] };
      expect((await call(t.baseUrl, 'POST', '/v1/notification-rules', { token: viewerToken, body })).status).toBe(403);
      const rule = await createRule(body);
      expect(rule).toMatchObject({ enabled: true, firstOccurrence: null, rateLimit: { count: 10, windowMinutes: 10 }, filter: { types: ['campaign.stopped'], conditions: [], verdicts: ['human', 'unknown'] } });
      const list = await call(t.baseUrl, 'GET', '/v1/notification-rules', { token: viewerToken });
      expect((list.body['rules'] as Loose[]).map((r) => r['id'])).toContain(rule['id']);
      expect((await call(t.baseUrl, 'GET', `/v1/notification-rules/${rule['id']}`, { token: viewerToken })).body['name']).toBe(name);
      expect((await call(t.baseUrl, 'PATCH', `/v1/notification-rules/${rule['id']}`, { token: viewerToken, body: { enabled: false } })).status).toBe(403);

      const patched = await call(t.baseUrl, 'PATCH', `/v1/notification-rules/${rule['id']}`, { token: adminToken, body: { enabled: false, rateLimit: { count: 3 } } });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ enabled: false, rateLimit: { count: 3, windowMinutes: 10 } });
      await send([{ type: 'campaign.stopped', occurredAt: new Date().toISOString(), campaignId: uniqueId('c-') }]);
      await sleep(2500);
      expect(slackTexts(name)).toHaveLength(0);

      expect((await call(t.baseUrl, 'DELETE', `/v1/notification-rules/${rule['id']}`, { token: adminToken })).status).toBe(204);
      expect((await call(t.baseUrl, 'DELETE', `/v1/notification-rules/${rule['id']}`, { token: adminToken })).status).toBe(404);
      const { rows } = await pool.query(`SELECT action FROM audit_log WHERE workspace_id = $1 AND target = $2 ORDER BY id`, [ws, `notification_rule:${rule['id']}`]);
      expect(rows.map((r) => r.action)).toEqual(['notification_rule.create', 'notification_rule.update', 'notification_rule.delete']);
    });

    it.each([
      ['a missing name', 'name', { filter: { types: ['campaign.started'] }, channelIds: ['CH'] }],
      ['an empty name', 'name', { name: ' ', filter: { types: ['campaign.started'] }, channelIds: ['CH'] }],
      ['a missing filter', 'filter', { name: 'x', channelIds: ['CH'] }],
      ['an unknown event type', 'filter.types.0', { name: 'x', filter: { types: ['email.teleported'] }, channelIds: ['CH'] }],
      ['an unknown operator', 'filter.conditions.0.op', { name: 'x', filter: { types: ['user.error'], conditions: [{ path: 'properties.code', op: 'like', value: 'E' }] }, channelIds: ['CH'] }],
      ['a bad path', 'filter.conditions.0.path', { name: 'x', filter: { types: ['user.error'], conditions: [{ path: 'props.code', op: 'eq', value: 'E' }] }, channelIds: ['CH'] }],
      ['a missing value', 'filter.conditions.0.value', { name: 'x', filter: { types: ['user.error'], conditions: [{ path: 'properties.code', op: 'gt' }] }, channelIds: ['CH'] }],
      ['an unknown verdict', 'filter.verdicts.0', { name: 'x', filter: { types: ['email.opened'], verdicts: ['bot'] }, channelIds: ['CH'] }],
      ['no channel', 'channelIds', { name: 'x', filter: { types: ['campaign.started'] }, channelIds: [] }],
      ['a channel id that is not a uuid', 'channelIds.0', { name: 'x', filter: { types: ['campaign.started'] }, channelIds: ['slack'] }],
      ['an unknown channel', 'channelIds.1', { name: 'x', filter: { types: ['campaign.started'] }, channelIds: ['CH', '00000000-0000-4000-8000-000000000000'] }],
      ['an unknown first-occurrence scope', 'firstOccurrence', { name: 'x', filter: { types: ['email.opened'] }, firstOccurrence: 'message', channelIds: ['CH'] }],
      ['a zero rate limit', 'rateLimit.count', { name: 'x', filter: { types: ['campaign.started'] }, channelIds: ['CH'], rateLimit: { count: 0 } }],
      ['a too long window', 'rateLimit.windowMinutes', { name: 'x', filter: { types: ['campaign.started'] }, channelIds: ['CH'], rateLimit: { windowMinutes: 1441 } }],
      ['an unknown field', 'colour', { name: 'x', filter: { types: ['campaign.started'] }, channelIds: ['CH'], colour: 'red' }],
    ])('refuses a rule with %s, naming %s', async (_what, field, body) => {
      const withChannel = JSON.parse(JSON.stringify(body).replaceAll('"CH"', JSON.stringify(channel.slack)));
      const res = await call(t.baseUrl, 'POST', '/v1/notification-rules', { token: adminToken, body: withChannel });
      expect([res.status, res.body['error']?.['field']]).toEqual([400, field]);
      expect(res.body['error']['message']).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: `));
    });

    it('refuses bad changes, ids and queries, naming the field', async () => {
      const rule = await createRule({ name: `Bad changes ${uniqueId()}`, filter: { types: ['campaign.created'] }, channelIds: [channel.slack] });
      for (const [body, field] of [
        [{ filter: { types: [] } }, 'filter.types'],
        [{ enabled: 'yes' }, 'enabled'],
        [{ rateLimit: { count: 2.5 } }, 'rateLimit.count'],
        [{ channelIds: ['00000000-0000-4000-8000-000000000000'] }, 'channelIds.0'],
      ] as const) {
        const res = await call(t.baseUrl, 'PATCH', `/v1/notification-rules/${rule['id']}`, { token: adminToken, body });
        expect([res.status, res.body['error']['field']]).toEqual([400, field]);
      }
      expect((await call(t.baseUrl, 'GET', '/v1/notification-rules/not-a-uuid', { token: adminToken })).body['error']['field']).toBe('id');
      const q = await call(t.baseUrl, 'GET', `/v1/notification-rules/${rule['id']}/deliveries?limit=0`, { token: adminToken });
      expect([q.status, q.body['error']['field']]).toEqual([400, 'limit']);
      const unknown = await call(t.baseUrl, 'GET', `/v1/notification-rules/${rule['id']}/deliveries?colour=red`, { token: adminToken });
      expect([unknown.status, unknown.body['error']['field']]).toEqual([400, 'colour']);
    });

    it("answers 404 for another workspace's rule and keeps each workspace to its own", async () => {
      const rule = await createRule({ name: `Mine ${uniqueId()}`, filter: { types: ['campaign.created'] }, channelIds: [channel.slack] });
      const other = await t.newWorkspace();
      const otherAdmin = await signIn(t, await newUser(t, { workspaceId: other.workspaceId, role: 'admin' }));
      const path = `/v1/notification-rules/${rule['id']}`;
      for (const [method, suffix, token] of [
        ['GET', '', other.readKey],
        ['GET', '/deliveries', other.readKey],
        ['GET', '', otherAdmin],
        ['PATCH', '', otherAdmin],
        ['DELETE', '', otherAdmin],
        ['POST', '/test', otherAdmin],
      ] as const) {
        const res = await call(t.baseUrl, method, `${path}${suffix}`, { token, ...(method === 'PATCH' ? { body: { enabled: false } } : {}) });
        expect([method, suffix, res.status]).toEqual([method, suffix, 404]);
      }
      expect((await call(t.baseUrl, 'GET', '/v1/notification-rules', { token: other.readKey })).body['rules']).toEqual([]);
      expect((await call(t.baseUrl, 'GET', `/v1/notification-rules/00000000-0000-4000-8000-000000000000`, { token: adminToken })).status).toBe(404);
      // A channel of this workspace is unknown to the other one.
      const res = await call(t.baseUrl, 'POST', '/v1/notification-rules', { token: otherAdmin, body: { name: 'x', filter: { types: ['campaign.created'] }, channelIds: [channel.slack] } });
      expect([res.status, res.body['error']['field']]).toEqual([400, 'channelIds.0']);
      expect((await call(t.baseUrl, 'GET', path, { token: adminToken })).body['enabled']).toBe(true);
    });
  });
});
