import fc from 'fast-check';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { postEvents, startTestApp, TestApp, uniqueId } from './support/test-app';
import { testDatabaseUrl, testRedisUrl } from './support/test-database';

/**
 * Property: whatever the arrival order, batching, concurrency, retries and lateness, the rollups equal a
 * GROUP BY over the stored raw events, and every message's state equals the one computed by replaying its
 * events in time order.
 */

const TYPES = ['email.sent', 'email.delivered', 'email.deferred', 'email.opened', 'email.clicked', 'email.bounced', 'email.complained', 'email.unsubscribed', 'email.replied', 'conversion', 'user.login'] as const;
const AGENTS = [undefined, 'Mozilla/5.0', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15'];
const DOMAINS = ['gmail.com', 'icloud.com', 'corp.example'];

interface Spec {
  msg: number;
  type: (typeof TYPES)[number];
  /** Seconds before now: within the last hours, or days late. */
  age: number;
  agent: number;
  bounceClass: 'hard' | 'soft' | 'block';
  amount: number;
}

const specArb = fc.record({
  msg: fc.integer({ min: 0, max: 7 }),
  type: fc.constantFrom(...TYPES),
  age: fc.oneof(fc.integer({ min: 5, max: 6 * 3600 }), fc.integer({ min: 86_400, max: 5 * 86_400 })),
  agent: fc.integer({ min: 0, max: AGENTS.length - 1 }),
  bounceClass: fc.constantFrom('hard' as const, 'soft' as const, 'block' as const),
  amount: fc.integer({ min: 0, max: 50_000 }).map((c) => c / 100),
});

const scenarioArb = fc.record({
  specs: fc.array(specArb, { minLength: 1, maxLength: 60 }),
  shuffleSeed: fc.integer(),
  batchSize: fc.integer({ min: 1, max: 15 }),
  retryEvery: fc.integer({ min: 2, max: 6 }),
});

function toEvents(specs: Spec[], run: string) {
  const now = Date.now();
  const seen = new Set<number>();
  return specs.map((s, i) => {
    // Distinct times, so "in time order" is well defined.
    let age = s.age;
    while (seen.has(age)) age++;
    seen.add(age);
    const occurredAt = new Date(Math.floor((now - age * 1000) / 1000) * 1000).toISOString();
    const id = `${run}-${i}`;
    const messageId = `msg-${s.msg}`;
    const contact = { email: `c${s.msg}@${DOMAINS[s.msg % DOMAINS.length]}` };
    const campaignId = `camp-${s.msg % 2}`;
    if (s.type === 'conversion') return { id, type: s.type, occurredAt, campaignId, contact, properties: { amount: s.amount, currency: 'EUR' } };
    if (s.type === 'user.login') return { id, type: s.type, occurredAt, properties: { userId: `u${s.msg}` } };
    const properties: Record<string, unknown> = {};
    if (s.type === 'email.sent' || s.type === 'email.delivered') properties['variant'] = s.msg % 3 === 0 ? 'B' : 'A';
    if (s.type === 'email.bounced') properties['bounceClass'] = s.bounceClass;
    if (s.type === 'email.clicked') properties['url'] = `https://shop.example/p/${s.msg}`;
    if ((s.type === 'email.opened' || s.type === 'email.clicked') && AGENTS[s.agent]) properties['userAgent'] = AGENTS[s.agent];
    return { id, type: s.type, occurredAt, messageId, campaignId, contact, properties };
  });
}

type Ev = ReturnType<typeof toEvents>[number];

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let x = seed | 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = Math.abs(x) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Message state replayed in time order, as a state machine: the independent oracle for the stored rows. */
function replay(events: Ev[]) {
  const rank: Record<string, number> = { unknown: 0, sent: 1, deferred: 2, delivered: 3, bounced: 3, opened: 4, clicked: 5, replied: 6, unsubscribed: 7, complained: 8 };
  const states = new Map<string, Record<string, unknown>>();
  const ordered = [...events].filter((e) => e.messageId && e.type.startsWith('email.')).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  for (const e of ordered) {
    const s = states.get(e.messageId!) ?? { status: 'unknown', sent_at: null, first_delivered_at: null, first_open_at: null, first_click_at: null, bounce_class: null, open_count: 0, click_count: 0 };
    const to = (next: string, from: string[]) => {
      if (from.includes(s['status'] as string)) s['status'] = next;
    };
    const t = new Date(e.occurredAt).toISOString();
    switch (e.type) {
      case 'email.sent':
        s['sent_at'] ??= t;
        to('sent', ['unknown']);
        break;
      case 'email.deferred':
        to('deferred', ['unknown', 'sent']);
        break;
      case 'email.delivered':
        s['first_delivered_at'] ??= t;
        to('delivered', ['unknown', 'sent', 'deferred', 'bounced']);
        break;
      case 'email.bounced':
        s['bounce_class'] = (e.properties as { bounceClass: string }).bounceClass;
        to('bounced', ['unknown', 'sent', 'deferred', 'delivered']);
        break;
      case 'email.opened':
        s['first_open_at'] ??= t;
        s['open_count'] = (s['open_count'] as number) + 1;
        if ((rank[s['status'] as string] ?? 0) < rank['opened']!) s['status'] = 'opened';
        break;
      case 'email.clicked':
        s['first_click_at'] ??= t;
        s['click_count'] = (s['click_count'] as number) + 1;
        if ((rank[s['status'] as string] ?? 0) < rank['clicked']!) s['status'] = 'clicked';
        break;
      default: {
        const next = e.type.slice('email.'.length);
        if ((rank[s['status'] as string] ?? 0) < rank[next]!) s['status'] = next;
      }
    }
    states.set(e.messageId!, s);
  }
  return Object.fromEntries([...states].sort(([a], [b]) => a.localeCompare(b)));
}

describe('ingestion is exact by event time, whatever the arrival order', () => {
  let t: TestApp;
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: 4 });
  const redis = new Redis(testRedisUrl());

  beforeAll(async () => {
    t = await startTestApp({ GROUP_COMMIT_CONCURRENCY: '2' });
  });
  afterAll(async () => {
    redis.disconnect();
    await Promise.all([t.close(), pool.end()]);
  });

  async function rollupsMatchRawEvents(workspaceId: string): Promise<void> {
    for (const grain of ['minute', 'hour', 'day']) {
      const { rows } = await pool.query(
        `SELECT r.bucket, r.campaign_id, r.type, r.variant, r.recipient_domain, r.verdict, r.count, r.amount, g.count AS raw_count, g.amount AS raw_amount
         FROM rollups_${grain} r FULL JOIN (
           SELECT date_trunc('${grain}', occurred_at, 'UTC') AS bucket, coalesce(campaign_id, '') AS campaign_id, type, coalesce(variant, '') AS variant,
                  coalesce(recipient_domain, '') AS recipient_domain, verdict, count(*) AS count, coalesce(sum(amount), 0) AS amount
           FROM events WHERE workspace_id = $1 GROUP BY 1, 2, 3, 4, 5, 6) g
         USING (bucket, campaign_id, type, variant, recipient_domain, verdict)
         WHERE r.workspace_id = $1 OR r.workspace_id IS NULL`,
        [workspaceId],
      );
      const mismatches = rows.filter((r) => r.count !== r.raw_count || r.amount !== r.raw_amount);
      expect({ grain, mismatches }).toEqual({ grain, mismatches: [] });
      expect(rows.length).toBeGreaterThan(0);
    }
  }

  async function storedStates(workspaceId: string) {
    const { rows } = await pool.query(
      `SELECT message_id, status, sent_at, first_delivered_at, first_open_at, first_click_at, bounce_class, open_count, click_count
       FROM message_states WHERE workspace_id = $1 ORDER BY message_id`,
      [workspaceId],
    );
    return Object.fromEntries(
      rows.map((r) => {
        const iso = (d: Date | null) => (d ? d.toISOString() : null);
        return [
          r.message_id,
          {
            status: r.status,
            sent_at: iso(r.sent_at),
            first_delivered_at: iso(r.first_delivered_at),
            first_open_at: iso(r.first_open_at),
            first_click_at: iso(r.first_click_at),
            bounce_class: r.status === 'bounced' || r.bounce_class ? r.bounce_class : null,
            open_count: r.open_count,
            click_count: r.click_count,
          },
        ];
      }),
    );
  }

  it('holds for generated event sets sent shuffled, concurrently, with retries and late events', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ specs, shuffleSeed, batchSize, retryEvery }) => {
        const events = toEvents(specs, uniqueId('p'));
        const shuffledWs = await t.newWorkspace();
        const orderedWs = await t.newWorkspace();

        // Shuffled, in concurrent batches, with every retryEvery-th event sent again in a later batch.
        const arrivals = shuffle(events, shuffleSeed);
        const retries = arrivals.filter((_, i) => i % retryEvery === 0);
        const stream = shuffle([...arrivals, ...retries], shuffleSeed ^ 0x5bd1e995);
        const batches: Ev[][] = [];
        for (let i = 0; i < stream.length; i += batchSize) batches.push(stream.slice(i, i + batchSize));
        let accepted = 0;
        let duplicates = 0;
        for (let i = 0; i < batches.length; i += 4) {
          const results = await Promise.all(batches.slice(i, i + 4).map((b) => postEvents(t.baseUrl, shuffledWs.ingestKey, b)));
          for (const r of results) {
            expect(r.status).toBe(202);
            accepted += r.body.accepted as number;
            duplicates += r.body.duplicates as number;
          }
        }
        expect(accepted).toBe(events.length);
        expect(duplicates).toBe(retries.length);

        // The same events in time order, one by one in order-preserving batches.
        const inOrder = [...events].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
        for (let i = 0; i < inOrder.length; i += 10) expect((await postEvents(t.baseUrl, orderedWs.ingestKey, inOrder.slice(i, i + 10))).status).toBe(202);

        const { rows } = await pool.query('SELECT count(*)::int AS n FROM events WHERE workspace_id = $1', [shuffledWs.workspaceId]);
        expect(rows[0].n).toBe(events.length);
        await rollupsMatchRawEvents(shuffledWs.workspaceId);
        await rollupsMatchRawEvents(orderedWs.workspaceId);

        const expected = replay(events);
        expect(await storedStates(shuffledWs.workspaceId)).toEqual(expected);
        expect(await storedStates(orderedWs.workspaceId)).toEqual(expected);

        // Live per-minute buckets (Redis) hold the same counts as the raw events of the live window.
        const { rows: recent } = await pool.query<{ type: string; n: number }>(
          `SELECT type, count(*)::int AS n FROM events WHERE workspace_id = $1 AND occurred_at >= now() - interval '23 hours' GROUP BY type`,
          [shuffledWs.workspaceId],
        );
        const since = Date.now() - 23 * 3_600_000;
        const readLive = async () => {
          const live: Record<string, number> = {};
          const keys = await redis.keys(`mp:live:${shuffledWs.workspaceId}:*:*`);
          for (const key of keys.filter((k) => k.split(':')[3] === '*' && Number(k.split(':')[4]) >= since - 60_000)) {
            for (const [type, n] of Object.entries(await redis.hgetall(key))) live[type] = (live[type] ?? 0) + Number(n);
          }
          return live;
        };
        // The live store is written just after the commit that acknowledged the events.
        const want = Object.fromEntries(recent.map((r) => [r.type, r.n]));
        let live = await readLive();
        for (let i = 0; i < 50 && JSON.stringify(Object.entries(live).sort()) !== JSON.stringify(Object.entries(want).sort()); i++) {
          await new Promise((r) => setTimeout(r, 20));
          live = await readLive();
        }
        expect(live).toEqual(want);
      }),
      { numRuns: 12, seed: Number(process.env['PROPERTY_SEED'] ?? Date.now() % 2 ** 31), verbose: 1 },
    );
  });
});
