import type { ContactProfile } from './contact-profile';
import { subjectTraits } from './subject-traits';

/** Recipient domains with their own share feature; everything else counts as "other". */
export const MAJOR_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com'] as const;

/** The audience of a planned campaign, summed over its contacts' profiles in the history window. */
export interface AudienceHistory {
  contacts: number;
  /** Contacts with at least one message in the window. */
  known: number;
  sent: number;
  delivered: number;
  bounced: number;
  hardBounced: number;
  opened: number;
  humanOpened: number;
  clicked: number;
  humanClicked: number;
  complained: number;
  /** Audience contacts per recipient domain (MAJOR_DOMAINS and `other`). */
  domains: Record<string, number>;
}

export function emptyAudience(): AudienceHistory {
  return { contacts: 0, known: 0, sent: 0, delivered: 0, bounced: 0, hardBounced: 0, opened: 0, humanOpened: 0, clicked: 0, humanClicked: 0, complained: 0, domains: {} };
}

export function domainBucket(domain: string): string {
  return (MAJOR_DOMAINS as readonly string[]).includes(domain) ? domain : 'other';
}

/** Adds one audience contact (with its profile, or null when it has no history) to the audience (in place). */
export function addToAudience(a: AudienceHistory, domain: string, p: ContactProfile | null): AudienceHistory {
  a.contacts++;
  const bucket = domainBucket(domain);
  a.domains[bucket] = (a.domains[bucket] ?? 0) + 1;
  if (p && p.sent > 0) {
    a.known++;
    a.sent += p.sent;
    a.delivered += p.delivered;
    a.bounced += p.bounced;
    a.hardBounced += p.hardBounced;
    a.opened += p.opened;
    a.humanOpened += p.humanOpened;
    a.clicked += p.clicked;
    a.humanClicked += p.humanClicked;
    a.complained += p.complained;
  }
  return a;
}

/** What the campaign model predicts, in this order; open and click rates per delivered message, bounces per sent. */
export const CAMPAIGN_TARGETS = ['humanOpenRate', 'openRate', 'humanClickRate', 'clickRate', 'bounceRate'] as const;
export type CampaignTarget = (typeof CAMPAIGN_TARGETS)[number];
export type CampaignRates = Record<CampaignTarget, number>;

/** Floors keep a rate's logarithm finite for an audience that never clicked or bounced. */
const RATE_FLOOR: CampaignRates = { humanOpenRate: 0.005, openRate: 0.005, humanClickRate: 0.0005, clickRate: 0.0005, bounceRate: 0.0005 };

/** The audience's own historical rates, the starting point the model corrects (per target, floored). */
export function audienceRates(a: AudienceHistory): CampaignRates {
  const per = (n: number, d: number) => (d === 0 ? 0 : n / d);
  const raw: CampaignRates = {
    humanOpenRate: per(a.humanOpened, a.delivered),
    openRate: per(a.opened, a.delivered),
    humanClickRate: per(a.humanClicked, a.delivered),
    clickRate: per(a.clicked, a.delivered),
    bounceRate: per(a.bounced, a.sent),
  };
  for (const t of CAMPAIGN_TARGETS) raw[t] = Math.max(raw[t], RATE_FLOOR[t]);
  return raw;
}

export interface CampaignPlan {
  sendAt: Date;
  subject: string;
  audience: AudienceHistory;
  /** How past campaigns of the same series did against the workspace (`seriesLift`); absent: no series history. */
  series?: { campaigns: number; logLift: readonly number[] };
}

export const CAMPAIGN_FEATURES = [
  'hist.humanOpenRate', 'hist.openRate', 'hist.humanClickRate', 'hist.clickRate', 'hist.bounceRate', 'hist.hardBounceRate', 'hist.complaintRate',
  'audience.knownShare', 'audience.log10Size',
  'send.hourSin', 'send.hourCos', 'send.weekdaySin', 'send.weekdayCos',
  ...MAJOR_DOMAINS.map((d) => `domain.${d}`), 'domain.other',
  'subject.emoji', 'subject.personalized', 'subject.long', 'subject.discount', 'subject.hasDiscount',
  'series.known', 'series.humanOpenRate', 'series.openRate', 'series.humanClickRate', 'series.clickRate', 'series.bounceRate',
] as const;

/** The model input for a planned campaign, in CAMPAIGN_FEATURES order. */
export function campaignFeatureVector(plan: CampaignPlan): number[] {
  const a = plan.audience;
  const rates = audienceRates(a);
  const per = (n: number, d: number) => (d === 0 ? 0 : n / d);
  const hour = plan.sendAt.getUTCHours() + plan.sendAt.getUTCMinutes() / 60;
  const weekday = (plan.sendAt.getUTCDay() + 6) % 7;
  const traits = subjectTraits(plan.subject);
  const share = (d: string) => per(a.domains[d] ?? 0, a.contacts);
  return [
    rates.humanOpenRate, rates.openRate, rates.humanClickRate * 10, rates.clickRate * 10, rates.bounceRate * 10,
    per(a.hardBounced, a.sent) * 10, per(a.complained, a.delivered) * 100,
    per(a.known, a.contacts), Math.log10(a.contacts + 1) / 6,
    Math.sin((2 * Math.PI * hour) / 24), Math.cos((2 * Math.PI * hour) / 24), Math.sin((2 * Math.PI * weekday) / 7), Math.cos((2 * Math.PI * weekday) / 7),
    ...MAJOR_DOMAINS.map(share), share('other'),
    +traits.emoji, +traits.personalized, traits.length > 45 ? 1 : 0, traits.discountPercent / 100, traits.discountPercent > 0 ? 1 : 0,
    plan.series && plan.series.campaigns > 0 ? 1 : 0, ...CAMPAIGN_TARGETS.map((_, j) => plan.series?.logLift[j] ?? 0),
  ];
}
