import { CAMPAIGN_TARGETS } from '@mailpulse/features';
import type { CampaignCase, SimulatedWorkspace } from './simulated-workspace';

/** Campaigns averaged by the baseline: the workspace's most recent ones before the predicted send. */
export const RECENT_CAMPAIGNS = 5;

/** The baseline's prediction for a campaign: the mean observed rates of the workspace's last campaigns before it. */
export function recentAverage(ws: SimulatedWorkspace, before: Date): number[] | null {
  const previous = ws.campaignRates.filter((c) => c.startedAt.getTime() < before.getTime() - 3 * 86_400_000).slice(-RECENT_CAMPAIGNS);
  if (previous.length < 2) return null;
  return CAMPAIGN_TARGETS.map((_, j) => previous.reduce((s, c) => s + c.rates[j]!, 0) / previous.length);
}

/** Whole-audience cases that both the model and the baseline can predict (a few campaigns of history). */
export function evaluableCases(ws: SimulatedWorkspace): { c: CampaignCase; baseline: number[] }[] {
  const out: { c: CampaignCase; baseline: number[] }[] = [];
  for (const c of ws.cases) {
    if (c.slice !== 'all') continue;
    const baseline = recentAverage(ws, c.startedAt);
    if (baseline) out.push({ c, baseline });
  }
  return out;
}

export function meanAbsoluteErrors(predicted: readonly number[][], actual: readonly number[][]): number[] {
  return CAMPAIGN_TARGETS.map((_, j) => predicted.reduce((s, p, i) => s + Math.abs(p[j]! - actual[i]![j]!), 0) / Math.max(1, predicted.length));
}
