/** Every event type Mailpulse understands, grouped by family. The family is the part before the dot. */
export const EMAIL_EVENT_TYPES = [
  'email.sent',
  'email.delivered',
  'email.deferred',
  'email.opened',
  'email.clicked',
  'email.replied',
  'email.bounced',
  'email.complained',
  'email.unsubscribed',
] as const;
export const CAMPAIGN_EVENT_TYPES = ['campaign.created', 'campaign.started', 'campaign.paused', 'campaign.stopped'] as const;
export const USER_EVENT_TYPES = ['user.login', 'user.logout', 'user.action', 'user.error'] as const;
export const INFRA_EVENT_TYPES = ['infra.smtp', 'infra.dns', 'infra.vps'] as const;
export const CONVERSION_EVENT_TYPES = ['conversion'] as const;

export const EVENT_TYPES = [
  ...EMAIL_EVENT_TYPES,
  ...CAMPAIGN_EVENT_TYPES,
  ...USER_EVENT_TYPES,
  ...INFRA_EVENT_TYPES,
  ...CONVERSION_EVENT_TYPES,
] as const;

export type EmailEventType = (typeof EMAIL_EVENT_TYPES)[number];
export type CampaignEventType = (typeof CAMPAIGN_EVENT_TYPES)[number];
export type UserEventType = (typeof USER_EVENT_TYPES)[number];
export type InfraEventType = (typeof INFRA_EVENT_TYPES)[number];
export type EventType = (typeof EVENT_TYPES)[number];
export type EventFamily = 'email' | 'campaign' | 'user' | 'infra' | 'conversion';

export const BOUNCE_CLASSES = ['hard', 'soft', 'block'] as const;
export type BounceClass = (typeof BOUNCE_CLASSES)[number];

/** Whether an engagement signal came from a person or from a machine (MPP prefetch, link scanner, bot). */
export const VERDICTS = ['human', 'machine', 'unknown'] as const;
export type Verdict = (typeof VERDICTS)[number];

export function eventFamily(type: EventType): EventFamily {
  const dot = type.indexOf('.');
  return (dot === -1 ? type : type.slice(0, dot)) as EventFamily;
}

export function isEmailEvent(type: EventType): type is EmailEventType {
  return type.startsWith('email.');
}

/** Opens and clicks are the signals that machines fake; only these get a human/machine verdict. */
export function isEngagementEvent(type: EventType): boolean {
  return type === 'email.opened' || type === 'email.clicked';
}
