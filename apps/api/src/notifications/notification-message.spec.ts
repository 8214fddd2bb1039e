import { describeEvent, type MatchedEvent, renderNotification } from './notification-message';

function event(overrides: Partial<MatchedEvent> = {}): MatchedEvent {
  return {
    id: 'ev-1',
    type: 'email.clicked',
    occurredAt: '2026-12-06T09:30:12.000Z',
    campaignId: 'spring',
    messageId: 'm-1',
    contact: { email: 'ann@example.com', externalId: 'c-42' },
    verdict: 'human',
    properties: { url: 'https://shop.example/sale', plan: 'pro' },
    ...overrides,
  };
}

const base = { ruleId: 'r-1', ruleName: 'Pro clicked', workspaceId: 'w 1', workspaceName: 'Acme', portalUrl: 'https://mailpulse.example' };

describe('notification messages', () => {
  it.each([
    ['campaign.started', {}, 'Campaign spring started'],
    ['campaign.paused', { properties: { reason: 'complaints' } }, 'Campaign spring was paused (complaints)'],
    ['email.clicked', {}, 'ann@example.com clicked https://shop.example/sale in campaign spring'],
    ['email.opened', { contact: { email: null, externalId: 'c-42' } }, 'contact c-42 opened a message in campaign spring'],
    ['email.opened', { contact: null, campaignId: null }, 'A contact opened a message'],
    ['email.bounced', { properties: { bounceClass: 'hard', reason: 'no such user' } }, 'A message in campaign spring to ann@example.com bounced (hard: no such user)'],
    ['user.error', { properties: { code: 'E42', userId: 'u-1', message: 'card declined' } }, 'User error E42 for user u-1: card declined'],
    ['user.action', { properties: { userId: 'u-1', action: 'export' } }, 'User u-1 did export'],
    ['infra.smtp', { properties: { host: 'mx1', ok: false, error: 'timeout' } }, 'SMTP check of mx1: failing (timeout)'],
    ['conversion', { properties: { amount: 42, currency: 'EUR' } }, 'Conversion of 42 EUR by ann@example.com in campaign spring'],
  ] as const)('says a %s event in words', (type, overrides, words) => {
    expect(describeEvent(event({ type, ...overrides } as Partial<MatchedEvent>))).toBe(words);
  });

  it('writes a match: what happened, the event, campaign, contact, matched fields and links', () => {
    const m = renderNotification({ ...base, kind: 'match', payload: { event: event(), matched: [{ path: 'properties.plan', op: 'eq', value: 'pro' }], firstOccurrence: 'contact' } });
    expect(m.subject).toBe('[Mailpulse] Pro clicked: ann@example.com clicked https://shop.example/sale in campaign spring — Acme');
    expect(m.text.split('\n')).toEqual([
      'ann@example.com clicked https://shop.example/sale in campaign spring.',
      'This is the first matching event of this contact for the rule.',
      'Event: email.clicked at 2026-12-06 09:30:12 UTC (id ev-1).',
      'Campaign: spring — https://mailpulse.example/campaigns/spring?workspace=w%201',
      'Contact: ann@example.com, external id c-42.',
      'Matched: properties.plan = pro.',
      'Rule "Pro clicked" in workspace Acme: https://mailpulse.example/anomalies?workspace=w%201&notificationRule=r-1',
    ]);
    expect(m.event).toBe('notification.match');
    expect(m.webhook).toMatchObject({ event: 'match', rule: { id: 'r-1', name: 'Pro clicked' }, workspace: { id: 'w 1', name: 'Acme' }, link: m.link, summary: m.text });
    expect(JSON.stringify(m.slack)).toContain('Open the campaign');
  });

  it('marks a test and says nothing happened', () => {
    const m = renderNotification({ ...base, kind: 'test', payload: { event: event({ campaignId: null }), matched: [], firstOccurrence: null } });
    expect(m.subject).toMatch(/^\[Mailpulse TEST\] Pro clicked: /);
    expect(m.text).toMatch(/^Test notification \(a sample event, nothing happened\): /);
    expect(m.text).not.toContain('Campaign:');
    expect(m.event).toBe('notification.test');
    expect(JSON.stringify(m.slack)).not.toContain('Open the campaign');
  });

  it('writes a summary of the matches past the limit', () => {
    const m = renderNotification({
      ...base,
      kind: 'summary',
      payload: { count: 195, windowStart: '2026-12-06T09:00:00+00:00', windowEnd: '2026-12-06T10:00:00+00:00', firstAt: '2026-12-06T09:30:12.1+00:00', lastAt: '2026-12-06T09:31:00+00:00', limit: { count: 5, windowMinutes: 60 } },
    });
    expect(m.subject).toBe('[Mailpulse] Pro clicked: 195 more matched — Acme');
    expect(m.text).toContain('195 more events matched "Pro clicked" in workspace Acme between 2026-12-06 09:00:00 UTC and 2026-12-06 10:00:00 UTC.');
    expect(m.text).toContain('at most 5 messages per 60 minutes');
    expect(m.text).toContain('First at 2026-12-06 09:30:12 UTC, last at 2026-12-06 09:31:00 UTC.');
    expect(m.webhook).toMatchObject({ event: 'summary', suppressed: { count: 195 } });
    expect(m.event).toBe('notification.summary');
  });
});
