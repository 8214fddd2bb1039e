import type { EventType, RealtimeDeltaCounts, Verdict, VerdictCounts } from '@mailpulse/contracts';
import type { EnrichedEvent } from '../ingestion/pipeline/pipeline.types';

/**
 * What a room has not been told yet, summed. Plain JSON (times as epoch milliseconds) so API processes can send
 * it to each other through the socket.io adapter.
 */
export interface PendingCounts {
  events: number;
  byType: Partial<Record<EventType, VerdictCounts>>;
  revenue: number;
  firstReceivedAt: number;
  lastReceivedAt: number;
}

/** The counts of one stored batch of a workspace, for the workspace room and each campaign's room. */
export interface BatchSummary {
  workspaceId: string;
  workspace: PendingCounts;
  /** Per campaign id; events without a campaign count only for the workspace. */
  campaigns: Record<string, PendingCounts>;
}

export function emptyCounts(): PendingCounts {
  return { events: 0, byType: {}, revenue: 0, firstReceivedAt: Number.POSITIVE_INFINITY, lastReceivedAt: Number.NEGATIVE_INFINITY };
}

function emptyVerdictCounts(): VerdictCounts {
  return { total: 0, human: 0, machine: 0, unknown: 0 };
}

function countEvent(into: PendingCounts, type: EventType, verdict: Verdict, amount: number, receivedAt: number): void {
  into.events++;
  const c = (into.byType[type] ??= emptyVerdictCounts());
  c.total++;
  c[verdict]++;
  into.revenue += amount;
  if (receivedAt < into.firstReceivedAt) into.firstReceivedAt = receivedAt;
  if (receivedAt > into.lastReceivedAt) into.lastReceivedAt = receivedAt;
}

/** Revenue counts the amounts of conversion events only. */
function revenueOf(e: Pick<EnrichedEvent, 'type' | 'amount'>): number {
  return e.type === 'conversion' && e.amount !== null && Number.isFinite(e.amount) ? e.amount : 0;
}

/** Sums one workspace's stored events per room. */
export function summarizeBatch(workspaceId: string, events: readonly EnrichedEvent[]): BatchSummary {
  const summary: BatchSummary = { workspaceId, workspace: emptyCounts(), campaigns: {} };
  for (const e of events) {
    const amount = revenueOf(e);
    const receivedAt = e.receivedAt.getTime();
    countEvent(summary.workspace, e.type, e.verdict, amount, receivedAt);
    if (e.campaignId !== null) countEvent((summary.campaigns[e.campaignId] ??= emptyCounts()), e.type, e.verdict, amount, receivedAt);
  }
  return summary;
}

/** Adds `more` into `into` (in place) and returns it. */
export function addCounts(into: PendingCounts, more: PendingCounts): PendingCounts {
  into.events += more.events;
  into.revenue += more.revenue;
  for (const [type, c] of Object.entries(more.byType) as [EventType, VerdictCounts][]) {
    const target = (into.byType[type] ??= emptyVerdictCounts());
    target.total += c.total;
    target.human += c.human;
    target.machine += c.machine;
    target.unknown += c.unknown;
  }
  into.firstReceivedAt = Math.min(into.firstReceivedAt, more.firstReceivedAt);
  into.lastReceivedAt = Math.max(into.lastReceivedAt, more.lastReceivedAt);
  return into;
}

/** The wire form of pending counts; revenue rounded to four decimals, as the rollups store it. */
export function toDeltaCounts(c: PendingCounts): RealtimeDeltaCounts {
  return {
    events: c.events,
    byType: c.byType,
    revenue: Math.round(c.revenue * 10_000) / 10_000,
    firstReceivedAt: new Date(c.firstReceivedAt).toISOString(),
    lastReceivedAt: new Date(c.lastReceivedAt).toISOString(),
  };
}

/** Checks the shape of counts another API process sent, so a bad message cannot break a room. */
export function isBatchSummary(value: unknown): value is BatchSummary {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<BatchSummary>;
  return typeof v.workspaceId === 'string' && isPendingCounts(v.workspace) && typeof v.campaigns === 'object' && v.campaigns !== null && Object.values(v.campaigns).every(isPendingCounts);
}

function isPendingCounts(value: unknown): value is PendingCounts {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<PendingCounts>;
  return typeof c.events === 'number' && typeof c.revenue === 'number' && typeof c.firstReceivedAt === 'number' && typeof c.lastReceivedAt === 'number' && typeof c.byType === 'object' && c.byType !== null;
}
