import {
  addContactDay,
  addToAudience,
  aggregateByDay,
  audienceRates,
  type BucketCounts,
  CAMPAIGN_TARGETS,
  campaignFeatureVector,
  type ContactProfile,
  campaignSeries,
  countEvent,
  dayOf,
  domainBucket,
  emptyAudience,
  emptyBucket,
  emptyProfile,
  type MessageSummary,
  MessageSummaryBuilder,
  seriesLift,
} from '@mailpulse/features';
import { type AnomalySpec, type ContactTruth, type GroundTruth, simulate } from '@mailpulse/simulator';
import type { CampaignSample } from '../src';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Past campaigns count for the series feature once their opens are mostly in (as the serving side reads them). */
export const SERIES_COMPLETE_MS = 3 * DAY_MS;

export interface HourBucket {
  total: BucketCounts;
  byDomain: Map<string, BucketCounts>;
}

/** A campaign variant as a prediction sees it before the send, with what then happened. */
export interface CampaignCase {
  campaignId: string;
  variant: string;
  /** `all` for the whole variant audience, else the recipient-domain group the sample is restricted to. */
  slice: string;
  startedAt: Date;
  audience: number;
  sample: CampaignSample;
}

export interface SimulatedWorkspace {
  seed: number;
  contactsCount: number;
  days: number;
  start: Date;
  end: Date;
  truth: GroundTruth;
  contacts: ContactTruth[];
  /** Hourly buckets by hour start (epoch ms), in time order. */
  buckets: Map<number, HourBucket>;
  cases: CampaignCase[];
  /** Each contact's profile over the days before `profileCut`, and the workspace / per-domain open-hour histograms. */
  profiles: Map<string, ContactProfile>;
  profileCut: Date;
  /** Campaign-level observed rates (all variants), in start order, for the recent-average baseline. */
  campaignRates: { campaignId: string; series: string; startedAt: Date; rates: number[] }[];
  /** Usual send hour of the workspace's campaigns (UTC). */
  usualSendHour: number;
  simulateSeconds: number;
  featureSeconds: number;
  events: number;
}

export interface WorkspaceOptions {
  seed: number;
  contacts: number;
  days: number;
  end: Date;
  anomalies?: AnomalySpec[];
  campaignsPerWeek?: number;
  /** Where the send-time profiles stop (default: 2/3 of the way through). */
  profileCutDays?: number;
}

/**
 * Simulates a workspace and turns it into what the models need, through the same libs/features code the API runs:
 * message summaries → per-day aggregates → contact profiles → campaign feature vectors, and hourly metric buckets.
 */
export function simulateWorkspace(o: WorkspaceOptions): SimulatedWorkspace {
  const t0 = Date.now();
  const run = simulate({ seed: o.seed, contacts: o.contacts, days: o.days, end: o.end, anomalies: o.anomalies ?? [], campaignsPerWeek: o.campaignsPerWeek });
  const builder = new MessageSummaryBuilder();
  const buckets = new Map<number, HourBucket>();
  const subjects = new Map<string, string>();
  const names = new Map<string, string>();
  let events = 0;
  for (const { event, truth } of run) {
    if (truth.duplicate) continue;
    events++;
    const human = truth.label === 'human';
    builder.add(event, truth.label);
    const hour = Math.floor(Date.parse(event.occurredAt as string) / HOUR_MS) * HOUR_MS;
    let b = buckets.get(hour);
    if (!b) {
      b = { total: emptyBucket(), byDomain: new Map() };
      buckets.set(hour, b);
    }
    countEvent(b.total, event, human);
    const email = event.contact?.email;
    if (email && event.type.startsWith('email.')) {
      const domain = email.slice(email.indexOf('@') + 1).toLowerCase();
      let d = b.byDomain.get(domain);
      if (!d) b.byDomain.set(domain, (d = emptyBucket()));
      countEvent(d, event, human);
    }
    if (event.type === 'campaign.created' && event.campaignId) names.set(event.campaignId, String((event.properties as Record<string, unknown>)['name'] ?? ''));
    if (event.type === 'email.sent' && event.campaignId) {
      const variant = String((event.properties as Record<string, unknown>)['variant'] ?? 'A');
      const key = `${event.campaignId}/${variant}`;
      if (!subjects.has(key)) subjects.set(key, String((event.properties as Record<string, unknown>)['subject'] ?? ''));
    }
  }
  const simulateSeconds = (Date.now() - t0) / 1000;
  const t1 = Date.now();

  // Messages by day of sending, and per campaign variant.
  const byDay = new Map<string, MessageSummary[]>();
  const byVariant = new Map<string, MessageSummary[]>();
  for (const m of builder.summaries()) {
    if (!m.sentAt) continue;
    const day = dayOf(m.sentAt);
    let list = byDay.get(day);
    if (!list) byDay.set(day, (list = []));
    list.push(m);
    if (m.campaignId) {
      const key = `${m.campaignId}/${m.variant ?? 'A'}`;
      let v = byVariant.get(key);
      if (!v) byVariant.set(key, (v = []));
      v.push(m);
    }
  }
  const campaignStart = new Map<string, number>();
  for (const [key, msgs] of byVariant) {
    const id = key.slice(0, key.lastIndexOf('/'));
    let first = Infinity;
    for (const m of msgs) first = Math.min(first, m.sentAt!.getTime());
    campaignStart.set(id, Math.min(campaignStart.get(id) ?? Infinity, first));
  }
  const variantsByDay = new Map<string, string[]>();
  for (const key of byVariant.keys()) {
    const day = dayOf(new Date(campaignStart.get(key.slice(0, key.lastIndexOf('/')))!));
    let list = variantsByDay.get(day);
    if (!list) variantsByDay.set(day, (list = []));
    list.push(key);
  }

  const campaignRates = [...campaignStart.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([id, at]) => {
      const msgs = [...byVariant.entries()].filter(([k]) => k.slice(0, k.lastIndexOf('/')) === id).flatMap(([, v]) => v);
      return { campaignId: id, series: campaignSeries(names.get(id) ?? ''), startedAt: new Date(at), rates: observedRates(msgs) };
    });
  const profiles = new Map<string, ContactProfile>();
  const start = new Date(o.end.getTime() - o.days * DAY_MS);
  const profileCut = new Date(start.getTime() + Math.round((o.profileCutDays ?? (o.days * 2) / 3)) * DAY_MS);
  const cutDay = dayOf(profileCut);
  const cutProfiles = new Map<string, ContactProfile>();
  const cases: CampaignCase[] = [];
  const days = [...new Set([...byDay.keys(), ...variantsByDay.keys()])].sort();
  for (const day of days) {
    if (day === cutDay) for (const [k, p] of profiles) cutProfiles.set(k, structuredClone(p));
    // Campaigns starting today are featurised from the history of the days before.
    for (const key of variantsByDay.get(day) ?? []) {
      const msgs = byVariant.get(key)!;
      const id = key.slice(0, key.lastIndexOf('/'));
      const variant = key.slice(key.lastIndexOf('/') + 1);
      const startedAt = new Date(campaignStart.get(id)!);
      const groups = new Map<string, MessageSummary[]>([['all', msgs]]);
      for (const m of msgs) {
        const g = domainBucket(m.recipientDomain ?? '');
        let list = groups.get(g);
        if (!list) groups.set(g, (list = []));
        list.push(m);
      }
      for (const [slice, group] of groups) {
        if (group.length < 200) continue;
        const audience = emptyAudience();
        for (const m of group) addToAudience(audience, m.recipientDomain ?? '', profiles.get(m.contact ?? '') ?? null);
        if (audience.delivered === 0) continue;
        const past = campaignRates.filter((c) => c.startedAt.getTime() < startedAt.getTime() - SERIES_COMPLETE_MS && c.startedAt.getTime() >= startedAt.getTime() - 90 * DAY_MS);
        const series = seriesLift(past, campaignSeries(names.get(id) ?? ''));
        const features = campaignFeatureVector({ sendAt: startedAt, subject: subjects.get(key) ?? '', audience, series });
        const base = CAMPAIGN_TARGETS.map((t) => audienceRates(audience)[t]);
        cases.push({ campaignId: id, variant, slice, startedAt, audience: group.length, sample: { features, base, target: observedRates(group) } });
      }
    }
    const msgs = byDay.get(day);
    if (!msgs) continue;
    for (const cd of aggregateByDay(msgs).contacts) {
      let p = profiles.get(cd.contact);
      if (!p) profiles.set(cd.contact, (p = emptyProfile(cd.contact, cd.recipientDomain)));
      addContactDay(p, cd);
    }
  }
  if (cutProfiles.size === 0) for (const [k, p] of profiles) cutProfiles.set(k, p);

  const hours = new Array<number>(24).fill(0);
  for (const at of campaignStart.values()) hours[new Date(at).getUTCHours()]!++;
  const usualSendHour = hours.indexOf(Math.max(...hours));
  return {
    seed: o.seed,
    contactsCount: o.contacts,
    days: o.days,
    start,
    end: o.end,
    truth: run.groundTruth(),
    contacts: [...run.contacts()],
    buckets: new Map([...buckets.entries()].sort((a, b) => a[0] - b[0])),
    cases,
    profiles: cutProfiles,
    profileCut,
    campaignRates,
    usualSendHour,
    simulateSeconds,
    featureSeconds: (Date.now() - t1) / 1000,
    events,
  };
}

/** Observed rates of a set of messages, in CAMPAIGN_TARGETS order. */
export function observedRates(msgs: readonly MessageSummary[]): number[] {
  let sent = 0, delivered = 0, bounced = 0, opened = 0, hOpened = 0, clicked = 0, hClicked = 0;
  for (const m of msgs) {
    sent++;
    delivered += +m.delivered;
    bounced += +m.bounced;
    opened += +(m.firstOpenAt !== null);
    hOpened += +(m.firstHumanOpenAt !== null);
    clicked += +(m.firstClickAt !== null);
    hClicked += +(m.firstHumanClickAt !== null);
  }
  const per = (n: number, d: number) => (d === 0 ? 0 : n / d);
  const rates: Record<(typeof CAMPAIGN_TARGETS)[number], number> = {
    humanOpenRate: per(hOpened, delivered),
    openRate: per(opened, delivered),
    humanClickRate: per(hClicked, delivered),
    clickRate: per(clicked, delivered),
    bounceRate: per(bounced, sent),
  };
  return CAMPAIGN_TARGETS.map((t) => rates[t]);
}
