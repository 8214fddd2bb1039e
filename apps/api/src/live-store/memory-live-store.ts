import { LiveContact, LiveIncrement, LiveMinute, LiveMinuteCounts, LiveStore, mergeIncrements, minutesBetween } from './live-store';

interface Bucket {
  expiresAt: number;
  counts: Map<string, number>;
}

/** The live store for a single process without Redis: the same contract, held in a Map with expiry. */
export class MemoryLiveStore implements LiveStore {
  readonly kind = 'memory' as const;
  private readonly buckets = new Map<string, Bucket>();
  private readonly contacts = new Map<string, { expiresAt: number; keys: Set<string> }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async apply(increments: LiveIncrement[], contacts: LiveContact[]): Promise<void> {
    const now = this.now();
    for (const inc of mergeIncrements(increments)) {
      const key = `${inc.workspaceId}|${inc.campaignId}|${inc.minute}`;
      let bucket = this.buckets.get(key);
      if (!bucket || bucket.expiresAt <= now) {
        bucket = { expiresAt: inc.minute + this.windowMs, counts: new Map() };
        this.buckets.set(key, bucket);
      }
      bucket.counts.set(inc.type, (bucket.counts.get(inc.type) ?? 0) + inc.count);
    }
    for (const c of contacts) {
      const key = `${c.workspaceId}|${c.minute}`;
      let set = this.contacts.get(key);
      if (!set) {
        set = { expiresAt: c.minute + this.windowMs, keys: new Set() };
        this.contacts.set(key, set);
      }
      set.keys.add(c.contactKey);
    }
    this.evictExpired(now);
  }

  async readMinutes(workspaceId: string, campaignId: string, from: number, to: number): Promise<LiveMinute[]> {
    const now = this.now();
    const out: LiveMinute[] = [];
    for (const minute of minutesBetween(from, to)) {
      const bucket = this.buckets.get(`${workspaceId}|${campaignId}|${minute}`);
      if (bucket && bucket.expiresAt > now) out.push({ minute, counts: Object.fromEntries(bucket.counts) });
    }
    return out;
  }

  async countActiveContacts(workspaceId: string, from: number, to: number): Promise<number> {
    const now = this.now();
    const union = new Set<string>();
    for (const minute of minutesBetween(from, to)) {
      const set = this.contacts.get(`${workspaceId}|${minute}`);
      if (set && set.expiresAt > now) for (const k of set.keys) union.add(k);
    }
    return union.size;
  }

  async replaceMinutes(minutes: LiveMinuteCounts[]): Promise<void> {
    for (const m of minutes) {
      const counts = new Map(Object.entries(m.counts).filter(([, n]) => n > 0));
      const key = `${m.workspaceId}|${m.campaignId}|${m.minute}`;
      if (counts.size === 0) this.buckets.delete(key);
      else this.buckets.set(key, { expiresAt: m.minute + this.windowMs, counts });
    }
  }

  async replaceContacts(workspaceId: string, minute: number, contactKeys: readonly string[]): Promise<void> {
    const key = `${workspaceId}|${minute}`;
    if (contactKeys.length === 0) this.contacts.delete(key);
    else this.contacts.set(key, { expiresAt: minute + this.windowMs, keys: new Set(contactKeys) });
  }

  missedSince(): number | null {
    return null;
  }

  markRecovered(): void {
    return;
  }

  missedGeneration(): number {
    return 0;
  }

  async ping(): Promise<void> {
    return;
  }

  async close(): Promise<void> {
    this.buckets.clear();
    this.contacts.clear();
  }

  private lastEviction = 0;
  private evictExpired(now: number): void {
    if (now - this.lastEviction < 60_000) return;
    this.lastEviction = now;
    for (const [k, b] of this.buckets) if (b.expiresAt <= now) this.buckets.delete(k);
    for (const [k, s] of this.contacts) if (s.expiresAt <= now) this.contacts.delete(k);
  }
}
