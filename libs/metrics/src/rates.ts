import {
  BounceCounts,
  EngagementCount,
  MessageCounts,
  totalBounces,
  VERDICT_VARIANTS,
  VerdictVariant,
} from './counts';

/**
 * Every rate Mailpulse shows, defined once. A rate is a fraction in [0, 1] (not a percentage) or `null` when its
 * denominator is zero: "no data" is not "0 %".
 *
 * | rate             | numerator                          | denominator          |
 * |------------------|------------------------------------|----------------------|
 * | delivery         | delivered                          | sent                 |
 * | bounce           | bounced messages (hard+soft+block) | sent                 |
 * | hardBounce       | hard bounces                       | sent                 |
 * | softBounce       | soft bounces                       | sent                 |
 * | blockBounce      | block bounces                      | sent                 |
 * | complaint        | complaints                         | delivered            |
 * | unsubscribe      | unsubscribes                       | delivered            |
 * | conversion       | attributed conversions             | delivered            |
 * | open.unique      | messages opened                    | delivered            |
 * | open.total       | every open                         | delivered            |
 * | click.unique     | messages clicked                   | delivered            |
 * | click.total      | every click                        | delivered            |
 * | clickToOpen.unique | messages clicked                 | messages opened      |
 * | clickToOpen.total  | every click                      | every open           |
 *
 * Open, click and click-to-open come per verdict variant (`human`, `machine`, `total`), each from the counts
 * of that variant. Bounce rates are over `sent` because a bounced message was never delivered; complaint,
 * unsubscribe and conversion rates are over `delivered` because only a delivered message can cause them
 * (mailbox providers state complaint limits the same way).
 */
export interface UniqueTotalRate {
  unique: number | null;
  total: number | null;
}

export type RateByVerdict = Record<VerdictVariant, UniqueTotalRate>;

export interface Rates {
  delivery: number | null;
  bounce: number | null;
  hardBounce: number | null;
  softBounce: number | null;
  blockBounce: number | null;
  complaint: number | null;
  unsubscribe: number | null;
  conversion: number | null;
  open: RateByVerdict;
  click: RateByVerdict;
  clickToOpen: RateByVerdict;
}

/** numerator / denominator, or null when the denominator is zero (or not a finite positive number). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 && Number.isFinite(denominator)
    ? numerator / denominator
    : null;
}

export function deliveryRate(
  c: Pick<MessageCounts, 'sent' | 'delivered'>,
): number | null {
  return ratio(c.delivered, c.sent);
}

export function bounceRate(
  c: { sent: number; bounces: BounceCounts },
  bounceClass?: keyof BounceCounts,
): number | null {
  return ratio(
    bounceClass ? c.bounces[bounceClass] : totalBounces(c.bounces),
    c.sent,
  );
}

export function complaintRate(
  c: Pick<MessageCounts, 'complaints' | 'delivered'>,
): number | null {
  return ratio(c.complaints, c.delivered);
}

export function unsubscribeRate(
  c: Pick<MessageCounts, 'unsubscribes' | 'delivered'>,
): number | null {
  return ratio(c.unsubscribes, c.delivered);
}

export function conversionRate(
  c: Pick<MessageCounts, 'conversions' | 'delivered'>,
): number | null {
  return ratio(c.conversions, c.delivered);
}

export function openRate(
  c: Pick<MessageCounts, 'opens' | 'delivered'>,
  verdict: VerdictVariant = 'human',
): UniqueTotalRate {
  return perDelivered(c.opens[verdict], c.delivered);
}

export function clickRate(
  c: Pick<MessageCounts, 'clicks' | 'delivered'>,
  verdict: VerdictVariant = 'human',
): UniqueTotalRate {
  return perDelivered(c.clicks[verdict], c.delivered);
}

export function clickToOpenRate(
  c: Pick<MessageCounts, 'opens' | 'clicks'>,
  verdict: VerdictVariant = 'human',
): UniqueTotalRate {
  const opens = c.opens[verdict];
  const clicks = c.clicks[verdict];
  return {
    unique: ratio(clicks.unique, opens.unique),
    total: ratio(clicks.total, opens.total),
  };
}

function perDelivered(e: EngagementCount, delivered: number): UniqueTotalRate {
  return {
    unique: ratio(e.unique, delivered),
    total: ratio(e.total, delivered),
  };
}

function byVerdict(
  rate: (v: VerdictVariant) => UniqueTotalRate,
): RateByVerdict {
  return Object.fromEntries(
    VERDICT_VARIANTS.map((v) => [v, rate(v)]),
  ) as RateByVerdict;
}

/** All rates of one counts object. */
export function computeRates(c: MessageCounts): Rates {
  return {
    delivery: deliveryRate(c),
    bounce: bounceRate(c),
    hardBounce: bounceRate(c, 'hard'),
    softBounce: bounceRate(c, 'soft'),
    blockBounce: bounceRate(c, 'block'),
    complaint: complaintRate(c),
    unsubscribe: unsubscribeRate(c),
    conversion: conversionRate(c),
    open: byVerdict((v) => openRate(c, v)),
    click: byVerdict((v) => clickRate(c, v)),
    clickToOpen: byVerdict((v) => clickToOpenRate(c, v)),
  };
}
