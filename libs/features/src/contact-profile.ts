import type { ContactDay, Day } from './daily-aggregates';

const DAY_MS = 86_400_000;

/** A contact's history summed over a window of ContactDays: what send-time and campaign features read. */
export interface ContactProfile {
  contact: string;
  recipientDomain: string;
  sent: number;
  delivered: number;
  bounced: number;
  hardBounced: number;
  opened: number;
  humanOpened: number;
  clicked: number;
  humanClicked: number;
  complained: number;
  unsubscribed: number;
  openHours: number[];
  openWeekdays: number[];
  lastSentAt: Date | null;
  lastOpenAt: Date | null;
  lastBouncedAt: Date | null;
}

export function emptyProfile(contact: string, recipientDomain = ''): ContactProfile {
  return {
    contact, recipientDomain, sent: 0, delivered: 0, bounced: 0, hardBounced: 0, opened: 0, humanOpened: 0, clicked: 0, humanClicked: 0,
    complained: 0, unsubscribed: 0, openHours: new Array<number>(24).fill(0), openWeekdays: new Array<number>(7).fill(0),
    lastSentAt: null, lastOpenAt: null, lastBouncedAt: null,
  };
}

/** Adds one day of a contact's activity to its profile (in place). */
export function addContactDay(profile: ContactProfile, day: ContactDay): ContactProfile {
  profile.recipientDomain ||= day.recipientDomain;
  profile.sent += day.sent;
  profile.delivered += day.delivered;
  profile.bounced += day.bounced;
  profile.hardBounced += day.hardBounced;
  profile.opened += day.opened;
  profile.humanOpened += day.humanOpened;
  profile.clicked += day.clicked;
  profile.humanClicked += day.humanClicked;
  profile.complained += day.complained;
  profile.unsubscribed += day.unsubscribed;
  for (let h = 0; h < 24; h++) profile.openHours[h]! += day.openHours[h]!;
  for (let w = 0; w < 7; w++) profile.openWeekdays[w]! += day.openWeekdays[w]!;
  profile.lastSentAt = later(profile.lastSentAt, day.lastSentAt);
  profile.lastOpenAt = later(profile.lastOpenAt, day.lastOpenAt);
  profile.lastBouncedAt = later(profile.lastBouncedAt, day.lastBouncedAt);
  return profile;
}

/** The profile of one contact from its days in [from, to) (days as `YYYY-MM-DD`). */
export function contactProfile(contact: string, days: readonly ContactDay[], from: Day, to: Day): ContactProfile {
  const profile = emptyProfile(contact);
  for (const d of days) if (d.contact === contact && d.day >= from && d.day < to) addContactDay(profile, d);
  return profile;
}

/** Engagement features of one contact as of `asOf`; rates are smoothed towards the workspace's with `priorWeight` messages. */
export interface ContactEngagement {
  humanOpenRate: number;
  humanClickRate: number;
  bounceRate: number;
  /** Days since the last human open; null when never opened. */
  daysSinceOpen: number | null;
  daysSinceSent: number | null;
  /** Messages sent per 30 days over the window. */
  sendsPer30Days: number;
  hardBounced: boolean;
  complained: boolean;
}

export function contactEngagement(
  p: ContactProfile,
  asOf: Date,
  windowDays: number,
  prior: { humanOpenRate: number; humanClickRate: number; bounceRate: number },
  priorWeight = 2,
): ContactEngagement {
  const since = (at: Date | null) => (at === null ? null : Math.max(0, (asOf.getTime() - at.getTime()) / DAY_MS));
  return {
    humanOpenRate: (p.humanOpened + priorWeight * prior.humanOpenRate) / (p.delivered + priorWeight),
    humanClickRate: (p.humanClicked + priorWeight * prior.humanClickRate) / (p.delivered + priorWeight),
    bounceRate: (p.bounced + priorWeight * prior.bounceRate) / (p.sent + priorWeight),
    daysSinceOpen: since(p.lastOpenAt),
    daysSinceSent: since(p.lastSentAt),
    sendsPer30Days: (p.sent * 30) / windowDays,
    hardBounced: p.hardBounced > 0,
    complained: p.complained > 0,
  };
}

function later(a: Date | null, b: Date | null): Date | null {
  if (b === null) return a;
  return a === null || b > a ? b : a;
}
