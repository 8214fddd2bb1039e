import type { EventType, ValidEvent, Verdict } from '@mailpulse/contracts';

/** An item as the collector hands it on: one untrusted payload with where and when it came in. */
export interface CollectedItem {
  index: number;
  workspaceId: string;
  source: string;
  receivedAt: Date;
  payload: unknown;
  /** The body's text may hold a NUL character; the validator checks every string only then. */
  mayContainNul: boolean;
}

export interface ValidatedItem extends CollectedItem {
  event: ValidEvent;
  /** The sender's id, or one derived from the event's content. */
  id: string;
  occurredAt: Date;
}

/** A fully enriched event: exactly what the router stores. Absent dimensions are null. */
export interface EnrichedEvent {
  index: number;
  workspaceId: string;
  id: string;
  type: EventType;
  occurredAt: Date;
  receivedAt: Date;
  campaignId: string | null;
  messageId: string | null;
  contactEmail: string | null;
  contactExternalId: string | null;
  recipientDomain: string | null;
  variant: string | null;
  verdict: Verdict;
  /** Why the verdict was given (e.g. `mpp-prefetch`, `click-seconds-after-delivery`); empty when not judged. */
  verdictReasons: readonly string[];
  amount: number | null;
  bounceClass: string | null;
  client: string | null;
  os: string | null;
  device: string | null;
  properties: Record<string, unknown>;
}

export interface DeadLetter {
  workspaceId: string | null;
  source: string;
  reason: string;
  field: string | null;
  /** The payload as received, when it was JSON. */
  payload: unknown;
  /** The raw body text, when it was not JSON. */
  raw: string | null;
}
