import { randomUUID } from 'node:crypto';
import { testRedisUrl } from '../../test/support/test-database';
import { MINUTE_MS } from './live-store';
import { RedisLiveStore } from './redis-live-store';

describe('RedisLiveStore (real Redis)', () => {
  let store: RedisLiveStore;
  beforeAll(async () => {
    store = await RedisLiveStore.connect(testRedisUrl(), 60 * MINUTE_MS);
  });
  afterAll(() => store.close());

  it('sums increments per minute and campaign in one pipeline and reads them back oldest first', async () => {
    const ws = randomUUID();
    const m = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
    await store.apply(
      [
        { workspaceId: ws, campaignId: '', type: 'email.sent', minute: m - MINUTE_MS, count: 3 },
        { workspaceId: ws, campaignId: '', type: 'email.sent', minute: m - MINUTE_MS, count: 2 },
        { workspaceId: ws, campaignId: 'c1', type: 'email.opened', minute: m, count: 1 },
        { workspaceId: ws, campaignId: '', type: 'email.opened', minute: m, count: 1 },
      ],
      [],
    );
    expect(await store.readMinutes(ws, '', m - 5 * MINUTE_MS, m)).toEqual([
      { minute: m - MINUTE_MS, counts: { 'email.sent': 5 } },
      { minute: m, counts: { 'email.opened': 1 } },
    ]);
    expect(await store.readMinutes(ws, 'c1', m - 5 * MINUTE_MS, m)).toEqual([{ minute: m, counts: { 'email.opened': 1 } }]);
  });

  it('estimates distinct active contacts across minutes with HyperLogLog', async () => {
    const ws = randomUUID();
    const m = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
    const contacts = Array.from({ length: 500 }, (_, i) => ({ workspaceId: ws, minute: m - (i % 3) * MINUTE_MS, contactKey: `c${i % 400}@example.com` }));
    await store.apply([], contacts);
    const estimate = await store.countActiveContacts(ws, m - 3 * MINUTE_MS, m);
    expect(Math.abs(estimate - 400) / 400).toBeLessThan(0.03);
  });

  it('sets an expiry on every key it writes', async () => {
    const ws = randomUUID();
    const m = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
    await store.apply([{ workspaceId: ws, campaignId: '', type: 'email.sent', minute: m, count: 1 }], [{ workspaceId: ws, minute: m, contactKey: 'a' }]);
    const Redis = (await import('ioredis')).default;
    const raw = new Redis(testRedisUrl());
    try {
      for (const key of await raw.keys(`mp:live*${ws}*`)) {
        const ttl = await raw.pttl(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(60 * MINUTE_MS);
      }
    } finally {
      raw.disconnect();
    }
  });
});
