import type { ExplorerEvent, RealtimeNotice } from '@mailpulse/contracts';

export interface FeedItem {
  key: string;
  kind: string;
  /** The badge: the kind for notices (anomaly, alert), what happened for campaign events (started …). */
  label: string;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  at: string;
}

const VERBS: Record<string, string> = {
  'campaign.created': 'created',
  'campaign.started': 'started',
  'campaign.paused': 'paused',
  'campaign.stopped': 'stopped',
};
export const CAMPAIGN_EVENT_TYPES = Object.keys(VERBS);

/**
 * The overview's feed of notable events: notices pushed by the server (anomalies, alerts, campaign changes) and
 * the workspace's campaign events, newest first, each once.
 */
export function notableFeed(notices: readonly RealtimeNotice[], campaignEvents: readonly ExplorerEvent[], max = 20): FeedItem[] {
  const names = new Map<string, string>();
  for (const e of campaignEvents) {
    const name = e.properties['name'];
    if (e.campaignId && typeof name === 'string') names.set(e.campaignId, name);
  }
  const items: FeedItem[] = [
    ...notices.map((n, i) => ({ key: `n-${n.refId ?? i}-${n.at}`, kind: n.kind, label: n.kind, severity: n.severity, title: n.title, at: n.at })),
    ...campaignEvents
      .filter((e) => e.type in VERBS)
      .map((e) => ({
        key: `e-${e.id}`,
        kind: 'campaign',
        label: VERBS[e.type],
        severity: 'info' as const,
        // The name first: on a phone the end of a long title is cut, and the badge already says what happened.
        title: (e.campaignId && names.get(e.campaignId)) ?? e.campaignId ?? 'A campaign',
        at: e.occurredAt,
      })),
  ];
  return items.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, max);
}

/** Whether a live delta carried campaign events, so the feed should look again. */
export function hasCampaignEvents(byType: Partial<Record<string, unknown>>): boolean {
  return CAMPAIGN_EVENT_TYPES.some((t) => byType[t] !== undefined);
}
