const DAY_MS = 86_400_000;

/** A workspace's retention: its own setting (null follows the default) and the days that apply. */
export interface WorkspaceRetention {
  workspaceId: string;
  retentionDays: number | null;
}

/** One daily partition of the event table: `events_pYYYYMMDD` holding [from, from + 1 day). */
export interface EventPartition {
  name: string;
  from: Date;
}

export interface RetentionPlan {
  /** Per workspace, the time before which its raw events go. Workspaces that keep everything are absent. */
  horizons: Map<string, Date>;
  /** Partitions every workspace's horizon has passed: dropped whole. */
  partitionsToDrop: EventPartition[];
}

/** The days that apply to a workspace: its own setting, else the default; 0 means keep forever. */
export function effectiveRetentionDays(retentionDays: number | null, defaultDays: number): number {
  return retentionDays ?? defaultDays;
}

/**
 * Which raw events go: each workspace's rows older than its horizon, and whole partitions that end at or before
 * the earliest horizon of all — only when no workspace keeps its events forever.
 */
export function planRetention(workspaces: readonly WorkspaceRetention[], partitions: readonly EventPartition[], defaultDays: number, now: number): RetentionPlan {
  const horizons = new Map<string, Date>();
  let keepsForever = false;
  let earliest = Infinity;
  for (const w of workspaces) {
    const days = effectiveRetentionDays(w.retentionDays, defaultDays);
    if (days === 0) {
      keepsForever = true;
      continue;
    }
    const horizon = now - days * DAY_MS;
    horizons.set(w.workspaceId, new Date(horizon));
    earliest = Math.min(earliest, horizon);
  }
  const partitionsToDrop = keepsForever || earliest === Infinity ? [] : partitions.filter((p) => p.from.getTime() + DAY_MS <= earliest);
  return { horizons, partitionsToDrop };
}

/** `events_p20260101` → its first instant (UTC); null for a name that is not a daily partition. */
export function partitionOf(name: string): EventPartition | null {
  const m = /^events_p(\d{4})(\d{2})(\d{2})$/.exec(name);
  if (!m) return null;
  const from = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(from.getTime()) ? null : { name, from };
}
