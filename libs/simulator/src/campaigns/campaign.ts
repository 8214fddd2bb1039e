import type { Anomaly } from '../anomalies/anomaly';

export type VariantId = 'A' | 'B';

export interface SubjectTraits {
  readonly personalized: boolean;
  readonly emoji: boolean;
  readonly discountPercent: number | undefined;
  readonly length: number;
}

export interface CampaignVariant {
  readonly id: VariantId;
  readonly subject: string;
  readonly traits: SubjectTraits;
  /** Multiplier on a contact's open propensity: the subject line's true pull. */
  readonly openAppeal: number;
  /** Multiplier on the chance of clicking once opened: the content's true pull. */
  readonly clickAppeal: number;
}

export interface CampaignLink {
  readonly linkId: string;
  readonly url: string;
  /** Relative chance that a clicking reader picks this link; the links' popularities sum to 1. */
  readonly popularity: number;
}

export interface Campaign {
  /** Position in the schedule, 0-based; part of every derived random stream. */
  readonly number: number;
  readonly id: string;
  readonly name: string;
  readonly theme: string;
  readonly createdBy: string;
  readonly createdAtMs: number;
  readonly startMs: number;
  /** When the last message is handed to the relay. */
  readonly sendEndMs: number;
  readonly audienceShare: number;
  readonly audienceSize: number;
  readonly variants: readonly CampaignVariant[];
  readonly links: readonly CampaignLink[];
  /** Base of the per-message unsubscribe link. */
  readonly unsubscribeUrl: string;
  /** Probability that a human click leads to an order, before the contact's own propensity. */
  readonly conversionRate: number;
  readonly medianOrderValue: number;
  /** Anomalies known when the campaign was planned; a message's life is derived from these only. */
  readonly anomalies: readonly Anomaly[];
}
