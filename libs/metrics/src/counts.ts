/**
 * The counts every rate is computed from. One shape for a campaign, a variant, a domain, a day or a workspace.
 *
 * Message counts (`sent`, `delivered`, `bounces`, `complaints`, `unsubscribes`) count messages, each at most once.
 * Engagement counts come in three verdict variants:
 * - `human`: signals judged to come from a person;
 * - `machine`: Apple Mail Privacy Protection pre-fetches, link scanners, bots;
 * - `total`: every signal, whatever its verdict (what a dashboard that trusts every pixel fetch would show).
 * `total` counts every signal. `unique` counts messages: for `human` and `total`, messages with at least one
 * signal of that verdict; for `machine`, messages whose signals were ALL machine ones (a message a scanner and
 * its reader both opened is a human open), so unique `human + machine = total`.
 */
export interface EngagementCount {
  /** Messages with at least one signal. */
  unique: number;
  /** Every signal, repeats included. */
  total: number;
}

export const VERDICT_VARIANTS = ['human', 'machine', 'total'] as const;
export type VerdictVariant = (typeof VERDICT_VARIANTS)[number];

export type EngagementByVerdict = Record<VerdictVariant, EngagementCount>;

export interface BounceCounts {
  /** Permanent: the address does not exist or never will accept mail. */
  hard: number;
  /** Temporary: mailbox full, greylisting; bounced for good after the last retry. */
  soft: number;
  /** Refused by policy (spam filter, blocklist). */
  block: number;
}

export interface MessageCounts {
  sent: number;
  delivered: number;
  bounces: BounceCounts;
  opens: EngagementByVerdict;
  clicks: EngagementByVerdict;
  complaints: number;
  unsubscribes: number;
  /** Conversion events attributed to these messages. */
  conversions: number;
  /** Sum of attributed conversion amounts. */
  revenue: number;
}

export function emptyEngagement(): EngagementByVerdict {
  return {
    human: { unique: 0, total: 0 },
    machine: { unique: 0, total: 0 },
    total: { unique: 0, total: 0 },
  };
}

export function emptyCounts(): MessageCounts {
  return {
    sent: 0,
    delivered: 0,
    bounces: { hard: 0, soft: 0, block: 0 },
    opens: emptyEngagement(),
    clicks: emptyEngagement(),
    complaints: 0,
    unsubscribes: 0,
    conversions: 0,
    revenue: 0,
  };
}

export function totalBounces(b: BounceCounts): number {
  return b.hard + b.soft + b.block;
}
