import type { Anomaly } from '../anomalies/anomaly';
import { hashUnit } from '../random/hash';
import { SeededRandom } from '../random/seeded-random';
import { HOUR_MS } from '../simulation-config';
import { WORKSPACE_PROFILE } from '../world/workspace-profile';
import type {
  Campaign,
  CampaignLink,
  CampaignVariant,
  SubjectTraits,
  VariantId,
} from './campaign';
import { CAMPAIGN_THEMES, type CampaignTheme } from './campaign-themes';

const CAMPAIGN_STREAM = 0xca3b;
const AUDIENCE_STREAM = 0xa0d1;
const VARIANT_STREAM = 0x5b1e;
const EMOJIS = ['✨', '🔥', '🌿', '☀️', '🛍️'];
const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

export interface CampaignFactoryOptions {
  readonly seed: number;
  readonly idPrefix: string;
  readonly contacts: number;
  readonly audienceShare: readonly [number, number];
  readonly sendDurationHours: readonly [number, number];
  /** Earliest time a `campaign.created` may carry (the start of the simulated history). */
  readonly earliestMs: number;
  /** How long before its start a campaign is typically created. */
  readonly typicalLeadMs: number;
}

/** Builds campaign number n starting at a given time: theme, subjects, A/B variants, links, audience. */
export class CampaignFactory {
  constructor(private readonly options: CampaignFactoryOptions) {}

  create(
    number: number,
    startMs: number,
    anomalies: readonly Anomaly[],
  ): Campaign {
    const { seed, idPrefix, earliestMs, typicalLeadMs } = this.options;
    const random = SeededRandom.derive(seed, CAMPAIGN_STREAM, number);
    const theme = random.pick(CAMPAIGN_THEMES);
    const id = `${idPrefix}-c${number}`;
    const audienceShare = random.between(...this.options.audienceShare);
    const sendDurationMs =
      random.between(...this.options.sendDurationHours) * HOUR_MS;
    const variants = random.chance(0.8)
      ? abVariants(theme, random)
      : [variant('A', theme, randomTraits(theme, random), random)];
    return {
      number,
      id,
      name: `${theme.name} · ${formatDay(startMs)}`,
      theme: theme.name,
      createdBy: random.pick(WORKSPACE_PROFILE.teamUserIds),
      createdAtMs: Math.max(
        earliestMs,
        Math.min(startMs, startMs - random.between(0.1, 0.8) * typicalLeadMs),
      ),
      startMs,
      sendEndMs: startMs + sendDurationMs,
      audienceShare,
      audienceSize: this.countAudience(number, audienceShare),
      variants,
      links: links(theme, id, random),
      unsubscribeUrl: `${WORKSPACE_PROFILE.siteUrl}/unsubscribe`,
      conversionRate: theme.conversionRate * random.between(0.8, 1.2),
      medianOrderValue: theme.medianOrderValue,
      anomalies,
    };
  }

  /** Whether contact `index` is in campaign `campaign`'s audience: a pure function, so no list is stored. */
  inAudience(campaign: Campaign, index: number): boolean {
    return (
      hashUnit(this.options.seed, AUDIENCE_STREAM, campaign.number, index) <
      campaign.audienceShare
    );
  }

  variantFor(campaign: Campaign, index: number): CampaignVariant {
    if (campaign.variants.length === 1) return campaign.variants[0];
    return hashUnit(this.options.seed, VARIANT_STREAM, campaign.number, index) <
      0.5
      ? campaign.variants[0]
      : campaign.variants[1];
  }

  private countAudience(number: number, share: number): number {
    let size = 0;
    for (let i = 0; i < this.options.contacts; i++) {
      if (hashUnit(this.options.seed, AUDIENCE_STREAM, number, i) < share)
        size++;
    }
    return size;
  }
}

function abVariants(
  theme: CampaignTheme,
  random: SeededRandom,
): CampaignVariant[] {
  const a = randomTraits(theme, random);
  // B changes one trait of A, as a real test would, so the difference has a known cause.
  let b: SubjectTraits;
  switch (random.int(3)) {
    case 0:
      b = { ...a, personalized: !a.personalized };
      break;
    case 1:
      b = { ...a, emoji: !a.emoji };
      break;
    default:
      b = { ...a, length: a.length > 45 ? 32 : 58 };
  }
  return [variant('A', theme, a, random), variant('B', theme, b, random)];
}

function randomTraits(
  theme: CampaignTheme,
  random: SeededRandom,
): SubjectTraits {
  return {
    personalized: random.chance(0.4),
    emoji: random.chance(0.35),
    discountPercent: theme.discount ? 10 * (2 + random.int(4)) : undefined,
    length: random.chance(0.5) ? 32 : 58,
  };
}

function variant(
  id: VariantId,
  theme: CampaignTheme,
  traits: SubjectTraits,
  random: SeededRandom,
): CampaignVariant {
  const base = random.pick(theme.subjects);
  const discount =
    traits.discountPercent === undefined
      ? ''
      : ` (${traits.discountPercent}% off)`;
  const long =
    traits.length > 45 ? ' — see what is new before it sells out' : '';
  const subject = `${traits.emoji ? `${EMOJIS[random.int(EMOJIS.length)]} ` : ''}${traits.personalized ? '{{firstName}}, ' : ''}${
    traits.personalized ? base[0].toLowerCase() + base.slice(1) : base
  }${discount}${long}`;
  const openAppeal =
    theme.openAppeal *
    (traits.personalized ? 1.1 : 1) *
    (traits.emoji ? 1.05 : 1) *
    (traits.discountPercent === undefined
      ? 1
      : 1 + traits.discountPercent / 200) *
    (traits.length > 45 ? 0.9 : 1);
  return {
    id,
    subject,
    traits,
    openAppeal,
    clickAppeal: theme.clickAppeal * random.between(0.9, 1.1),
  };
}

function links(
  theme: CampaignTheme,
  campaignId: string,
  random: SeededRandom,
): CampaignLink[] {
  const count = Math.min(theme.paths.length, 3 + random.int(3));
  // Zipf-like: the hero link takes most clicks, the footer links few.
  const weights = Array.from(
    { length: count },
    (_, k) => 1 / Math.pow(k + 1, 1.2),
  );
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w, k) => ({
    linkId: `l${k + 1}`,
    url: `${WORKSPACE_PROFILE.siteUrl}${theme.paths[k]}?utm_source=mailpulse&utm_medium=email&utm_campaign=${encodeURIComponent(campaignId)}`,
    popularity: w / total,
  }));
}

function formatDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}
