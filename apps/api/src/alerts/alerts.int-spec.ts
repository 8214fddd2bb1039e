import type { IngestEvent } from '@mailpulse/contracts';
import { simulate } from '@mailpulse/simulator';
import { createHmac } from 'node:crypto';
import { Pool } from 'pg';
import { call, newUser, signIn } from '../../test/support/auth-requests';
import { startLoopbackHttp, type LoopbackHttp } from '../../test/support/loopback-http';
import { startLoopbackSmtp, type LoopbackSmtp } from '../../test/support/loopback-smtp';
import { postEvents, startTestApp, type TestApp, uniqueId } from '../../test/support/test-app';
import { testDatabaseUrl } from '../../test/support/test-database';
import { AlertDelivery } from './alert-delivery.service';
import { AlertEvaluationCursorRepository } from './alert-evaluation-cursor.repository';
import { AlertEvaluator } from './alert-evaluator.service';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const WEBHOOK_SECRET = 'whsec-0123456789abcdef';
// Response bodies are read field by field in assertions; a loose type keeps those reads short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/**
 * A day of simulated traffic with a complaint surge goes in through POST /v1/events; the rules are evaluated at
 * every closed minute across the surge; the default complaint-rate rule must give one incident, announced once
 * and resolved once on each channel: a real SMTP server on loopback, a Slack-style receiver and a signed webhook
 * that fails twice before it accepts.
 */
describe('alerts: a simulated complaint surge', () => {
  let t: TestApp;
  let smtp: LoopbackSmtp;
  let slack: LoopbackHttp;
  let webhook: LoopbackHttp;
  let pool: Pool;
  let ws: string;
  let adminToken: string;
  let viewerToken: string;
  let surgeStart: Date;
  let surgeEnd: Date;

  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
    slack = await startLoopbackHttp();
    webhook = await startLoopbackHttp([500, 503]);
    t = await startTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), ALERT_DELIVERY_RETRY_SECONDS: '1', PUBLIC_URL: 'https://portal.example.test' });
    pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    const created = await t.newWorkspace();
    ws = created.workspaceId;
    adminToken = await signIn(t, await newUser(t, { workspaceId: ws, role: 'admin' }));
    viewerToken = await signIn(t, await newUser(t, { workspaceId: ws, role: 'viewer' }));

    // Yesterday 18:00 UTC back to the day before; the surge is 12:00–14:00.
    const end = new Date(Math.floor(Date.now() / (24 * HOUR)) * 24 * HOUR - 6 * HOUR);
    surgeStart = new Date(end.getTime() - 6 * HOUR);
    surgeEnd = new Date(end.getTime() - 4 * HOUR);
    const run = simulate({
      seed: 11,
      days: 1,
      end,
      contacts: 4000,
      campaignsPerWeek: 40,
      background: false,
      idPrefix: uniqueId('al-'),
      anomalies: [{ kind: 'complaint-surge', start: surgeStart, end: surgeEnd }],
    });
    const events: IngestEvent[] = [];
    for (const { event } of run) events.push(event);
    for (let i = 0; i < events.length; i += 5000) {
      const res = await postEvents(t.baseUrl, created.ingestKey, events.slice(i, i + 5000));
      expect(res.status).toBeLessThan(300);
    }

    for (const body of [
      { kind: 'email', name: 'On-call', recipients: ['oncall@example.test', 'deliverability@example.test'] },
      { kind: 'slack', name: '#deliverability', url: slack.url },
      { kind: 'webhook', name: 'Pager', url: webhook.url, secret: WEBHOOK_SECRET },
    ]) {
      const res = await call(t.baseUrl, 'POST', '/v1/alert-channels', { token: adminToken, body });
      expect(res.status).toBe(201);
    }

    // Every closed minute from an hour before the surge to four hours after it.
    const evaluator = t.app.get(AlertEvaluator);
    for (let at = surgeStart.getTime() - HOUR; at <= surgeEnd.getTime() + 4 * HOUR; at += MINUTE) {
      const s = await evaluator.evaluateAt(new Date(at), ws);
      expect(s.failed).toBe(0);
    }
    // Send what was queued; the webhook's two failures are retried after 1 s and 2 s.
    const delivery = t.app.get(AlertDelivery);
    const deadline = Date.now() + 30_000;
    for (;;) {
      await delivery.deliverDue();
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM alert_notifications WHERE workspace_id = $1 AND status = 'pending'`, [ws]);
      if (rows[0].n === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 300_000);

  afterAll(async () => {
    await pool?.end();
    await t?.close();
    await smtp?.close();
    await slack?.close();
    await webhook?.close();
  });

  it('opens exactly one incident, during the surge, and resolves it after the cooldown', async () => {
    const res = await call(t.baseUrl, 'GET', '/v1/alerts', { token: viewerToken });
    expect(res.status).toBe(200);
    const alerts = res.body['alerts'] as Loose[];
    expect(alerts.map((a) => [a['ruleName'], a['status']])).toEqual([['Complaint rate', 'resolved']]);
    const [a] = alerts;
    const opened = new Date(a!['openedAt']).getTime();
    const resolved = new Date(a!['resolvedAt']).getTime();
    expect(opened).toBeGreaterThan(surgeStart.getTime());
    expect(opened).toBeLessThan(surgeEnd.getTime());
    expect(resolved - opened).toBeGreaterThanOrEqual(15 * MINUTE);
    expect(a!['severity']).toBe('critical');

    // The numbers in the opening observation are the raw events' numbers for its window.
    const o = a!['opening'];
    const { rows } = await pool.query(
      `SELECT count(*) FILTER (WHERE type = 'email.sent')::int AS sent, count(*) FILTER (WHERE type = 'email.delivered')::int AS delivered,
              count(*) FILTER (WHERE type = 'email.complained')::int AS complaints
       FROM events WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3`,
      [ws, o.windowStart, o.windowEnd],
    );
    const raw = rows[0];
    expect(o.volume).toBe(raw.sent);
    expect(raw.sent).toBeGreaterThanOrEqual(200);
    expect(o.value).toBeCloseTo(raw.complaints / raw.delivered, 12);
    expect(o.value).toBeGreaterThanOrEqual(0.001);
    expect(o.summary).toContain(`(${raw.sent} sent, ${raw.delivered} delivered,`);
    expect(o.summary).toContain(`${raw.complaints} complaints)`);
  });

  it('emails one alert and one resolution to the recipients, with the numbers, the window and a link', async () => {
    const mails = smtp.messages;
    const firing = mails.filter((m) => m.subject?.startsWith('[Mailpulse FIRING]'));
    const resolved = mails.filter((m) => m.subject?.startsWith('[Mailpulse RESOLVED]'));
    const escalated = mails.filter((m) => m.subject?.startsWith('[Mailpulse ESCALATED]'));
    expect(firing).toHaveLength(1);
    expect(resolved).toHaveLength(1);
    expect(escalated.length).toBeLessThanOrEqual(1);
    expect(mails).toHaveLength(2 + escalated.length);

    const incident = (await call(t.baseUrl, 'GET', '/v1/alerts', { token: viewerToken })).body['alerts'][0];
    const mail = firing[0]!;
    expect(mail.subject).toMatch(/^\[Mailpulse FIRING\] (Warning|Critical): Complaint rate — test-/);
    expect((mail.to as { value: Array<{ address: string }> }).value.map((v) => v.address)).toEqual(['oncall@example.test', 'deliverability@example.test']);
    expect(mail.text).toContain(incident.opening.summary);
    expect(mail.text).toContain(`Window: ${incident.opening.windowStart.slice(0, 16).replace('T', ' ')} – ${incident.opening.windowEnd.slice(0, 16).replace('T', ' ')} UTC.`);
    expect(mail.text).toContain(`https://portal.example.test/anomalies?workspace=${ws}&incident=${incident.id}`);
    expect(resolved[0]!.text).toContain('Resolved: Complaint rate');
  });

  it('posts the same notices to Slack', () => {
    const texts = slack.requests.map((r) => JSON.parse(r.body).text as string);
    expect(texts.filter((s) => s.startsWith('[Mailpulse FIRING]'))).toHaveLength(1);
    expect(texts.filter((s) => s.startsWith('[Mailpulse RESOLVED]'))).toHaveLength(1);
    expect(slack.requests[0]!.body).toContain('https://portal.example.test/anomalies?workspace=');
  });

  it('signs webhook deliveries with HMAC and retries failures with backoff, recording them', async () => {
    expect(webhook.requests.map((r) => r.status).slice(0, 2)).toEqual([500, 503]);
    for (const r of webhook.requests) {
      const [, t0, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['x-mailpulse-signature']))!;
      expect(createHmac('sha256', WEBHOOK_SECRET).update(`${t0}.${r.body}`).digest('hex')).toBe(v1);
    }
    // Requests per notification: attempts 1, 2, … in order, the last one accepted.
    const byDelivery = new Map<number, Array<{ attempt: number; status: number; event: string; incidentId: string }>>();
    for (const r of webhook.requests) {
      const body = JSON.parse(r.body);
      byDelivery.set(body.deliveryId, [...(byDelivery.get(body.deliveryId) ?? []), { attempt: body.attempt, status: r.status, event: body.event, incidentId: body.incident.id }]);
    }
    const deliveries = [...byDelivery.values()];
    expect(deliveries.map((d) => d[0]!.event).sort()).toEqual(['firing', 'resolved']);
    for (const d of deliveries) {
      expect(d.map((x) => x.attempt)).toEqual(d.map((_, i) => i + 1));
      expect(d.at(-1)!.status).toBe(200);
    }
    expect(Math.max(...deliveries.map((d) => d.length))).toBeGreaterThan(1);

    const detail = await call(t.baseUrl, 'GET', `/v1/alerts/${deliveries[0]![0]!.incidentId}`, { token: viewerToken });
    expect(detail.status).toBe(200);
    const notifications = detail.body['notifications'] as Loose[];
    expect(notifications.map((n) => `${n['channelKind']}:${n['event']}:${n['status']}`).sort()).toEqual(
      ['email:firing:delivered', 'email:resolved:delivered', 'slack:firing:delivered', 'slack:resolved:delivered', 'webhook:firing:delivered', 'webhook:resolved:delivered'],
    );
    for (const n of notifications.filter((x) => x['channelKind'] === 'webhook')) {
      const sent = deliveries.find((d) => d[0]!.event === n['event'])!;
      expect(n['attempts']).toBe(sent.length);
      if (sent.length > 1) expect(n['lastError']).toMatch(/answered 50[03]/);
    }
  });

  it('claims each closed bucket once across processes', async () => {
    const cursor = t.app.get(AlertEvaluationCursorRepository);
    const bucket = new Date(Date.now() + 400 * 24 * HOUR + Math.floor(Math.random() * 1e6) * MINUTE);
    const claims = await Promise.all([cursor.claimBucket(bucket), cursor.claimBucket(bucket), cursor.claimBucket(bucket)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await cursor.claimBucket(new Date(bucket.getTime() - MINUTE))).toBe(false);
    await pool.query(`DELETE FROM alert_evaluation_cursor WHERE name = 'alerts'`);
  });

  describe('rules and channels over REST', () => {
    it('lists the defaults to viewers and lets only admins change rules', async () => {
      const list = await call(t.baseUrl, 'GET', '/v1/alert-rules', { token: viewerToken });
      expect(list.status).toBe(200);
      const rules = list.body['rules'] as Loose[];
      expect(rules.map((r) => r['builtin']).sort()).toEqual(['complaint-rate', 'dns-auth', 'hard-bounce-rate', 'smtp-probe']);
      const complaint = rules.find((r) => r['builtin'] === 'complaint-rate')!;
      expect(complaint['definition']).toMatchObject({ metric: 'complaint_rate', comparator: 'gte', value: 0.001, criticalValue: 0.003, windowMinutes: 60, minimumVolume: 200 });

      const body = { kind: 'threshold', name: 'Yahoo bounces', definition: { metric: 'bounce_rate', value: 0.1, filter: { recipientDomain: 'Yahoo.com' } } };
      expect((await call(t.baseUrl, 'POST', '/v1/alert-rules', { token: viewerToken, body })).status).toBe(403);
      const created = await call(t.baseUrl, 'POST', '/v1/alert-rules', { token: adminToken, body });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ kind: 'threshold', enabled: true, cooldownMinutes: 15, definition: { comparator: 'gte', windowMinutes: 60, minimumVolume: 0, filter: { recipientDomain: 'yahoo.com' } } });

      const patched = await call(t.baseUrl, 'PATCH', `/v1/alert-rules/${created.body['id']}`, { token: adminToken, body: { enabled: false, definition: { metric: 'bounce_rate', value: 0.2 } } });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ enabled: false, definition: { value: 0.2 } });
      expect((await call(t.baseUrl, 'DELETE', `/v1/alert-rules/${created.body['id']}`, { token: adminToken })).status).toBe(204);
      expect((await call(t.baseUrl, 'DELETE', `/v1/alert-rules/${created.body['id']}`, { token: adminToken })).status).toBe(404);

      const off = await call(t.baseUrl, 'DELETE', `/v1/alert-rules/${complaint['id']}`, { token: adminToken });
      expect(off.status).toBe(400);
      expect(off.body['error']['message']).toContain('set enabled to false');
    });

    it.each([
      ['a missing kind', 'kind', { name: 'x', definition: {} }],
      ['an unknown metric', 'definition.metric', { kind: 'threshold', name: 'x', definition: { metric: 'open_rate', value: 1 } }],
      ['a negative value', 'definition.value', { kind: 'threshold', name: 'x', definition: { metric: 'sent', value: -1 } }],
      ['a critical level below the warning', 'definition.criticalValue', { kind: 'threshold', name: 'x', definition: { metric: 'complaint_rate', value: 0.003, criticalValue: 0.001 } }],
      ['an unknown check', 'definition.check', { kind: 'infrastructure', name: 'x', definition: { check: 'ftp' } }],
      ['an empty name', 'name', { kind: 'anomaly', name: ' ', definition: {} }],
      ['an unknown field', 'colour', { kind: 'anomaly', name: 'x', definition: {}, colour: 'red' }],
    ])('refuses a rule with %s, naming %s', async (_what, field, body) => {
      const res = await call(t.baseUrl, 'POST', '/v1/alert-rules', { token: adminToken, body });
      expect(res.status).toBe(400);
      expect(res.body['error']['field']).toBe(field);
    });

    it('refuses a bad definition in a change, naming the field', async () => {
      const rules = (await call(t.baseUrl, 'GET', '/v1/alert-rules', { token: adminToken })).body['rules'] as Loose[];
      const id = rules.find((r) => r['builtin'] === 'hard-bounce-rate')!['id'];
      const res = await call(t.baseUrl, 'PATCH', `/v1/alert-rules/${id}`, { token: adminToken, body: { definition: { metric: 'hard_bounce_rate', value: 'high' } } });
      expect(res.status).toBe(400);
      expect(res.body['error']['field']).toBe('definition.value');
      expect((await call(t.baseUrl, 'PATCH', '/v1/alert-rules/not-a-uuid', { token: adminToken, body: {} })).body['error']['field']).toBe('id');
    });

    it('shows channels without their credentials, and refuses bad ones naming the field', async () => {
      const res = await call(t.baseUrl, 'GET', '/v1/alert-channels', { token: viewerToken });
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(WEBHOOK_SECRET);
      expect((res.body['channels'] as Loose[]).map((c) => c['kind'])).toEqual(['email', 'slack', 'webhook']);
      for (const [body, field] of [
        [{ kind: 'email', name: 'x', recipients: ['not-an-address'] }, 'recipients.0'],
        [{ kind: 'webhook', name: 'x', url: 'https://example.test/h', secret: 'short' }, 'secret'],
        [{ kind: 'slack', name: 'x', url: 'ftp://example.test' }, 'url'],
        [{ kind: 'pager', name: 'x' }, 'kind'],
      ] as const) {
        const bad = await call(t.baseUrl, 'POST', '/v1/alert-channels', { token: adminToken, body });
        expect([bad.status, bad.body['error']['field']]).toEqual([400, field]);
      }
    });

    it('keeps each workspace to its own alerts', async () => {
      const other = await t.newWorkspace();
      const res = await call(t.baseUrl, 'GET', '/v1/alerts', { token: other.readKey });
      expect(res.body['alerts']).toEqual([]);
      const incidentId = (await call(t.baseUrl, 'GET', '/v1/alerts', { token: viewerToken })).body['alerts'][0]['id'];
      expect((await call(t.baseUrl, 'GET', `/v1/alerts/${incidentId}`, { token: other.readKey })).status).toBe(404);
    });
  });
});
