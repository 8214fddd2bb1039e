import { Injectable } from '@nestjs/common';
import { audienceRates, CAMPAIGN_TARGETS, type CampaignRates, campaignFeatureVector, campaignSeries, seriesLift } from '@mailpulse/features';
import { ModelRegistry, type ServedModel } from './model-registry';
import { PredictionRepository } from './prediction.repository';

const DAY_MS = 86_400_000;
/** History window of the audience features, as in training. */
export const HISTORY_DAYS = 90;
/** A past campaign counts for the series feature once its opens are mostly in, as in training. */
const SERIES_COMPLETE_MS = 3 * DAY_MS;
/** Campaigns the baseline averages. */
export const RECENT_CAMPAIGNS = 5;

export interface CampaignPrediction {
  /** Open and click rates per delivered message, bounce rate per sent; human = machine opens and clicks left out. */
  predicted: CampaignRates;
  /** The workspace's recent average (its last campaigns); null when it has sent none yet. */
  baseline: CampaignRates | null;
  /** `model` when a trained model answered; `baseline` when none has passed evaluation yet (predicted = baseline). */
  source: 'model' | 'baseline' | 'audience-history';
  model: ServedModel | null;
  audience: { contacts: number; withHistory: number; historyRates: CampaignRates };
  /** Past campaigns of the same series (from `name`) the prediction drew on. */
  series: { name: string; pastCampaigns: number } | null;
}

@Injectable()
export class CampaignPredictionService {
  constructor(
    private readonly data: PredictionRepository,
    private readonly models: ModelRegistry,
  ) {}

  async predict(workspaceId: string, input: { subject: string; sendAt: Date; name?: string; contacts?: string[] }): Promise<CampaignPrediction> {
    const since = new Date(input.sendAt.getTime() - HISTORY_DAYS * DAY_MS).toISOString().slice(0, 10);
    const contacts = input.contacts ? [...new Set(input.contacts.map((c) => (c.includes('@') ? c.trim().toLowerCase() : c)))] : null;
    const audience = await this.data.audienceHistory(workspaceId, since, contacts);
    const history = audienceRates(audience);
    const recent = await this.data.recentCampaigns(workspaceId, input.sendAt, RECENT_CAMPAIGNS);
    const baseline = recent.length ? averageRates(recent) : null;
    const seriesName = input.name ? campaignSeries(input.name) : '';
    const past = seriesName
      ? (await this.data.pastCampaigns(workspaceId, new Date(input.sendAt.getTime() - HISTORY_DAYS * DAY_MS), new Date(input.sendAt.getTime() - SERIES_COMPLETE_MS))).map((c) => ({
          series: campaignSeries(c.name ?? ''),
          rates: CAMPAIGN_TARGETS.map((t) => averageRates([c])[t]),
        }))
      : [];
    const series = seriesLift(past, seriesName);
    const context = { contacts: audience.contacts, withHistory: audience.known, historyRates: history };
    const seriesInfo = seriesName ? { name: seriesName, pastCampaigns: series.campaigns } : null;
    const served = this.models.campaignModel();
    if (served && audience.delivered > 0) {
      const features = campaignFeatureVector({ sendAt: input.sendAt, subject: input.subject, audience, series });
      const [row] = served.model.predict([features], [CAMPAIGN_TARGETS.map((t) => history[t])]);
      return { predicted: toRates(row!), baseline, source: 'model', model: served.served, audience: context, series: seriesInfo };
    }
    const fallback = baseline ?? history;
    return { predicted: fallback, baseline, source: baseline ? 'baseline' : 'audience-history', model: null, audience: context, series: seriesInfo };
  }
}

function toRates(row: readonly number[]): CampaignRates {
  return Object.fromEntries(CAMPAIGN_TARGETS.map((t, j) => [t, round(row[j]!)])) as CampaignRates;
}

function averageRates(campaigns: { sent: number; delivered: number; bounced: number; opened: number; humanOpened: number; clicked: number; humanClicked: number }[]): CampaignRates {
  const per = (n: number, d: number) => (d === 0 ? 0 : n / d);
  const mean = (f: (c: (typeof campaigns)[number]) => number) => round(campaigns.reduce((s, c) => s + f(c), 0) / campaigns.length);
  return {
    humanOpenRate: mean((c) => per(c.humanOpened, c.delivered)),
    openRate: mean((c) => per(c.opened, c.delivered)),
    humanClickRate: mean((c) => per(c.humanClicked, c.delivered)),
    clickRate: mean((c) => per(c.clicked, c.delivered)),
    bounceRate: mean((c) => per(c.bounced, c.sent)),
  };
}

function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
