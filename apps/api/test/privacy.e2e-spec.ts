import { Pool } from 'pg';
import { RedisLiveStore } from '../src/live-store/redis-live-store';
import { call, newUser, signIn } from './support/auth-requests';
import { startLoopbackHttp, type LoopbackHttp } from './support/loopback-http';
import { startTestApp, TestApp, uniqueId } from './support/test-app';
import { testDatabaseUrl, testRedisUrl } from './support/test-database';

/**
 * GDPR export and erase of one contact over HTTP, against the real PostgreSQL and Redis: everything about the
 * contact is exported, then erased from raw events, message states, dead letters, notification messages and the
 * live store; other
 * contacts and the rollups are untouched; both requests are in the audit log; only admins may ask.
 */
describe('privacy: export and erase one contact', () => {
  let t: TestApp;
  let pool: Pool;
  let live: RedisLiveStore;
  let slack: LoopbackHttp;
  let ws: { workspaceId: string; ingestKey: string; readKey: string };
  let admin: string;
  let viewer: string;
  const ada = `ada-${uniqueId()}@example.com`;
  const bob = `bob-${uniqueId()}@example.com`;
  const minute = Math.floor((Date.now() - 5 * 60_000) / 60_000) * 60_000;
  const at = new Date(minute + 1_000).toISOString();

  beforeAll(async () => {
    t = await startTestApp();
    pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    live = await RedisLiveStore.connect(testRedisUrl(), 3_600_000);
    ws = await t.newWorkspace();
    admin = await signIn(t, await newUser(t, { workspaceId: ws.workspaceId, role: 'admin' }));
    viewer = await signIn(t, await newUser(t, { workspaceId: ws.workspaceId, role: 'viewer' }));
    // A "first delivery per contact" notification rule: its message about Ada (and its mark of her) are hers too.
    slack = await startLoopbackHttp();
    const channel = await call(t.baseUrl, 'POST', '/v1/alert-channels', { token: admin, body: { kind: 'slack', name: '#deliveries', url: slack.url } });
    expect(channel.status).toBe(201);
    const rule = await call(t.baseUrl, 'POST', '/v1/notification-rules', {
      token: admin,
      body: { name: 'First delivery', filter: { types: ['email.delivered'] }, firstOccurrence: 'contact', channelIds: [channel.body.id] },
    });
    expect(rule.status).toBe(201);
    const send = (body: unknown) => call(t.baseUrl, 'POST', '/v1/events', { token: ws.ingestKey, body });
    const sent = await send([
      { id: 'a1', type: 'email.sent', occurredAt: at, campaignId: 'spring', messageId: 'm-ada', contact: { email: ada.toUpperCase() } },
      { id: 'a2', type: 'email.delivered', occurredAt: at, campaignId: 'spring', messageId: 'm-ada', contact: { email: ada } },
      // An ESP report that names only the message still belongs to the contact.
      { id: 'a3', type: 'email.opened', occurredAt: at, messageId: 'm-ada' },
      { id: 'b1', type: 'email.sent', occurredAt: at, campaignId: 'spring', messageId: 'm-bob', contact: { email: bob } },
    ]);
    expect(sent.status).toBe(202);
    // A rejected event that names Ada is kept as a dead letter with its payload.
    const rejected = await send({ id: 'a4', type: 'email.nonsense', occurredAt: at, contact: { email: ada } });
    expect(rejected.status).toBe(400);
    await new Promise((r) => setTimeout(r, 200)); // the live store is written after the acknowledgement
    for (let i = 0; i < 100 && (await pool.query(`SELECT 1 FROM notification_deliveries WHERE workspace_id = $1 AND status = 'delivered'`, [ws.workspaceId])).rowCount === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    await slack?.close();
    await live.close();
    await pool.end();
    await t.close();
  });

  const rows = async (sql: string, ...args: unknown[]) => (await pool.query(sql, [ws.workspaceId, ...args])).rows;
  const rollups = () => rows(`SELECT bucket, campaign_id, type, count FROM rollups_minute WHERE workspace_id = $1 ORDER BY 1, 2, 3`);

  it('lets only admins ask', async () => {
    const body = { contact: { email: ada } };
    expect((await call(t.baseUrl, 'POST', '/v1/privacy/export', { token: viewer, body })).body.error.code).toBe('insufficient_role');
    expect((await call(t.baseUrl, 'POST', '/v1/privacy/erase', { token: ws.ingestKey, body })).status).toBe(403);
    expect((await call(t.baseUrl, 'POST', '/v1/privacy/erase', { body })).status).toBe(401);
  });

  it.each([
    [{}, 'contact'],
    [{ contact: {} }, 'contact'],
    [{ contact: { email: 'not-an-address' } }, 'contact.email'],
    [{ contact: { externalId: '' } }, 'contact.externalId'],
    [{ contact: { email: 'a@b.co', phone: '1' } }, 'contact.phone'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const res = await call(t.baseUrl, 'POST', '/v1/privacy/export', { token: admin, body });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });

  it('exports everything about the contact, then erases it everywhere and records both', async () => {
    const exported = await call(t.baseUrl, 'POST', '/v1/privacy/export', { token: admin, body: { contact: { email: ada.toUpperCase() } } });
    expect(exported.status).toBe(200);
    expect(exported.body.contact).toEqual({ email: ada, externalId: null });
    expect(exported.body.events.map((e: { id: string }) => e.id).sort()).toEqual(['a1', 'a2', 'a3']);
    expect(exported.body.messages).toEqual([expect.objectContaining({ message_id: 'm-ada', contact_email: ada, status: 'opened' })]);
    expect(exported.body.journeys).toEqual([{ messageId: 'm-ada', campaignId: 'spring', steps: expect.arrayContaining([expect.objectContaining({ type: 'email.opened' })]) }]);
    expect(exported.body.deadLetters).toHaveLength(1);
    expect(exported.body.deadLetters[0].payload.contact.email).toBe(ada);
    expect(exported.body.notifications).toEqual([expect.objectContaining({ kind: 'match', status: 'delivered', payload: expect.objectContaining({ event: expect.objectContaining({ id: 'a2', contact: { email: ada, externalId: null } }) }) })]);
    expect(exported.body.live.activeMinutes).toEqual([new Date(minute).toISOString()]);
    expect(JSON.stringify(exported.body)).not.toContain(bob);

    expect(await live.countActiveContacts(ws.workspaceId, minute, minute)).toBe(2);
    const rollupsBefore = await rollups();

    const erased = await call(t.baseUrl, 'POST', '/v1/privacy/erase', { token: admin, body: { contact: { email: ada } } });
    expect(erased.status).toBe(200);
    // Notifications: the message about her delivery and the rule's first-occurrence mark of her.
    expect(erased.body.erased).toEqual({ events: 3, messages: 1, deadLetters: 1, dailySummaries: 0, notifications: 2, liveMinutes: 1 });
    expect(erased.body.liveStoreUpdated).toBe(true);

    expect(await rows(`SELECT id FROM events WHERE workspace_id = $1 ORDER BY id`)).toEqual([{ id: 'b1' }]);
    expect(await rows(`SELECT message_id FROM message_states WHERE workspace_id = $1`)).toEqual([{ message_id: 'm-bob' }]);
    expect(await rows(`SELECT id FROM dead_letters WHERE workspace_id = $1`)).toEqual([]);
    expect(await rows(`SELECT id FROM notification_deliveries WHERE workspace_id = $1`)).toEqual([]);
    expect(await rows(`SELECT event_id FROM notification_first_occurrences WHERE workspace_id = $1`)).toEqual([]);
    expect(await rollups()).toEqual(rollupsBefore);
    expect(await live.countActiveContacts(ws.workspaceId, minute, minute)).toBe(1);

    const again = await call(t.baseUrl, 'POST', '/v1/privacy/export', { token: admin, body: { contact: { email: ada } } });
    expect(again.body).toMatchObject({ events: [], messages: [], journeys: [], deadLetters: [], notifications: [], live: { activeMinutes: [] } });

    const audit = await rows(`SELECT action, target, details FROM audit_log WHERE workspace_id = $1 AND action LIKE 'contact.%' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['contact.export', 'contact.erase', 'contact.export']);
    expect(audit[1].details.erased).toEqual({ events: 3, messages: 1, deadLetters: 1, dailySummaries: 0, notifications: 2 });
    expect(audit[0].target).toMatch(/^contact:[0-9a-f]{64}$/);
    expect(JSON.stringify(audit)).not.toContain(ada);
  });

  it('finds a contact by external id too, and nothing of another workspace', async () => {
    const other = await t.newWorkspace();
    const externalId = uniqueId('crm-');
    expect((await call(t.baseUrl, 'POST', '/v1/events', { token: other.ingestKey, body: { type: 'email.sent', occurredAt: at, messageId: 'm-x', contact: { externalId } } })).status).toBe(202);
    const mine = await call(t.baseUrl, 'POST', '/v1/privacy/erase', { token: admin, body: { contact: { externalId } } });
    expect(mine.body.erased.events).toBe(0);
    const { rows: kept } = await pool.query('SELECT count(*)::int AS n FROM events WHERE workspace_id = $1', [other.workspaceId]);
    expect(kept[0].n).toBe(1);
  });
});
