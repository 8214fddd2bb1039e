import type { EventType } from '@mailpulse/contracts';

export type ConditionOp = 'eq' | 'neq' | 'in' | 'contains' | 'exists' | 'gt' | 'lt';
export type Scalar = string | number | boolean;
export type FilterCondition =
  | { path: string; op: 'eq' | 'neq'; value: Scalar }
  | { path: string; op: 'in'; value: Scalar[] }
  | { path: string; op: 'contains'; value: string }
  | { path: string; op: 'exists'; value: boolean }
  | { path: string; op: 'gt' | 'lt'; value: number };
export type Verdict = 'human' | 'machine' | 'unknown';
export type FirstOccurrence = 'contact' | 'campaign' | null;

/** A rule as GET /v1/notification-rules answers it. */
export interface NotificationRule {
  id: string;
  name: string;
  enabled: boolean;
  filter: { types: EventType[]; conditions: FilterCondition[]; verdicts: Verdict[] };
  firstOccurrence: FirstOccurrence;
  channelIds: string[];
  rateLimit: { count: number; windowMinutes: number };
  createdAt: string;
  updatedAt: string;
}

export interface CreateRuleBody {
  name: string;
  filter: { types: EventType[]; conditions: FilterCondition[]; verdicts: Verdict[] };
  firstOccurrence: FirstOccurrence;
  channelIds: string[];
  rateLimit: { count: number; windowMinutes: number };
}

export interface NotificationDelivery {
  id: number;
  kind: 'match' | 'summary' | 'test';
  channelId: string;
  channelKind: 'email' | 'slack' | 'webhook';
  channelName: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
}

export interface DeliveriesResponse {
  deliveries: NotificationDelivery[];
  limitedWindows: Array<{ windowStart: string; windowEnd: string; sent: number; suppressed: number; summaryQueuedAt: string | null }>;
}

/** An alert channel as GET /v1/alert-channels lists it. */
export interface AlertChannelView {
  id: string;
  kind: 'email' | 'slack' | 'webhook';
  name: string;
  enabled: boolean;
  target: string;
}
