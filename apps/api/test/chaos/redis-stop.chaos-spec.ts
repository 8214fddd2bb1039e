import { Pool } from 'pg';
import { RedisLiveStore } from '../../src/live-store/redis-live-store';
import { call, newUser, signIn } from '../support/auth-requests';
import { startTestApp, TestApp, uniqueId } from '../support/test-app';
import { testDatabaseUrl } from '../support/test-database';
import { ThrowawayRedis } from './support/throwaway-redis';

const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Redis (the live store) goes away while events arrive. The server uses a redis-server of its own. Ingestion and
 * the REST API go on answering; /health says the live store is down; when Redis is back (empty, as after a
 * restart without persistence) the live store reconnects and the minutes it missed are rebuilt from PostgreSQL,
 * equal to the minute rollups.
 */
describe('chaos: Redis stop', () => {
  let redis: ThrowawayRedis;
  let t: TestApp;
  let pool: Pool;
  let reader: RedisLiveStore | undefined;

  beforeAll(async () => {
    redis = await ThrowawayRedis.create();
    t = await startTestApp({ REDIS_URL: redis.url });
    pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
  }, 60_000);
  afterAll(async () => {
    await reader?.close();
    await t?.close();
    await pool?.end();
    await redis?.stop();
  });

  it('keeps ingestion and REST going, then rebuilds the missed minutes from PostgreSQL', async () => {
    const ws = await t.newWorkspace(`chaos-redis-${uniqueId()}`);
    const admin = await signIn(t, await newUser(t, { workspaceId: ws.workspaceId, role: 'admin' }));
    const run = uniqueId('rd');
    const statuses = new Map<number, number>();
    let sent = 0;
    const sendBatch = async () => {
      const at = new Date().toISOString();
      const batch = Array.from({ length: 20 }, (_, i) => ({
        id: `${run}-${sent}-${i}`,
        type: i % 2 === 0 ? 'email.sent' : 'email.opened',
        occurredAt: at,
        messageId: `${run}-m-${sent}-${i}`,
        campaignId: i % 3 === 0 ? 'spring' : 'autumn',
        contact: { email: `c${i}@example.com` },
      }));
      sent++;
      const res = await call(t.baseUrl, 'POST', '/v1/events', { token: ws.ingestKey, body: batch });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    };
    const load = async (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until) await sendBatch();
    };

    await load(800);
    await redis.stop();
    const outageStart = Date.now();
    await load(2_000);
    const restStatuses = [
      (await call(t.baseUrl, 'GET', '/v1/audit-log', { token: admin, workspace: ws.workspaceId })).status,
      (await call(t.baseUrl, 'GET', '/v1/retention', { token: admin, workspace: ws.workspaceId })).status,
    ];
    const health = await call(t.baseUrl, 'GET', '/health');
    await redis.start();

    // The store reconnects on its own and the recovery (every 2 s) rebuilds from the first missed minute.
    reader = await RedisLiveStore.connect(redis.url, 3_600_000);
    const from = outageStart - (outageStart % MINUTE) - MINUTE;
    const expected = async () => {
      const { rows } = await pool.query<{ bucket: Date; counts: Record<string, number> }>(
        `SELECT bucket, jsonb_object_agg(type, n) AS counts FROM (
           SELECT bucket, type, sum(count)::int AS n FROM rollups_minute WHERE workspace_id = $1 AND bucket >= $2 GROUP BY 1, 2) x
         GROUP BY bucket ORDER BY bucket`,
        [ws.workspaceId, new Date(outageStart - (outageStart % MINUTE))],
      );
      return rows.map((r) => ({ minute: r.bucket.getTime(), counts: r.counts }));
    };
    const liveNow = () => reader!.readMinutes(ws.workspaceId, '', outageStart - (outageStart % MINUTE), Date.now() + MINUTE);
    let rebuilt = false;
    for (let i = 0; i < 40 && !rebuilt; i++) {
      await sleep(250);
      rebuilt = JSON.stringify(await liveNow()) === JSON.stringify(await expected());
    }

    process.stdout.write(`redis stop: ${sent} batches sent, responses ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    expect([...statuses.keys()]).toEqual([202]);
    expect(restStatuses).toEqual([200, 200]);
    expect(health.status).toBe(503);
    expect(health.body.checks.liveStore.ok).toBe(false);
    expect(await liveNow()).toEqual(await expected());
    expect((await expected()).length).toBeGreaterThan(0);
    expect(from).toBeLessThan(outageStart);

    // Updates flow into the rebuilt minutes as before.
    await load(500);
    await sleep(300);
    expect(await liveNow()).toEqual(await expected());
    expect((await call(t.baseUrl, 'GET', '/health')).status).toBe(200);
  }, 90_000);
});
