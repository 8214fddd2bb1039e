import type { ExplorerEvent, RealtimeNotice } from '@mailpulse/contracts';

export interface FeedLine {
  key: string;
  at: string;
  /** "opened", "bounced", "anomaly"… */
  label: string;
  text: string;
  tone: '' | 'info' | 'warn' | 'bad';
}

/** "email.opened" → "opened", "campaign.started" → "started". */
function eventWord(type: string): string {
  return type.includes('.') ? type.slice(type.indexOf('.') + 1) : type;
}

/** The feed's lines: the events read when it opened and since, and the notices the stream pushed, newest first. */
export function feedLines(events: readonly ExplorerEvent[], notices: readonly RealtimeNotice[], campaignId: string | undefined, max = 40): FeedLine[] {
  const lines: FeedLine[] = [
    ...notices
      .filter((n) => !campaignId || n.campaignId === campaignId)
      .map((n, i) => ({ key: `n-${n.refId ?? i}-${n.at}`, at: n.at, label: n.kind, text: n.title, tone: (n.severity === 'critical' ? 'bad' : n.severity === 'warning' ? 'warn' : 'info') as FeedLine['tone'] })),
    ...events.map((e) => ({
      key: `e-${e.id}`,
      at: e.occurredAt,
      label: eventWord(e.type),
      text: [e.contactEmail ?? e.contactExternalId ?? e.messageId, e.campaignId].filter(Boolean).join(' · ') || e.type,
      tone: (e.verdict === 'machine' ? 'warn' : e.type === 'email.bounced' || e.type === 'email.complained' ? 'bad' : '') as FeedLine['tone'],
    })),
  ];
  return lines.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, max);
}
