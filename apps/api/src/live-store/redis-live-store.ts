import Redis from 'ioredis';
import { LiveContact, LiveIncrement, LiveMinute, LiveMinuteCounts, LiveStore, mergeIncrements, minutesBetween } from './live-store';

const countsKey = (workspaceId: string, campaignId: string, minute: number) => `mp:live:${workspaceId}:${campaignId || '*'}:${minute}`;
const contactsKey = (workspaceId: string, minute: number) => `mp:live:hll:${workspaceId}:${minute}`;

/** Live buckets in Redis: a hash of type → count per minute key, a HyperLogLog of contacts per minute. */
export class RedisLiveStore implements LiveStore {
  readonly kind = 'redis' as const;

  constructor(
    private readonly redis: Redis,
    private readonly windowMs: number,
  ) {}

  /** Connects and waits (up to 2 s) for Redis to be ready; a Redis that is down makes /health say so, not start-up fail. */
  static async connect(url: string, windowMs: number): Promise<RedisLiveStore> {
    const redis = new Redis(url, {
      lazyConnect: false,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    // Connection errors surface through ping() and failed writes; they must not crash the process.
    redis.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return new RedisLiveStore(redis, windowMs);
  }

  private missedFrom: number | null = null;
  private missed = 0;

  async apply(increments: LiveIncrement[], contacts: LiveContact[]): Promise<void> {
    if (increments.length === 0 && contacts.length === 0) return;
    try {
      await this.write(increments, contacts);
    } catch (err) {
      // Remembered so the minutes can be rebuilt from PostgreSQL once Redis answers again (LiveStoreRecovery).
      let earliest = this.missedFrom ?? Infinity;
      for (const inc of increments) earliest = Math.min(earliest, inc.minute);
      for (const c of contacts) earliest = Math.min(earliest, c.minute);
      this.missedFrom = earliest;
      this.missed++;
      throw err;
    }
  }

  missedSince(): number | null {
    return this.missedFrom;
  }

  missedGeneration(): number {
    return this.missed;
  }

  markRecovered(generation: number): void {
    if (generation === this.missed) this.missedFrom = null;
  }

  private async write(increments: LiveIncrement[], contacts: LiveContact[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    const expiries = new Map<string, number>();
    for (const inc of mergeIncrements(increments)) {
      const key = countsKey(inc.workspaceId, inc.campaignId, inc.minute);
      pipeline.hincrby(key, inc.type, inc.count);
      expiries.set(key, inc.minute + this.windowMs);
    }
    const byKey = new Map<string, string[]>();
    for (const c of contacts) {
      const key = contactsKey(c.workspaceId, c.minute);
      const list = byKey.get(key) ?? [];
      list.push(c.contactKey);
      byKey.set(key, list);
      expiries.set(key, c.minute + this.windowMs);
    }
    for (const [key, members] of byKey) pipeline.pfadd(key, ...members);
    for (const [key, at] of expiries) pipeline.pexpireat(key, at);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
  }

  async readMinutes(workspaceId: string, campaignId: string, from: number, to: number): Promise<LiveMinute[]> {
    const minutes = minutesBetween(from, to);
    const pipeline = this.redis.pipeline();
    for (const m of minutes) pipeline.hgetall(countsKey(workspaceId, campaignId, m));
    const results = (await pipeline.exec()) ?? [];
    const out: LiveMinute[] = [];
    results.forEach(([err, value], i) => {
      if (err) throw err;
      const hash = value as Record<string, string>;
      const entries = Object.entries(hash);
      if (entries.length > 0) out.push({ minute: minutes[i] as number, counts: Object.fromEntries(entries.map(([k, v]) => [k, Number(v)])) });
    });
    return out;
  }

  async countActiveContacts(workspaceId: string, from: number, to: number): Promise<number> {
    const keys = minutesBetween(from, to).map((m) => contactsKey(workspaceId, m));
    return keys.length === 0 ? 0 : this.redis.pfcount(...keys);
  }

  async replaceMinutes(minutes: LiveMinuteCounts[]): Promise<void> {
    if (minutes.length === 0) return;
    // One MULTI per call: a reader sees a minute either before or after it was replaced.
    const multi = this.redis.multi();
    for (const m of minutes) {
      const key = countsKey(m.workspaceId, m.campaignId, m.minute);
      multi.del(key);
      const entries = Object.entries(m.counts).filter(([, n]) => n > 0);
      if (entries.length === 0) continue;
      multi.hset(key, Object.fromEntries(entries));
      multi.pexpireat(key, m.minute + this.windowMs);
    }
    const results = (await multi.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
  }

  async replaceContacts(workspaceId: string, minute: number, contactKeys: readonly string[]): Promise<void> {
    const key = contactsKey(workspaceId, minute);
    const multi = this.redis.multi().del(key);
    if (contactKeys.length > 0) multi.pfadd(key, ...contactKeys).pexpireat(key, minute + this.windowMs);
    const results = (await multi.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
