import { z } from 'zod';
import type { EventType, Verdict } from './event-types';

/**
 * The live stream (socket.io). Connect to the namespace `/live` on the API's origin (default path `/socket.io`)
 * with a read API key or a session token in `auth.token` (or `Authorization: Bearer …`, or the `mp_session`
 * cookie), then ask for rooms with the `subscribe` event.
 */
export const REALTIME_NAMESPACE = '/live';

/** Client → server and server → client event names. */
export const RealtimeEvents = {
  /** Client → server, with an acknowledgement (`RealtimeSubscribeAck`). */
  subscribe: 'subscribe',
  /** Client → server, with an acknowledgement (`{ ok: true }`). */
  unsubscribe: 'unsubscribe',
  /** Server → client: `RealtimeDelta`, at most a few per second per room. */
  delta: 'delta',
  /** Server → client: `RealtimeNotice` (anomalies, alerts, campaign changes). */
  notice: 'notice',
} as const;

/** `subscribe` / `unsubscribe` payload: a workspace room, or one campaign's room inside it. */
export const realtimeSubscriptionSchema = z.strictObject({
  /** Optional with an API key (its own workspace) or for a user who belongs to exactly one workspace. */
  workspaceId: z.uuid({ error: 'must be a workspace id (a UUID)' }).optional(),
  /** Omit for the whole workspace. */
  campaignId: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
});
export type RealtimeSubscription = z.infer<typeof realtimeSubscriptionSchema>;

/** Why a connection or a subscription was refused: the same codes as the HTTP API's error bodies. */
export interface RealtimeError {
  code: string;
  message: string;
  field?: string;
}

export type RealtimeSubscribeAck =
  | {
      ok: true;
      /** Name of the joined room; every delta names its room. */
      room: string;
      workspaceId: string;
      campaignId: string | null;
      /** Current live figures of the room, so a client that (re)connects starts from the right totals; null when the live store did not answer. */
      snapshot: RealtimeLiveWindow | null;
    }
  | { ok: false; error: RealtimeError };

/** Events of one type in a delta, by human/machine verdict (`unknown` for types that are not judged). */
export type VerdictCounts = Record<Verdict, number> & { total: number };

/** What changed in a room since its previous delta: exactly the events stored in that time, summed. */
export interface RealtimeDeltaCounts {
  /** Events in this delta. */
  events: number;
  /** Per event type that occurred, counts by verdict. */
  byType: Partial<Record<EventType, VerdictCounts>>;
  /** Sum of `amount` over the conversion events in this delta. */
  revenue: number;
  /** Earliest and latest time (ISO) the API received an event of this delta. */
  firstReceivedAt: string;
  lastReceivedAt: string;
}

/** Rates over the live window's counts (every signal, whatever its verdict); null when the denominator is zero. */
export interface RealtimeLiveRates {
  delivery: number | null;
  open: number | null;
  click: number | null;
  clickToOpen: number | null;
  bounce: number | null;
  complaint: number | null;
  unsubscribe: number | null;
}

/** The room's figures over the last `minutes` from the live store. */
export interface RealtimeLiveWindow {
  minutes: number;
  /** Events per type in the window (all verdicts). */
  counts: Partial<Record<EventType, number>>;
  rates: RealtimeLiveRates;
  /**
   * Distinct contacts with any event in the window (workspace rooms; null in a campaign room). Estimated with a
   * HyperLogLog (≈ 1 % error) when the API runs with Redis, exact otherwise.
   */
  activeContacts: number | null;
}

export interface RealtimeDelta {
  room: string;
  workspaceId: string;
  /** null in the workspace room. */
  campaignId: string | null;
  /** Increases by one per delta this API process sends to the room. */
  seq: number;
  /** When the delta was sent (ISO). */
  sentAt: string;
  delta: RealtimeDeltaCounts;
  /**
   * The room's live window. When the live store is slow to answer, the room's previous window (or null when there
   * is none yet); the delta itself is always exact.
   */
  live: RealtimeLiveWindow | null;
}

export const NOTICE_KINDS = ['anomaly', 'alert', 'campaign'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type NoticeSeverity = (typeof NOTICE_SEVERITIES)[number];

/** An anomaly, alert or campaign change pushed to a workspace room (and its campaign's room, if it names one). */
export interface RealtimeNotice {
  kind: NoticeKind;
  workspaceId: string;
  campaignId: string | null;
  severity: NoticeSeverity;
  title: string;
  detail: string | null;
  /** The publisher's own id of the thing (alert id, anomaly id), if it has one. */
  refId: string | null;
  /** Free data of the publisher (metric, observed and expected values …). */
  data: Record<string, unknown>;
  at: string;
}
