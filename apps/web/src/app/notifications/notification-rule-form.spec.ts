import { buildRuleBody, channelNames, describeDelivery, describeFilter, describeRateLimit, emptyDraft, parseScalar, type RuleDraft } from './notification-rule-form';
import type { NotificationDelivery } from './notification-rule.types';

const CHANNEL = '3f1c1a8e-0000-4000-8000-000000000001';

function draft(overrides: Partial<RuleDraft> = {}): RuleDraft {
  return { ...emptyDraft(), name: 'Pro clicked', types: ['email.clicked'], channelIds: [CHANNEL], ...overrides };
}

describe('notification rule form', () => {
  it('builds the body the API takes, with defaults', () => {
    expect(buildRuleBody(draft())).toEqual({
      ok: true,
      body: { name: 'Pro clicked', filter: { types: ['email.clicked'], conditions: [], verdicts: ['human', 'unknown'] }, firstOccurrence: null, channelIds: [CHANNEL], rateLimit: { count: 10, windowMinutes: 10 } },
    });
  });

  it.each([
    ['eq', 'pro', { op: 'eq', value: 'pro' }],
    ['eq', ' 500 ', { op: 'eq', value: 500 }],
    ['neq', 'true', { op: 'neq', value: true }],
    ['in', 'E42, E43,,', { op: 'in', value: ['E42', 'E43'] }],
    ['contains', '/sale', { op: 'contains', value: '/sale' }],
    ['exists', '', { op: 'exists', value: true }],
    ['gt', '10', { op: 'gt', value: 10 }],
    ['lt', '-2.5', { op: 'lt', value: -2.5 }],
  ] as const)('turns "%s %s" into a condition', (op, value, expected) => {
    const result = buildRuleBody(draft({ conditions: [{ path: ' properties.plan ', op, value }] }));
    expect(result.ok && result.body.filter.conditions).toEqual([{ path: 'properties.plan', ...expected }]);
  });

  it('asks for people only, first occurrence and the rate limit as chosen', () => {
    const result = buildRuleBody(draft({ humanOnly: true, firstOccurrence: 'contact', rateCount: '5', rateWindowMinutes: '60' }));
    expect(result.ok && result.body).toMatchObject({ filter: { verdicts: ['human'] }, firstOccurrence: 'contact', rateLimit: { count: 5, windowMinutes: 60 } });
  });

  it.each([
    ['no name', { name: '  ' }, 'name'],
    ['no event type', { types: [] }, 'filter.types'],
    ['a condition without a field', { conditions: [{ path: '', op: 'eq', value: 'x' }] }, 'filter.conditions.0.path'],
    ['a comparison without a number', { conditions: [{ path: 'amount', op: 'gt', value: 'lots' }] }, 'filter.conditions.0.value'],
    ['an empty list', { conditions: [{ path: 'properties.code', op: 'in', value: ' , ' }] }, 'filter.conditions.0.value'],
    ['an empty contains', { conditions: [{ path: 'id', op: 'exists', value: '' }, { path: 'properties.url', op: 'contains', value: '' }] }, 'filter.conditions.1.value'],
    ['an empty value', { conditions: [{ path: 'properties.plan', op: 'eq', value: '' }] }, 'filter.conditions.0.value'],
    ['no channel', { channelIds: [] }, 'channelIds'],
    ['a zero rate limit', { rateCount: 0 }, 'rateLimit.count'],
    ['a fractional rate limit', { rateCount: '2.5' }, 'rateLimit.count'],
    ['a too long window', { rateWindowMinutes: 1441 }, 'rateLimit.windowMinutes'],
  ] as const)('refuses %s, naming %s', (_what, overrides, field) => {
    const result = buildRuleBody(draft(overrides as Partial<RuleDraft>));
    expect(result.ok ? null : result.field).toBe(field);
  });

  it.each([
    ['12', 12],
    ['true', true],
    ['false', false],
    ['E42', 'E42'],
    ['', ''],
    ['0x10', '0x10'],
    ['007', '007'],
    ['-2.5', -2.5],
  ])('reads "%s" as %s', (text, value) => {
    expect(parseScalar(text)).toBe(value);
  });
});

describe('notification rules in words', () => {
  it('describes a filter', () => {
    expect(describeFilter({ filter: { types: ['campaign.started'], conditions: [], verdicts: ['human', 'unknown'] }, firstOccurrence: null })).toBe('campaign.started');
    expect(
      describeFilter({
        filter: { types: ['email.clicked'], conditions: [{ path: 'properties.plan', op: 'eq', value: 'pro' }, { path: 'properties.code', op: 'in', value: ['E1', 2] }], verdicts: ['human'] },
        firstOccurrence: 'contact',
      }),
    ).toBe('email.clicked, where properties.plan is "pro" and properties.code is one of "E1", 2, people only, first per contact');
    expect(describeFilter({ filter: { types: ['email.opened'], conditions: [{ path: 'os', op: 'exists', value: false }], verdicts: ['human', 'unknown'] }, firstOccurrence: null })).toBe(
      'email.opened, where os is absent, machine opens and clicks left out',
    );
  });

  it.each([
    [{ count: 10, windowMinutes: 10 }, 'at most 10 per 10 min'],
    [{ count: 1, windowMinutes: 1 }, 'at most 1 per minute'],
    [{ count: 5, windowMinutes: 120 }, 'at most 5 per 2 h'],
  ])('describes the rate limit %j', (limit, words) => {
    expect(describeRateLimit(limit)).toBe(words);
  });

  it('names the channels, also a deleted one', () => {
    const channels = [{ id: 'a', kind: 'slack', name: '#growth', enabled: true, target: 'hooks.slack.com' }] as const;
    expect(channelNames({ channelIds: ['a', 'b'] }, channels)).toBe('#growth, a deleted channel');
  });

  const delivery = (overrides: Partial<NotificationDelivery>): NotificationDelivery => ({
    id: 1, kind: 'match', channelId: 'a', channelKind: 'slack', channelName: '#growth', status: 'delivered', attempts: 1, lastError: null,
    payload: { event: { type: 'email.clicked', campaignId: 'spring', contact: { email: 'ann@example.com', externalId: null } } },
    createdAt: '2026-12-06T10:00:00Z', deliveredAt: '2026-12-06T10:00:01Z', nextAttemptAt: null, ...overrides,
  });

  it.each([
    ['a delivered match', {}, 'email.clicked · campaign spring · ann@example.com', 'delivered (1 attempt)'],
    ['a test', { kind: 'test' as const }, 'Test: email.clicked · campaign spring · ann@example.com', 'delivered (1 attempt)'],
    ['a summary', { kind: 'summary' as const, payload: { count: 195 } }, '195 more matched (rate limit)', 'delivered (1 attempt)'],
    ['a retry', { status: 'pending' as const, attempts: 2, lastError: 'answered 503' }, 'email.clicked · campaign spring · ann@example.com', 'retrying (2 attempts; answered 503)'],
    ['a failure', { status: 'failed' as const, attempts: 6, lastError: 'answered 500' }, 'email.clicked · campaign spring · ann@example.com', 'failed after 6 attempts: answered 500'],
    ['a new one', { status: 'pending' as const, attempts: 0 }, 'email.clicked · campaign spring · ann@example.com', 'waiting to be sent'],
  ])('describes %s', (_what, overrides, what, outcome) => {
    expect(describeDelivery(delivery(overrides))).toEqual({ what, outcome });
  });
});
