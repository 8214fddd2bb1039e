/** One increment of a live per-minute counter. `campaignId` '' means the workspace-wide counter. */
export interface LiveIncrement {
  workspaceId: string;
  campaignId: string;
  type: string;
  /** Start of the minute, epoch milliseconds. */
  minute: number;
  count: number;
}

/** A contact seen active in a minute (for the live active-contacts estimate). */
export interface LiveContact {
  workspaceId: string;
  minute: number;
  contactKey: string;
}

export interface LiveMinute {
  minute: number;
  counts: Record<string, number>;
}

/**
 * Live buckets for the last hours: per-minute counters per workspace and campaign, and a distinct-contact
 * estimate. Implemented by Redis (several API processes share it) and in-process (single process, no Redis).
 */
export interface LiveStore {
  readonly kind: 'redis' | 'memory';
  /** Applies a whole batch in one round-trip. */
  apply(increments: LiveIncrement[], contacts: LiveContact[]): Promise<void>;
  /** Minutes in [from, to] (epoch ms, inclusive) that have counts, oldest first. */
  readMinutes(workspaceId: string, campaignId: string, from: number, to: number): Promise<LiveMinute[]>;
  /** Distinct contacts active in the minutes [from, to]; approximate (HyperLogLog) in Redis, exact in memory. */
  countActiveContacts(workspaceId: string, from: number, to: number): Promise<number>;
  /**
   * Overwrites whole minutes with counts recomputed from PostgreSQL (`counts` per type, absolute): after the store
   * was away, so the minutes it missed are right again. Minutes not listed are left as they are.
   */
  replaceMinutes(minutes: LiveMinuteCounts[]): Promise<void>;
  /** Overwrites the distinct-contact set of one minute (a privacy erase rebuilds it without the erased contact). */
  replaceContacts(workspaceId: string, minute: number, contactKeys: readonly string[]): Promise<void>;
  /**
   * The earliest minute (epoch ms) of an update this store failed to apply since the last `markRecovered`, or
   * null: what a rebuild from PostgreSQL has to cover. The in-process store never misses one.
   */
  missedSince(): number | null;
  /** Forgets misses up to `generation` (from `missedGeneration`), once the minutes they touched are rebuilt. */
  markRecovered(generation: number): void;
  /** Counts failed updates, so a rebuild that raced with new failures does not clear them. */
  missedGeneration(): number;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The absolute counts of one live minute, as recomputed from PostgreSQL. */
export interface LiveMinuteCounts {
  workspaceId: string;
  campaignId: string;
  minute: number;
  counts: Record<string, number>;
}

export const LIVE_STORE = Symbol('LIVE_STORE');
export const MINUTE_MS = 60_000;

export function minutesBetween(from: number, to: number): number[] {
  const out: number[] = [];
  for (let m = Math.floor(from / MINUTE_MS) * MINUTE_MS; m <= to; m += MINUTE_MS) out.push(m);
  return out;
}

/** Sums increments with the same key so a batch writes each counter once. */
export function mergeIncrements(increments: LiveIncrement[]): LiveIncrement[] {
  const merged = new Map<string, LiveIncrement>();
  for (const inc of increments) {
    const key = `${inc.workspaceId}\u001f${inc.campaignId}\u001f${inc.minute}\u001f${inc.type}`;
    const seen = merged.get(key);
    if (seen) seen.count += inc.count;
    else merged.set(key, { ...inc });
  }
  return [...merged.values()];
}
