/** `GET /v1/recommendations`, `POST /v1/predictions/campaign`, `GET /v1/predictions/models` (apps/api/src/predictions). */
export interface Recommendation {
  kind: string;
  priority: 'high' | 'medium' | 'low';
  message: string;
  evidence: Record<string, unknown>;
}

export type CampaignRates = Record<string, number>;

export interface CampaignPrediction {
  predicted: CampaignRates;
  baseline: CampaignRates | null;
  source: 'model' | 'baseline' | 'audience-history';
  model: { kind: string; version: string; trainedAt: string; metrics: Record<string, number> } | null;
  audience: { contacts: number; withHistory: number; historyRates: CampaignRates };
}

const PRIORITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

/** Most urgent first; the API's order is kept within a priority. */
export function byPriority(list: readonly Recommendation[]): Recommendation[] {
  return list.map((r, i) => ({ r, i })).sort((a, b) => PRIORITY_ORDER[a.r.priority] - PRIORITY_ORDER[b.r.priority] || a.i - b.i).map(({ r }) => r);
}

const RATE_LABELS: Record<string, string> = {
  humanOpenRate: 'Human opens per delivered',
  openRate: 'Opens per delivered (all)',
  humanClickRate: 'Human clicks per delivered',
  clickRate: 'Clicks per delivered (all)',
  bounceRate: 'Bounces per sent',
};

export function rateLabel(key: string): string {
  return RATE_LABELS[key] ?? key;
}

/** Where a prediction came from, in words. */
export function predictionSource(p: CampaignPrediction): string {
  switch (p.source) {
    case 'model':
      return `Trained model ${p.model?.version ?? ''}`.trim();
    case 'audience-history':
      return "This audience's own history (no model has passed its evaluation yet)";
    case 'baseline':
      return "The workspace's recent campaigns (no model has passed its evaluation yet)";
  }
}
