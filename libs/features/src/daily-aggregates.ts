import type { MessageSummary } from './message-summary';

/** A UTC calendar day as `YYYY-MM-DD`. */
export type Day = string;

export function dayOf(at: Date): Day {
  return at.toISOString().slice(0, 10);
}

/** Hour of day (0-23, UTC) and ISO weekday index (0 = Monday … 6 = Sunday). */
export function hourAndWeekday(at: Date): { hour: number; weekday: number } {
  return { hour: at.getUTCHours(), weekday: (at.getUTCDay() + 6) % 7 };
}

export interface CampaignDay {
  campaignId: string;
  day: Day;
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
  firstSentAt: Date | null;
}

export interface ContactDay {
  contact: string;
  day: Day;
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
  /** First human opens / clicks of the day's messages by UTC hour (24) and weekday, Monday first (7). */
  openHours: number[];
  openWeekdays: number[];
  clickHours: number[];
  clickWeekdays: number[];
  lastSentAt: Date | null;
  lastOpenAt: Date | null;
  lastClickAt: Date | null;
  lastBouncedAt: Date | null;
}

export interface DomainDay {
  recipientDomain: string;
  day: Day;
  sent: number;
  delivered: number;
  deferred: number;
  bounced: number;
  hardBounced: number;
  opened: number;
  humanOpened: number;
  humanClicked: number;
  complained: number;
}

export interface DailyAggregates {
  campaigns: CampaignDay[];
  contacts: ContactDay[];
  domains: DomainDay[];
}

/**
 * The nightly aggregates of a set of messages, each attributed to the UTC day it was sent (messages never sent
 * are left out). Opens and clicks count messages (the first of each), not pixel fetches.
 */
export function aggregateByDay(messages: Iterable<MessageSummary>): DailyAggregates {
  const campaigns = new Map<string, CampaignDay>();
  const contacts = new Map<string, ContactDay>();
  const domains = new Map<string, DomainDay>();
  for (const m of messages) {
    if (!m.sentAt) continue;
    const day = dayOf(m.sentAt);
    const domain = m.recipientDomain ?? '';
    if (m.campaignId) {
      const key = `${m.campaignId}\u0000${day}`;
      let c = campaigns.get(key);
      if (!c) {
        c = { campaignId: m.campaignId, day, sent: 0, delivered: 0, bounced: 0, hardBounced: 0, opened: 0, humanOpened: 0, clicked: 0, humanClicked: 0, complained: 0, unsubscribed: 0, firstSentAt: null };
        campaigns.set(key, c);
      }
      c.sent++;
      c.delivered += +m.delivered;
      c.bounced += +m.bounced;
      c.hardBounced += +m.hardBounced;
      c.opened += +(m.firstOpenAt !== null);
      c.humanOpened += +(m.firstHumanOpenAt !== null);
      c.clicked += +(m.firstClickAt !== null);
      c.humanClicked += +(m.firstHumanClickAt !== null);
      c.complained += +m.complained;
      c.unsubscribed += +m.unsubscribed;
      if (!c.firstSentAt || m.sentAt < c.firstSentAt) c.firstSentAt = m.sentAt;
    }
    if (m.contact) {
      const key = `${m.contact}\u0000${day}`;
      let c = contacts.get(key);
      if (!c) {
        c = {
          contact: m.contact, day, recipientDomain: domain, sent: 0, delivered: 0, bounced: 0, hardBounced: 0, opened: 0, humanOpened: 0, clicked: 0,
          humanClicked: 0, complained: 0, unsubscribed: 0, openHours: zeros(24), openWeekdays: zeros(7), clickHours: zeros(24), clickWeekdays: zeros(7),
          lastSentAt: null, lastOpenAt: null, lastClickAt: null, lastBouncedAt: null,
        };
        contacts.set(key, c);
      }
      c.sent++;
      c.delivered += +m.delivered;
      c.bounced += +m.bounced;
      c.hardBounced += +m.hardBounced;
      c.opened += +(m.firstOpenAt !== null);
      c.humanOpened += +(m.firstHumanOpenAt !== null);
      c.clicked += +(m.firstClickAt !== null);
      c.humanClicked += +(m.firstHumanClickAt !== null);
      c.complained += +m.complained;
      c.unsubscribed += +m.unsubscribed;
      c.lastSentAt = later(c.lastSentAt, m.sentAt);
      if (m.firstHumanOpenAt) {
        const { hour, weekday } = hourAndWeekday(m.firstHumanOpenAt);
        c.openHours[hour]!++;
        c.openWeekdays[weekday]!++;
        c.lastOpenAt = later(c.lastOpenAt, m.firstHumanOpenAt);
      }
      if (m.firstHumanClickAt) {
        const { hour, weekday } = hourAndWeekday(m.firstHumanClickAt);
        c.clickHours[hour]!++;
        c.clickWeekdays[weekday]!++;
        c.lastClickAt = later(c.lastClickAt, m.firstHumanClickAt);
      }
      if (m.bounced) c.lastBouncedAt = later(c.lastBouncedAt, m.sentAt);
    }
    const dkey = `${domain}\u0000${day}`;
    let d = domains.get(dkey);
    if (!d) {
      d = { recipientDomain: domain, day, sent: 0, delivered: 0, deferred: 0, bounced: 0, hardBounced: 0, opened: 0, humanOpened: 0, humanClicked: 0, complained: 0 };
      domains.set(dkey, d);
    }
    d.sent++;
    d.delivered += +m.delivered;
    d.deferred += +m.deferred;
    d.bounced += +m.bounced;
    d.hardBounced += +m.hardBounced;
    d.opened += +(m.firstOpenAt !== null);
    d.humanOpened += +(m.firstHumanOpenAt !== null);
    d.humanClicked += +(m.firstHumanClickAt !== null);
    d.complained += +m.complained;
  }
  return { campaigns: [...campaigns.values()], contacts: [...contacts.values()], domains: [...domains.values()] };
}

function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}

function later(a: Date | null, b: Date): Date {
  return a === null || b > a ? b : a;
}
