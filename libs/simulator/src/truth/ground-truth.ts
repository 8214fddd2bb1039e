import type { EventType } from '@mailpulse/contracts';
import type { AnomalyKind } from '../anomalies/anomaly';
import type { SubjectTraits, VariantId } from '../campaigns/campaign';
import type { Label } from '../messages/message-step';

/** Counts over the messages of a campaign or variant, from the events actually emitted (each id once). */
export interface MessageCounts {
  sent: number;
  delivered: number;
  /** `email.deferred` events (retries during an SMTP outage). */
  deferred: number;
  /** Bounce events by class; a soft bounce may later be delivered, so a message can count in both. */
  bounced: { hard: number; soft: number; block: number };
  /** Messages with at least one human open. */
  uniqueHumanOpens: number;
  /** Messages with at least one machine open (MPP pre-fetch, scanner). */
  uniqueMachineOpens: number;
  /** Messages with any open: what a dashboard that trusts every pixel fetch reports. */
  uniqueApparentOpens: number;
  humanOpens: number;
  machineOpens: number;
  /** Messages with at least one human click on a content link (the unsubscribe link is not counted). */
  uniqueHumanClicks: number;
  uniqueMachineClicks: number;
  uniqueApparentClicks: number;
  humanClicks: number;
  machineClicks: number;
  conversions: number;
  /** EUR, rounded to cents. */
  revenue: number;
  complaints: number;
  unsubscribes: number;
  replies: number;
  /** Sum over delivered messages of the model's open probability; the expectation of uniqueHumanOpens. */
  expectedHumanOpens: number;
}

export interface MessageRates {
  deliveryRate: number;
  bounceRate: number;
  /** uniqueHumanOpens / delivered: the true open rate. */
  humanOpenRate: number;
  /** uniqueApparentOpens / delivered: the inflated rate machine opens produce. */
  apparentOpenRate: number;
  clickRate: number;
  apparentClickRate: number;
  clickToOpenRate: number;
  conversionRate: number;
  complaintRate: number;
  unsubscribeRate: number;
  revenuePerDelivered: number;
}

export interface VariantTruth {
  variant: VariantId;
  subject: string;
  traits: SubjectTraits;
  /** The hidden multipliers that make one variant truly better. */
  openAppeal: number;
  clickAppeal: number;
  counts: MessageCounts;
  rates: MessageRates;
}

export interface LinkTruth {
  linkId: string;
  url: string;
  popularity: number;
  humanClicks: number;
  machineClicks: number;
}

export interface CampaignTruth {
  campaignId: string;
  name: string;
  theme: string;
  createdBy: string;
  createdAt: string;
  startedAt: string;
  sendEndedAt: string;
  audienceSize: number;
  variants: VariantTruth[];
  links: LinkTruth[];
  totals: MessageCounts;
  rates: MessageRates;
}

export interface AnomalyTruth {
  id: string;
  kind: AnomalyKind;
  label: string;
  start: string;
  end: string;
  domain?: string;
  intensity: number;
}

export interface ContactTruth {
  email: string;
  domain: string;
  client: string;
  timeZone: string;
  propensity: number;
  preferredHourLocal: number;
  preferredHourUtc: number;
  behindGateway: boolean;
}

export interface GroundTruth {
  generator: 'mailpulse-simulator';
  seed: number;
  idPrefix: string;
  window: { start: string; end: string };
  contactCount: number;
  events: {
    /** Distinct events (distinct ids) emitted. */
    distinct: number;
    /** Lines emitted, duplicates included. */
    emitted: number;
    duplicates: number;
    outOfOrder: number;
    /** Distinct events per type; types never emitted are absent. */
    byType: Partial<Record<EventType, number>>;
    byLabel: Record<Label, number>;
  };
  anomalies: AnomalyTruth[];
  campaigns: CampaignTruth[];
}

export function emptyCounts(): MessageCounts {
  return {
    sent: 0,
    delivered: 0,
    deferred: 0,
    bounced: { hard: 0, soft: 0, block: 0 },
    uniqueHumanOpens: 0,
    uniqueMachineOpens: 0,
    uniqueApparentOpens: 0,
    humanOpens: 0,
    machineOpens: 0,
    uniqueHumanClicks: 0,
    uniqueMachineClicks: 0,
    uniqueApparentClicks: 0,
    humanClicks: 0,
    machineClicks: 0,
    conversions: 0,
    revenue: 0,
    complaints: 0,
    unsubscribes: 0,
    replies: 0,
    expectedHumanOpens: 0,
  };
}

export function ratesOf(c: MessageCounts): MessageRates {
  const per = (n: number, d: number) => (d === 0 ? 0 : n / d);
  return {
    deliveryRate: per(c.delivered, c.sent),
    bounceRate: per(c.bounced.hard + c.bounced.soft + c.bounced.block, c.sent),
    humanOpenRate: per(c.uniqueHumanOpens, c.delivered),
    apparentOpenRate: per(c.uniqueApparentOpens, c.delivered),
    clickRate: per(c.uniqueHumanClicks, c.delivered),
    apparentClickRate: per(c.uniqueApparentClicks, c.delivered),
    clickToOpenRate: per(c.uniqueHumanClicks, c.uniqueHumanOpens),
    conversionRate: per(c.conversions, c.delivered),
    complaintRate: per(c.complaints, c.delivered),
    unsubscribeRate: per(c.unsubscribes, c.delivered),
    revenuePerDelivered: per(c.revenue, c.delivered),
  };
}
