import { CAMPAIGN_TARGETS } from './campaign-features';

/**
 * The series a campaign belongs to, from its name: what is left once dates, numbers and what follows a separator
 * are dropped ("Flash sale · 22 Nov" and "Flash sale - 6 Dec" are both "flash sale"). Senders repeat series (a
 * weekly newsletter, a flash sale), and a series tends to perform like its past issues.
 */
export function campaignSeries(name: string): string {
  const head = name.split(/\s[·|–—-]\s|\s\|\s|:\s/)[0] ?? name;
  return head
    .toLowerCase()
    .replace(/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b/g, ' ')
    .replace(/[0-9#/.,]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A past campaign as the series feature reads it: its series and its observed rates (CAMPAIGN_TARGETS order). */
export interface PastCampaign {
  series: string;
  rates: readonly number[];
}

/**
 * Per target, log(mean rate of the series' past campaigns / mean rate of all past campaigns), clipped to ±1, and the
 * number of past campaigns of the series; zeros when the series has no past campaign.
 */
export function seriesLift(past: readonly PastCampaign[], series: string): { campaigns: number; logLift: number[] } {
  const same = past.filter((p) => p.series === series && series !== '');
  if (same.length === 0 || past.length === 0) return { campaigns: 0, logLift: CAMPAIGN_TARGETS.map(() => 0) };
  const mean = (list: readonly PastCampaign[], j: number) => list.reduce((s, p) => s + p.rates[j]!, 0) / list.length;
  return {
    campaigns: same.length,
    logLift: CAMPAIGN_TARGETS.map((_, j) => {
      const all = mean(past, j);
      const mine = mean(same, j);
      if (all <= 0 || mine <= 0) return 0;
      return Math.max(-1, Math.min(1, Math.log(mine / all)));
    }),
  };
}
