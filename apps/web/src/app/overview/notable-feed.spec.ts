import type { ExplorerEvent, RealtimeNotice } from '@mailpulse/contracts';
import { hasCampaignEvents, notableFeed } from './notable-feed';

const event = (id: string, type: string, at: string, campaignId: string, properties: Record<string, unknown> = {}): ExplorerEvent => ({
  id, type, occurredAt: at, receivedAt: at, campaignId, messageId: null, contactEmail: null, contactExternalId: null, recipientDomain: null, variant: null, verdict: 'unknown', amount: null, properties,
});

describe('notable events feed', () => {
  it('merges notices and campaign events, newest first, naming campaigns by their created name', () => {
    const notice: RealtimeNotice = { kind: 'alert', workspaceId: 'w', campaignId: null, severity: 'critical', title: 'Complaint rate 0.4 %', detail: null, refId: 'a1', data: {}, at: '2026-01-01T10:05:00Z' };
    const feed = notableFeed([notice], [
      event('1', 'campaign.created', '2026-01-01T09:00:00Z', 'c1', { name: 'Spring sale' }),
      event('2', 'campaign.started', '2026-01-01T10:00:00Z', 'c1'),
      event('3', 'email.sent', '2026-01-01T10:01:00Z', 'c1'),
      event('4', 'campaign.stopped', '2026-01-01T10:10:00Z', 'c2'),
    ]);
    expect(feed.map((f) => `${f.label}:${f.title}`)).toEqual(['stopped:c2', 'alert:Complaint rate 0.4 %', 'started:Spring sale', 'created:Spring sale']);
  });

  it('looks again only when a delta carried campaign events', () => {
    expect(hasCampaignEvents({ 'email.sent': {}, 'campaign.started': {} })).toBe(true);
    expect(hasCampaignEvents({ 'email.sent': {} })).toBe(false);
  });
});
