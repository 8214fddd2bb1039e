import type { EventType } from '@mailpulse/contracts';
import type { Anomaly } from '../anomalies/anomaly';
import type { Campaign, VariantId } from '../campaigns/campaign';
import type { Contact } from '../contacts/contact';
import { preferredHourUtc } from '../contacts/contact';
import {
  UNSUBSCRIBE_LINK,
  type Label,
  type MessageStep,
} from '../messages/message-step';
import type { ResolvedSimulationConfig } from '../simulation-config';
import {
  emptyCounts,
  ratesOf,
  type ContactTruth,
  type GroundTruth,
  type MessageCounts,
} from './ground-truth';

interface CampaignTally {
  readonly campaign: Campaign;
  readonly totals: MessageCounts;
  readonly byVariant: Map<VariantId, MessageCounts>;
  readonly linkClicks: { human: number; machine: number }[];
}

/**
 * Tallies what the simulation emitted, once per distinct event, as it is emitted; duplicates and late
 * delivery are noted but never counted twice.
 */
export class GroundTruthRecorder {
  private readonly byType: Partial<Record<EventType, number>> = {};
  private readonly byLabel: Record<Label, number> = { human: 0, machine: 0 };
  private readonly campaigns: CampaignTally[] = [];
  private distinct = 0;
  private duplicates = 0;
  private outOfOrder = 0;

  constructor(
    private readonly config: ResolvedSimulationConfig,
    private readonly anomalies: readonly Anomaly[],
    private readonly windowStartMs: number,
    private windowEndMs: number,
  ) {}

  registerCampaign(campaign: Campaign): void {
    this.campaigns[campaign.number] = {
      campaign,
      totals: emptyCounts(),
      byVariant: new Map(campaign.variants.map((v) => [v.id, emptyCounts()])),
      linkClicks: campaign.links.map(() => ({ human: 0, machine: 0 })),
    };
  }

  recordEvent(type: EventType, label: Label): void {
    this.byType[type] = (this.byType[type] ?? 0) + 1;
    this.byLabel[label]++;
    this.distinct++;
  }

  recordMessageStep(
    campaignNumber: number,
    variant: VariantId,
    step: MessageStep,
    humanOpenProbability: number,
  ): void {
    const tally = this.campaigns[campaignNumber];
    const variantCounts = tally.byVariant.get(variant);
    for (const counts of variantCounts === undefined
      ? [tally.totals]
      : [tally.totals, variantCounts]) {
      countStep(counts, step, humanOpenProbability);
    }
    if (
      step.type === 'email.clicked' &&
      step.linkIndex !== undefined &&
      step.linkIndex !== UNSUBSCRIBE_LINK
    ) {
      tally.linkClicks[step.linkIndex][step.label]++;
    }
  }

  noteDuplicate(): void {
    this.duplicates++;
  }

  noteOutOfOrder(): void {
    this.outOfOrder++;
  }

  /** For a live run, whose window grows with every batch. */
  extendWindow(endMs: number): void {
    this.windowEndMs = Math.max(this.windowEndMs, endMs);
  }

  summary(): GroundTruth {
    return {
      generator: 'mailpulse-simulator',
      seed: this.config.seed,
      idPrefix: this.config.idPrefix,
      window: { start: iso(this.windowStartMs), end: iso(this.windowEndMs) },
      contactCount: this.config.contacts,
      events: {
        distinct: this.distinct,
        emitted: this.distinct + this.duplicates,
        duplicates: this.duplicates,
        outOfOrder: this.outOfOrder,
        byType: Object.fromEntries(
          Object.entries(this.byType).sort(([a], [b]) => a.localeCompare(b)),
        ),
        byLabel: { ...this.byLabel },
      },
      anomalies: this.anomalies.map((a) => ({
        id: a.id,
        kind: a.kind,
        label: a.label,
        start: iso(a.startMs),
        end: iso(a.endMs),
        ...(a.domain === undefined ? {} : { domain: a.domain }),
        intensity: a.intensity,
      })),
      campaigns: this.campaigns
        .filter((t) => t !== undefined)
        .map(({ campaign, totals, byVariant, linkClicks }) => ({
          campaignId: campaign.id,
          name: campaign.name,
          theme: campaign.theme,
          createdBy: campaign.createdBy,
          createdAt: iso(campaign.createdAtMs),
          startedAt: iso(campaign.startMs),
          sendEndedAt: iso(campaign.sendEndMs),
          audienceSize: campaign.audienceSize,
          variants: campaign.variants.map((v) => {
            const counts = finish(byVariant.get(v.id) ?? emptyCounts());
            return {
              variant: v.id,
              subject: v.subject,
              traits: v.traits,
              openAppeal: v.openAppeal,
              clickAppeal: v.clickAppeal,
              counts,
              rates: ratesOf(counts),
            };
          }),
          links: campaign.links.map((l, i) => ({
            linkId: l.linkId,
            url: l.url,
            popularity: l.popularity,
            humanClicks: linkClicks[i].human,
            machineClicks: linkClicks[i].machine,
          })),
          totals: finish(totals),
          rates: ratesOf(totals),
        })),
    };
  }
}

export function contactTruth(contact: Contact): ContactTruth {
  return {
    email: contact.email,
    domain: contact.domain.name,
    client: contact.client,
    timeZone: contact.timeZone.name,
    propensity: Math.round(contact.propensity * 1e4) / 1e4,
    preferredHourLocal: contact.preferredHourLocal,
    preferredHourUtc: preferredHourUtc(contact),
    behindGateway: contact.domain.gateway !== undefined,
  };
}

function countStep(
  c: MessageCounts,
  step: MessageStep,
  humanOpenProbability: number,
): void {
  const human = step.label === 'human';
  switch (step.type) {
    case 'email.sent':
      c.sent++;
      break;
    case 'email.deferred':
      c.deferred++;
      break;
    case 'email.delivered':
      c.delivered++;
      c.expectedHumanOpens += humanOpenProbability;
      break;
    case 'email.bounced':
      if (step.bounceClass !== undefined) c.bounced[step.bounceClass]++;
      break;
    case 'email.opened':
      if (human) c.humanOpens++;
      else c.machineOpens++;
      if (step.first === true) {
        if (human) c.uniqueHumanOpens++;
        else c.uniqueMachineOpens++;
      }
      if (step.firstAny === true) c.uniqueApparentOpens++;
      break;
    case 'email.clicked':
      if (human) c.humanClicks++;
      else c.machineClicks++;
      if (step.first === true) {
        if (human) c.uniqueHumanClicks++;
        else c.uniqueMachineClicks++;
      }
      if (step.firstAny === true) c.uniqueApparentClicks++;
      break;
    case 'conversion':
      c.conversions++;
      c.revenue += step.amount ?? 0;
      break;
    case 'email.complained':
      c.complaints++;
      break;
    case 'email.unsubscribed':
      c.unsubscribes++;
      break;
    case 'email.replied':
      c.replies++;
      break;
  }
}

function finish(c: MessageCounts): MessageCounts {
  return {
    ...c,
    bounced: { ...c.bounced },
    revenue: Math.round(c.revenue * 100) / 100,
    expectedHumanOpens: Math.round(c.expectedHumanOpens * 100) / 100,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
