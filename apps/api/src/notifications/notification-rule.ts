import type { NotificationFilter } from './notification-filter';

export const FIRST_OCCURRENCE_SCOPES = ['contact', 'campaign'] as const;
export type FirstOccurrenceScope = (typeof FIRST_OCCURRENCE_SCOPES)[number];

export interface RateLimit {
  /** At most this many messages … */
  count: number;
  /** … per this many minutes (windows aligned to multiples of it); the rest are counted and summarised. */
  windowMinutes: number;
}

/** An event-triggered notification rule of one workspace. */
export interface NotificationRule {
  id: string;
  workspaceId: string;
  name: string;
  enabled: boolean;
  filter: NotificationFilter;
  /** Only the first matching event per contact (or campaign) fires; null: every matching event. */
  firstOccurrence: FirstOccurrenceScope | null;
  channelIds: string[];
  rateLimit: RateLimit;
  createdAt: Date;
  updatedAt: Date;
}
