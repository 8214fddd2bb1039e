import type { AbTestResponse } from '@mailpulse/contracts';
import { formatCount, formatRate } from '../format/locale-format';

const METRIC_WORDS: Record<AbTestResponse['metric'], string> = { open: 'open rate', click: 'click rate', clickToOpen: 'click-to-open rate', conversion: 'conversion rate' };

/** The A/B result in one or two plain sentences a marketer can act on. */
export function abVerdictText(ab: AbTestResponse, locale?: string): string {
  const metric = METRIC_WORDS[ab.metric];
  const challengers = ab.variants.filter((v) => !v.isControl);
  if (ab.variants.length < 2 || challengers.length === 0) return 'This campaign has a single variant, so there is nothing to compare.';
  const control = ab.variants.find((v) => v.isControl);
  const confidence = formatRate(ab.confidenceLevel, locale).replace(/[.,]0(?=\s?%)/, '');
  const winners = challengers.filter((v) => v.zTest?.significant && v.zTest.difference > 0);
  const losers = challengers.filter((v) => v.zTest?.significant && v.zTest.difference < 0);
  const remaining = ab.sampleSize.remaining;
  const need = remaining && remaining > 0 ? ` About ${formatCount(remaining, locale)} more deliveries per variant are needed to detect a ${formatRate(ab.sampleSize.lift, locale)} lift.` : '';
  if (winners.length > 0) {
    const best = [...winners].sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0))[0];
    return `Variant ${best.variant} wins: its ${metric} of ${formatRate(best.rate, locale)} beats control ${ab.control} (${formatRate(control?.rate, locale)}) at ${confidence} confidence.`;
  }
  if (losers.length === challengers.length) {
    return `Control ${ab.control} wins: its ${metric} of ${formatRate(control?.rate, locale)} is higher than every other variant at ${confidence} confidence.`;
  }
  const leader = [...ab.variants].sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0))[0];
  return `No clear winner yet: variant ${leader.variant} leads with a ${metric} of ${formatRate(leader.rate, locale)}, but the difference could still be chance.${need}`;
}
