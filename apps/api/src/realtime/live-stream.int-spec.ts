import { Pool } from 'pg';
import { newUser, signIn } from '../../test/support/auth-requests';
import { connectLive, LiveClient, refusedConnection, summed, totalEvents } from '../../test/support/live-client';
import { postEvents, startTestApp, TestApp, uniqueId } from '../../test/support/test-app';
import { testDatabaseUrl } from '../../test/support/test-database';
import { CLI_ACTOR } from '../workspaces/principal';
import { WorkspaceService } from '../workspaces/workspace.service';
import { ConnectionRecheck } from './connection-recheck.service';
import { RealtimePublisher } from './realtime.publisher';

const MPP_UA = 'Mozilla/5.0';
const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

/** One request's worth of lifecycle events across two campaigns, with opens, clicks and conversions. */
function batchOf(run: string, request: number, size: number): Record<string, unknown>[] {
  const now = Date.now();
  return Array.from({ length: size }, (_, i) => {
    const k = request * size + i;
    const campaignId = k % 3 === 0 ? 'autumn' : 'spring';
    const base = { id: `${run}-${k}`, occurredAt: new Date(now - 1000).toISOString(), messageId: `${run}-m${k}`, campaignId, contact: { email: `p${k % 37}@example.com` } };
    switch (k % 5) {
      case 0:
        return { ...base, type: 'email.sent' };
      case 1:
        return { ...base, type: 'email.delivered' };
      case 2:
        return { ...base, type: 'email.opened', properties: { userAgent: k % 2 ? MPP_UA : BROWSER_UA, ip: '203.0.113.9' } };
      case 3:
        return { ...base, type: 'email.clicked', properties: { url: 'https://shop.example.com/p', userAgent: BROWSER_UA, ip: '203.0.113.9' } };
      default:
        return { ...base, type: 'conversion', properties: { amount: 1.25 + (k % 4), currency: 'EUR' } };
    }
  });
}

describe('live stream (socket.io, in-process adapter and Redis adapter)', () => {
  let t: TestApp;
  let pool: Pool;

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_FLUSH_MS: '400' });
    pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
  });
  afterAll(async () => {
    await t.close();
    await pool.end();
  });

  const clients: LiveClient[] = [];
  const track = (c: LiveClient) => (clients.push(c), c);
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  describe('refuses connections it cannot authenticate', () => {
    it('without a credential', async () => {
      expect(await refusedConnection(t.baseUrl)).toMatchObject({ code: 'missing_credentials', field: 'auth.token' });
    });

    it('with an unknown key, an ingest key or an unknown session', async () => {
      const ws = await t.newWorkspace();
      expect(await refusedConnection(t.baseUrl, { token: 'mp_read_nosuchkeynosuchkeynosuchkey0' })).toMatchObject({ code: 'invalid_key' });
      expect(await refusedConnection(t.baseUrl, { token: ws.ingestKey })).toMatchObject({ code: 'wrong_key_scope', message: 'This is a ingest key; the live stream needs a read key' });
      expect(await refusedConnection(t.baseUrl, { token: `mp_session_${'x'.repeat(43)}` })).toMatchObject({ code: 'invalid_session' });
    });

    it('with a malformed Authorization header', async () => {
      expect(await refusedConnection(t.baseUrl, { headers: { authorization: 'Basic abc' } })).toMatchObject({ code: 'missing_credentials', field: 'Authorization' });
    });

    it('signed in by cookie from a page of another origin', async () => {
      const ws = await t.newWorkspace();
      const user = await newUser(t, { workspaceId: ws.workspaceId, role: 'viewer' });
      const token = await signIn(t, user);
      expect(await refusedConnection(t.baseUrl, { headers: { cookie: `mp_session=${token}`, origin: 'https://evil.example' } })).toMatchObject({ code: 'cross_site_request', field: 'Origin' });
      // The same cookie from the portal's own origin is accepted.
      const host = new URL(t.baseUrl).host;
      const ok = track(await connectLive(t.baseUrl, { headers: { cookie: `mp_session=${token}`, origin: `http://${host}` } }));
      expect(await ok.subscribe()).toMatchObject({ ok: true, workspaceId: ws.workspaceId });
    });
  });

  describe('joins only rooms of workspaces the viewer may read', () => {
    it('a read key: its own workspace, not another one', async () => {
      const [a, b] = [await t.newWorkspace(), await t.newWorkspace()];
      const c = track(await connectLive(t.baseUrl, { token: a.readKey }));
      expect(await c.subscribe()).toMatchObject({ ok: true, room: `workspace:${a.workspaceId}`, campaignId: null });
      expect(await c.subscribe({ workspaceId: a.workspaceId, campaignId: 'spring' })).toMatchObject({ ok: true, room: `workspace:${a.workspaceId}:campaign:spring` });
      expect(await c.subscribe({ workspaceId: b.workspaceId })).toEqual({ ok: false, error: { code: 'not_found', message: `No workspace ${b.workspaceId} for this key`, field: 'workspaceId' } });
    });

    it('a viewer session: workspaces where the user is a member; several need a workspaceId', async () => {
      const [a, b, other] = [await t.newWorkspace(), await t.newWorkspace(), await t.newWorkspace()];
      const user = await newUser(t, { workspaceId: a.workspaceId, role: 'viewer' });
      const token = await signIn(t, user);
      const c = track(await connectLive(t.baseUrl, { token }));
      expect(await c.subscribe()).toMatchObject({ ok: true, workspaceId: a.workspaceId });
      expect(await c.subscribe({ workspaceId: other.workspaceId })).toMatchObject({ ok: false, error: { code: 'not_found', field: 'workspaceId' } });
      await pool.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'viewer')`, [b.workspaceId, user.id]);
      expect(await c.subscribe()).toMatchObject({ ok: false, error: { code: 'workspace_required', field: 'workspaceId' } });
      expect(await c.subscribe({ workspaceId: b.workspaceId.toUpperCase() })).toMatchObject({ ok: true, workspaceId: b.workspaceId });
    });

    it('a signed-out session gets no new rooms', async () => {
      const ws = await t.newWorkspace();
      const user = await newUser(t, { workspaceId: ws.workspaceId, role: 'viewer' });
      const token = await signIn(t, user);
      const c = track(await connectLive(t.baseUrl, { token }));
      const out = await fetch(`${t.baseUrl}/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(out.status).toBeLessThan(300);
      expect(await c.subscribe()).toMatchObject({ ok: false, error: { code: 'invalid_session' } });
    });

    it('at most 100 rooms per connection', async () => {
      const ws = await t.newWorkspace();
      const c = track(await connectLive(t.baseUrl, { token: ws.readKey }));
      const acks = await Promise.all(Array.from({ length: 100 }, (_, i) => c.subscribe({ campaignId: `c${i}` })));
      expect(acks.every((a) => a.ok)).toBe(true);
      expect(await c.subscribe({ campaignId: 'one-more' })).toMatchObject({ ok: false, error: { code: 'too_many_rooms', field: 'campaignId' } });
      // Joining a room again is not one more; leaving one makes space.
      expect(await c.subscribe({ campaignId: 'c7' })).toMatchObject({ ok: true });
      expect(await c.unsubscribe({ campaignId: 'c7' })).toEqual({ ok: true });
      expect(await c.subscribe({ campaignId: 'one-more' })).toMatchObject({ ok: true });
    });

    it.each([
      [{ workspaceId: 'not-a-uuid' }, 'workspaceId'],
      [{ campaignId: '' }, 'campaignId'],
      [{ campaignId: 7 }, 'campaignId'],
      [{ room: 'x' }, 'room'],
      ['spring', 'subscription'],
    ])('names the bad field of a subscription %j', async (body, field) => {
      const ws = await t.newWorkspace();
      const c = track(await connectLive(t.baseUrl, { token: ws.readKey }));
      const ack = await c.subscribe(body as never);
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_body', field } });
    });
  });

  it('coalesces: many stored batches become few deltas whose sums equal a GROUP BY over the stored events', async () => {
    const ws = await t.newWorkspace();
    const all = track(await connectLive(t.baseUrl, { token: ws.readKey }));
    const spring = track(await connectLive(t.baseUrl, { token: ws.readKey }));
    expect(await all.subscribe()).toMatchObject({ ok: true });
    expect(await spring.subscribe({ campaignId: 'spring' })).toMatchObject({ ok: true });

    const run = uniqueId('rt-');
    const requests = 30;
    const size = 40;
    // Three waves of ten concurrent requests, as several senders would post: many group commits, few deltas.
    for (let wave = 0; wave < 3; wave++) {
      const answers = await Promise.all(Array.from({ length: requests / 3 }, (_, i) => postEvents(t.baseUrl, ws.ingestKey, batchOf(run, wave * 10 + i, size))));
      for (const res of answers) expect(res.body).toMatchObject({ accepted: size });
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await all.waitFor((d) => totalEvents(d) >= requests * size, 'workspace deltas with every event');
    const { rows } = await pool.query<{ type: string; verdict: string; campaign_id: string; n: string; revenue: string | null }>(
      'SELECT type, verdict, campaign_id, count(*) AS n, sum(amount) AS revenue FROM events WHERE workspace_id = $1 GROUP BY 1, 2, 3',
      [ws.workspaceId],
    );
    const expected = (filter: (r: (typeof rows)[number]) => boolean) => rows.filter(filter).reduce((s, r) => s + Number(r.n), 0);
    const springEvents = expected((r) => r.campaign_id === 'spring');
    await spring.waitFor((d) => totalEvents(d) >= springEvents, 'spring deltas with every spring event');
    // Nothing more arrives later: the sums are exact, not at least.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(totalEvents(all.deltas)).toBe(requests * size);
    for (const type of ['email.sent', 'email.delivered', 'email.opened', 'email.clicked', 'conversion']) {
      for (const verdict of ['human', 'machine', 'unknown'] as const) {
        expect(summed(all.deltas, type, verdict)).toBe(expected((r) => r.type === type && r.verdict === verdict));
        expect(summed(spring.deltas, type, verdict)).toBe(expected((r) => r.type === type && r.verdict === verdict && r.campaign_id === 'spring'));
      }
    }
    expect(summed(all.deltas, 'email.opened', 'machine')).toBeGreaterThan(0);
    expect(summed(all.deltas, 'email.opened', 'human')).toBeGreaterThan(0);
    const revenue = rows.reduce((s, r) => s + Number(r.revenue ?? 0), 0);
    expect(all.deltas.reduce((s, d) => s + d.delta.revenue, 0)).toBeCloseTo(revenue, 6);
    expect(totalEvents(spring.deltas)).toBe(springEvents);
    expect(spring.deltas.every((d) => d.campaignId === 'spring' && d.room === `workspace:${ws.workspaceId}:campaign:spring`)).toBe(true);

    // 30 stored requests became a few deltas, each at least REALTIME_FLUSH_MS after the previous.
    expect(all.deltas.length).toBeLessThan(requests);
    expect(all.deltas.map((d) => d.seq)).toEqual(all.deltas.map((_, i) => i + 1));
    const sent = all.deltas.map((d) => Date.parse(d.sentAt));
    for (let i = 1; i < sent.length; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(400);

    // The live window (in the deltas, and in the snapshot a subscription answers) holds the live store's counts
    // and the active contacts.
    const ack = await all.subscribe();
    if (!ack.ok) throw new Error(ack.error.message);
    expect(ack.snapshot).toMatchObject({ minutes: 60, counts: { 'email.sent': expected((r) => r.type === 'email.sent') } });
    expect(ack.snapshot!.activeContacts).toBeGreaterThanOrEqual(36);
    expect(ack.snapshot!.activeContacts).toBeLessThanOrEqual(38);
    expect(ack.snapshot!.rates.delivery).toBeCloseTo(1, 10);
  });

  it('serves HTTP long-polling too (browsers behind proxies without WebSocket)', async () => {
    const ws = await t.newWorkspace();
    const c = track(await connectLive(t.baseUrl, { token: ws.readKey, transports: ['polling'] }));
    expect(c.socket.io.engine.transport.name).toBe('polling');
    expect(await c.subscribe()).toMatchObject({ ok: true });
    await postEvents(t.baseUrl, ws.ingestKey, batchOf(uniqueId('poll-'), 0, 15));
    await c.waitFor((d) => totalEvents(d) === 15, 'all 15 events over polling');
  });

  it('reconnects: after the connection drops, the client subscribes again and gets the live totals and new deltas', async () => {
    const ws = await t.newWorkspace();
    const c = track(await connectLive(t.baseUrl, { token: ws.readKey }));
    const acks: unknown[] = [];
    c.socket.on('connect', () => void c.subscribe().then((ack) => acks.push(ack)));
    expect(await c.subscribe()).toMatchObject({ ok: true });
    const run = uniqueId('rc-');
    await postEvents(t.baseUrl, ws.ingestKey, batchOf(run, 0, 10));
    await c.waitFor((d) => totalEvents(d) === 10, 'the first 10 events');

    const reconnected = new Promise<void>((resolve) => c.socket.io.once('reconnect', () => resolve()));
    // Drops the transport as a network failure would; the client reconnects on its own.
    c.socket.io.engine.close();
    await reconnected;
    await new Promise<void>((resolve) => {
      const check = () => (acks.length > 0 ? resolve() : setTimeout(check, 20));
      check();
    });
    expect(acks[0]).toMatchObject({ ok: true, snapshot: { counts: { 'email.sent': 2, 'email.delivered': 2, 'email.opened': 2, 'email.clicked': 2, conversion: 2 } } });
    await postEvents(t.baseUrl, ws.ingestKey, batchOf(run, 1, 10));
    await c.waitFor((d) => totalEvents(d) === 20, 'the next 10 events after reconnecting');
  });

  describe('checks open connections again', () => {
    const disconnected = (c: LiveClient) => new Promise<string>((resolve) => c.socket.once('disconnect', (reason) => resolve(reason)));

    it('closes a connection whose session was signed out', async () => {
      const ws = await t.newWorkspace();
      const user = await newUser(t, { workspaceId: ws.workspaceId, role: 'viewer' });
      const token = await signIn(t, user);
      const c = track(await connectLive(t.baseUrl, { token }));
      expect(await c.subscribe()).toMatchObject({ ok: true });
      const closed = disconnected(c);
      await fetch(`${t.baseUrl}/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      await t.app.get(ConnectionRecheck).recheckAll();
      expect(await closed).toBe('io server disconnect');
    });

    it('closes a connection whose key was revoked', async () => {
      const ws = await t.newWorkspace();
      const c = track(await connectLive(t.baseUrl, { token: ws.readKey }));
      expect(await c.subscribe()).toMatchObject({ ok: true });
      const { rows } = await pool.query<{ id: string }>(`SELECT id FROM api_keys WHERE workspace_id = $1 AND scope = 'read'`, [ws.workspaceId]);
      await t.app.get(WorkspaceService).revokeKey(ws.workspaceId, rows[0]!.id, CLI_ACTOR);
      const closed = disconnected(c);
      await t.app.get(ConnectionRecheck).recheckAll();
      expect(await closed).toBe('io server disconnect');
      expect(await refusedConnection(t.baseUrl, { token: ws.readKey })).toMatchObject({ code: 'invalid_key' });
    });

    it('takes a user who lost a workspace out of its rooms, and keeps the others', async () => {
      const [a, b] = [await t.newWorkspace(), await t.newWorkspace()];
      const user = await newUser(t, { workspaceId: a.workspaceId, role: 'viewer' });
      await pool.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'viewer')`, [b.workspaceId, user.id]);
      const c = track(await connectLive(t.baseUrl, { token: await signIn(t, user) }));
      expect(await c.subscribe({ workspaceId: a.workspaceId })).toMatchObject({ ok: true });
      expect(await c.subscribe({ workspaceId: a.workspaceId, campaignId: 'spring' })).toMatchObject({ ok: true });
      expect(await c.subscribe({ workspaceId: b.workspaceId })).toMatchObject({ ok: true });
      await pool.query('DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2', [a.workspaceId, user.id]);
      const outcome = await t.app.get(ConnectionRecheck).recheckAll();
      expect(outcome.roomsLeft).toBeGreaterThanOrEqual(2);
      const run = uniqueId('lost-');
      await postEvents(t.baseUrl, a.ingestKey, batchOf(run, 0, 5));
      await postEvents(t.baseUrl, b.ingestKey, batchOf(run, 1, 7));
      await c.waitFor((d) => totalEvents(d) >= 7, 'the 7 events of the workspace still readable');
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(c.deltas.map((d) => d.workspaceId)).toEqual(c.deltas.map(() => b.workspaceId));
      expect(totalEvents(c.deltas)).toBe(7);
    });
  });

  it('pushes notices to the workspace room and the named campaign room, not to other workspaces', async () => {
    const [a, b] = [await t.newWorkspace(), await t.newWorkspace()];
    const inA = track(await connectLive(t.baseUrl, { token: a.readKey }));
    const inCampaign = track(await connectLive(t.baseUrl, { token: a.readKey }));
    const inB = track(await connectLive(t.baseUrl, { token: b.readKey }));
    await inA.subscribe();
    await inA.subscribe({ campaignId: 'spring' });
    await inCampaign.subscribe({ campaignId: 'spring' });
    await inB.subscribe();
    const sent = t.app.get(RealtimePublisher).publishNotice(a.workspaceId, { kind: 'anomaly', title: 'Bounce rate 3× the usual', campaignId: 'spring', severity: 'critical', data: { metric: 'bounce', observed: 0.09, expected: 0.03 } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(inA.notices).toEqual([sent]);
    expect(inCampaign.notices).toEqual([sent]);
    expect(inB.notices).toEqual([]);
    expect(sent).toMatchObject({ kind: 'anomaly', workspaceId: a.workspaceId, campaignId: 'spring', severity: 'critical', detail: null, refId: null });
  });

  it('keeps serving its own clients while Redis is away, and the process stays up', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    // Nothing listens on this port: the live store and the adapter's Redis clients keep failing.
    const cut = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:6399', REALTIME_FLUSH_MS: '100' });
    try {
      const ws = await cut.newWorkspace();
      const c = track(await connectLive(cut.baseUrl, { token: ws.readKey }));
      expect(await c.subscribe()).toMatchObject({ ok: true, snapshot: null });
      await postEvents(cut.baseUrl, ws.ingestKey, batchOf(uniqueId('cut-'), 0, 20));
      await c.waitFor((d) => totalEvents(d) === 20, 'all 20 events without Redis');
      cut.app.get(RealtimePublisher).publishNotice(ws.workspaceId, { kind: 'alert', title: 'Redis is away' });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(c.notices.map((n) => n.title)).toEqual(['Redis is away']);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
      await cut.close();
    }
  });

  it('works the same without Redis (in-process adapter and live store)', async () => {
    const solo = await startTestApp({ REDIS_URL: '', REALTIME_FLUSH_MS: '100' });
    try {
      const ws = await solo.newWorkspace();
      const c = track(await connectLive(solo.baseUrl, { token: ws.readKey }));
      expect(await c.subscribe()).toMatchObject({ ok: true });
      await postEvents(solo.baseUrl, ws.ingestKey, batchOf(uniqueId('solo-'), 0, 25));
      await c.waitFor((d) => totalEvents(d) === 25, 'all 25 events');
      expect(c.deltas.at(-1)!.live!.activeContacts).toBe(25);
    } finally {
      await solo.close();
    }
  });
});
