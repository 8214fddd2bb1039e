import type { ExplorerEvent, RealtimeNotice } from '@mailpulse/contracts';
import { feedLines } from './feed-lines';

const event = (id: string, type: string, at: string, over: Partial<ExplorerEvent> = {}): ExplorerEvent => ({
  id,
  type,
  occurredAt: at,
  receivedAt: at,
  campaignId: 'spring',
  messageId: `m-${id}`,
  contactEmail: `${id}@example.com`,
  contactExternalId: null,
  recipientDomain: 'example.com',
  variant: null,
  verdict: 'unknown',
  amount: null,
  properties: {},
  ...over,
});

const notice = (title: string, at: string, campaignId: string | null, severity: RealtimeNotice['severity']): RealtimeNotice =>
  ({ kind: 'anomaly', workspaceId: 'w', campaignId, severity, title, detail: null, refId: title, data: {}, at });

describe('live feed lines', () => {
  it('merges events and notices newest first, saying what happened and to whom', () => {
    const lines = feedLines(
      [event('a', 'email.opened', '2025-05-10T10:00:00Z', { verdict: 'machine' }), event('b', 'email.bounced', '2025-05-10T10:02:00Z')],
      [notice('Bounce rate spiked', '2025-05-10T10:01:00Z', null, 'critical')],
      undefined,
    );
    expect(lines.map((l) => [l.label, l.text, l.tone])).toEqual([
      ['bounced', 'b@example.com · spring', 'bad'],
      ['anomaly', 'Bounce rate spiked', 'bad'],
      ['opened', 'a@example.com · spring', 'warn'],
    ]);
  });

  it("keeps a campaign's own notices when the feed is of one campaign", () => {
    const lines = feedLines([], [notice('Other', '2025-05-10T10:00:00Z', 'autumn', 'info'), notice('Ours', '2025-05-10T10:00:00Z', 'spring', 'warning')], 'spring');
    expect(lines.map((l) => [l.text, l.tone])).toEqual([['Ours', 'warn']]);
  });

  it('names an event without a contact by its message, and keeps at most `max` lines', () => {
    const events = Array.from({ length: 5 }, (_, i) => event(`e${i}`, 'campaign.started', `2025-05-10T10:0${i}:00Z`, { contactEmail: null, messageId: null }));
    const lines = feedLines(events, [], undefined, 3);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ label: 'started', text: 'spring', at: '2025-05-10T10:04:00Z' });
  });
});
