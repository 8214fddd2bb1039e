import { describeBodyError } from '../common/parse-body';
import { notificationFilter } from './notification-filter';
import { compileRule, firstOccurrenceKey, type MatchableEvent, matchEvent, valueAt } from './notification-matcher';
import type { NotificationRule } from './notification-rule';

function event(overrides: Partial<MatchableEvent> = {}): MatchableEvent {
  return {
    id: 'ev-1',
    type: 'email.clicked',
    occurredAt: new Date('2026-12-01T10:00:00Z'),
    campaignId: 'spring',
    messageId: 'm-1',
    contactEmail: 'ann@example.test',
    contactExternalId: 'c-42',
    recipientDomain: 'example.test',
    variant: 'B',
    verdict: 'human',
    client: 'Gmail',
    os: 'Android',
    device: 'mobile',
    bounceClass: null,
    amount: null,
    properties: { url: 'https://shop.example/sale', plan: 'pro', code: 'E42', seats: 12, tags: ['vip', 'beta'], nested: { tier: 'gold' }, empty: null },
    ...overrides,
  };
}

function rule(filter: unknown): NotificationRule {
  return {
    id: 'r-1',
    workspaceId: 'w-1',
    name: 'Rule',
    enabled: true,
    filter: notificationFilter.parse(filter),
    firstOccurrence: null,
    channelIds: [],
    rateLimit: { count: 10, windowMinutes: 10 },
    createdAt: new Date(),
    updatedAt: new Date(),
  };
}

const matches = (filter: unknown, e: MatchableEvent = event()) => matchEvent(compileRule(rule(filter)), e) !== null;

describe('notification matcher', () => {
  it.each([
    // [what, condition, matches the sample click]
    ['eq on a property', { path: 'properties.plan', op: 'eq', value: 'pro' }, true],
    ['eq on a property, other value', { path: 'properties.plan', op: 'eq', value: 'free' }, false],
    ['eq is case-sensitive', { path: 'properties.plan', op: 'eq', value: 'PRO' }, false],
    ['eq number against number', { path: 'properties.seats', op: 'eq', value: 12 }, true],
    ['eq text against a number compares as text', { path: 'properties.seats', op: 'eq', value: '12' }, true],
    ['eq true against a text', { path: 'properties.plan', op: 'eq', value: true }, false],
    ['eq on an absent property', { path: 'properties.missing', op: 'eq', value: 'x' }, false],
    ['eq on a null property (absent)', { path: 'properties.empty', op: 'eq', value: 'x' }, false],
    ['eq on a nested property', { path: 'properties.nested.tier', op: 'eq', value: 'gold' }, true],
    ['eq on an array element by index', { path: 'properties.tags.1', op: 'eq', value: 'beta' }, true],
    ['eq on an object (never a scalar)', { path: 'properties.nested', op: 'eq', value: 'gold' }, false],
    ['eq on an envelope field', { path: 'campaignId', op: 'eq', value: 'spring' }, true],
    ['eq on contact.email', { path: 'contact.email', op: 'eq', value: 'ann@example.test' }, true],
    ['eq on contact.externalId', { path: 'contact.externalId', op: 'eq', value: 'c-42' }, true],
    ['eq on the verdict', { path: 'verdict', op: 'eq', value: 'human' }, true],
    ['neq with another value', { path: 'properties.plan', op: 'neq', value: 'free' }, true],
    ['neq with the same value', { path: 'properties.plan', op: 'neq', value: 'pro' }, false],
    ['neq on an absent field holds', { path: 'properties.missing', op: 'neq', value: 'pro' }, true],
    ['in, listed', { path: 'properties.code', op: 'in', value: ['E1', 'E42'] }, true],
    ['in, not listed', { path: 'properties.code', op: 'in', value: ['E1', 'E2'] }, false],
    ['in, absent field', { path: 'properties.missing', op: 'in', value: ['E1'] }, false],
    ['in, numbers against a number', { path: 'properties.seats', op: 'in', value: [11, 12] }, true],
    ['contains in a text, any case', { path: 'properties.url', op: 'contains', value: '/SALE' }, true],
    ['contains, not in the text', { path: 'properties.url', op: 'contains', value: 'winter' }, false],
    ['contains an array element', { path: 'properties.tags', op: 'contains', value: 'vip' }, true],
    ['contains, not an element', { path: 'properties.tags', op: 'contains', value: 'vi' }, false],
    ['contains on a number', { path: 'properties.seats', op: 'contains', value: '1' }, false],
    ['exists, present', { path: 'properties.plan', op: 'exists' }, true],
    ['exists, absent', { path: 'properties.missing', op: 'exists' }, false],
    ['exists false, absent', { path: 'properties.missing', op: 'exists', value: false }, true],
    ['exists false, present', { path: 'properties.plan', op: 'exists', value: false }, false],
    ['exists on a null envelope field', { path: 'bounceClass', op: 'exists' }, false],
    ['gt, above', { path: 'properties.seats', op: 'gt', value: 10 }, true],
    ['gt, equal', { path: 'properties.seats', op: 'gt', value: 12 }, false],
    ['gt on a numeric text', { path: 'properties.code', op: 'gt', value: 1 }, false],
    ['gt on an absent field', { path: 'properties.missing', op: 'gt', value: 0 }, false],
    ['lt, below', { path: 'properties.seats', op: 'lt', value: 13 }, true],
    ['lt, equal', { path: 'properties.seats', op: 'lt', value: 12 }, false],
    ['lt on a text', { path: 'properties.plan', op: 'lt', value: 5 }, false],
  ])('%s', (_what, condition, expected) => {
    expect(matches({ types: ['email.clicked'], conditions: [condition] })).toBe(expected);
  });

  it('compares a numeric text with gt and lt as a number', () => {
    const e = event({ properties: { latency: '250' } });
    expect(matches({ types: ['email.clicked'], conditions: [{ path: 'properties.latency', op: 'gt', value: 200 }] }, e)).toBe(true);
    expect(matches({ types: ['email.clicked'], conditions: [{ path: 'properties.latency', op: 'lt', value: 200 }] }, e)).toBe(false);
  });

  it('needs the type to be one of the rule types', () => {
    expect(matches({ types: ['email.opened', 'email.clicked'] })).toBe(true);
    expect(matches({ types: ['campaign.started'] })).toBe(false);
  });

  it('needs every condition to hold', () => {
    const both = [
      { path: 'properties.plan', op: 'eq', value: 'pro' },
      { path: 'properties.seats', op: 'gt', value: 100 },
    ];
    expect(matches({ types: ['email.clicked'], conditions: both })).toBe(false);
    expect(matches({ types: ['email.clicked'], conditions: both.slice(0, 1) })).toBe(true);
  });

  it.each([
    ['a human click, default verdicts', 'email.clicked', 'human', undefined, true],
    ['an unjudged open, default verdicts', 'email.opened', 'unknown', undefined, true],
    ['a machine open, default verdicts', 'email.opened', 'machine', undefined, false],
    ['a machine open, machine asked for', 'email.opened', 'machine', ['machine'], true],
    ['an unjudged click, human only', 'email.clicked', 'unknown', ['human'], false],
    ['a human click, human only', 'email.clicked', 'human', ['human'], true],
    ['verdicts do not apply to other types', 'campaign.started', 'unknown', ['human'], true],
  ] as const)('verdicts: %s', (_what, type, verdict, verdicts, expected) => {
    expect(matches({ types: [type], verdicts }, event({ type, verdict }))).toBe(expected);
  });

  it('returns the fields the conditions looked at, long values shortened', () => {
    const long = 'x'.repeat(500);
    const compiled = compileRule(
      rule({
        types: ['user.error'],
        conditions: [
          { path: 'properties.code', op: 'eq', value: 'E42' },
          { path: 'properties.message', op: 'exists' },
          { path: 'properties.gone', op: 'exists', value: false },
        ],
      }),
    );
    const matched = matchEvent(compiled, event({ type: 'user.error', properties: { code: 'E42', message: long } }));
    expect(matched).toEqual([
      { path: 'properties.code', op: 'eq', value: 'E42' },
      { path: 'properties.message', op: 'exists', value: `${'x'.repeat(200)}…` },
      { path: 'properties.gone', op: 'exists', value: null },
    ]);
  });

  it('does not read inherited properties', () => {
    expect(valueAt(event({ properties: {} }), ['properties', 'constructor'])).toBeUndefined();
    expect(valueAt(event({ properties: { a: 'text' } }), ['properties', 'a', 'length'])).toBeUndefined();
  });

  it.each([
    ['contact by email', 'contact', {}, 'email:ann@example.test'],
    ['contact by external id when there is no email', 'contact', { contactEmail: null }, 'external:c-42'],
    ['no contact', 'contact', { contactEmail: null, contactExternalId: null }, null],
    ['campaign', 'campaign', {}, 'campaign:spring'],
    ['no campaign', 'campaign', { campaignId: null }, null],
  ] as const)('first-occurrence key: %s', (_what, scope, overrides, expected) => {
    expect(firstOccurrenceKey(scope, event(overrides))).toBe(expected);
  });
});

describe('notification filter validation', () => {
  it('fills the defaults', () => {
    expect(notificationFilter.parse({ types: ['email.opened', 'email.opened'] })).toEqual({ types: ['email.opened'], conditions: [], verdicts: ['human', 'unknown'] });
    expect(notificationFilter.parse({ types: ['user.error'], conditions: [{ path: 'properties.code', op: 'exists' }] }).conditions).toEqual([
      { path: 'properties.code', op: 'exists', value: true },
    ]);
  });

  it.each([
    ['no types', 'types', {}],
    ['an empty type list', 'types', { types: [] }],
    ['an unknown type', 'types.0', { types: ['email.teleported'] }],
    ['types not a list', 'types', { types: 'email.opened' }],
    ['conditions not a list', 'conditions', { types: ['email.opened'], conditions: {} }],
    ['too many conditions', 'conditions', { types: ['email.opened'], conditions: Array.from({ length: 21 }, () => ({ path: 'id', op: 'exists' })) }],
    ['an unknown operator', 'conditions.0.op', { types: ['email.opened'], conditions: [{ path: 'id', op: 'like', value: 'x' }] }],
    ['a missing operator', 'conditions.0.op', { types: ['email.opened'], conditions: [{ path: 'id', value: 'x' }] }],
    ['an unknown envelope path', 'conditions.0.path', { types: ['email.opened'], conditions: [{ path: 'contact.phone', op: 'exists' }] }],
    ['a bare properties path', 'conditions.0.path', { types: ['email.opened'], conditions: [{ path: 'properties', op: 'exists' }] }],
    ['an empty property key', 'conditions.0.path', { types: ['email.opened'], conditions: [{ path: 'properties..code', op: 'exists' }] }],
    ['a property path too deep', 'conditions.0.path', { types: ['email.opened'], conditions: [{ path: 'properties.a.b.c.d.e.f', op: 'exists' }] }],
    ['a property key with a space', 'conditions.0.path', { types: ['email.opened'], conditions: [{ path: 'properties.my code', op: 'exists' }] }],
    ['a path that is not text', 'conditions.0.path', { types: ['email.opened'], conditions: [{ path: 3, op: 'exists' }] }],
    ['eq without a value', 'conditions.0.value', { types: ['email.opened'], conditions: [{ path: 'id', op: 'eq' }] }],
    ['eq with an object', 'conditions.0.value', { types: ['email.opened'], conditions: [{ path: 'id', op: 'eq', value: { a: 1 } }] }],
    ['neq with a list', 'conditions.0.value', { types: ['email.opened'], conditions: [{ path: 'id', op: 'neq', value: ['a'] }] }],
    ['in with a text', 'conditions.0.value', { types: ['email.opened'], conditions: [{ path: 'id', op: 'in', value: 'a' }] }],
    ['in with an empty list', 'conditions.0.value', { types: ['email.opened'], conditions: [{ path: 'id', op: 'in', value: [] }] }],
    ['in with an object inside', 'conditions.0.value.1', { types: ['email.opened'], conditions: [{ path: 'id', op: 'in', value: ['a', {}] }] }],
    ['contains with an empty text', 'conditions.0.value', { types: ['email.opened'], conditions: [{ path: 'id', op: 'contains', value: '' }] }],
    ['contains with a number', 'conditions.0.value', { types: ['email.opened'], conditions: [{ path: 'id', op: 'contains', value: 4 }] }],
    ['exists with a text', 'conditions.0.value', { types: ['email.opened'], conditions: [{ path: 'id', op: 'exists', value: 'yes' }] }],
    ['gt with a text', 'conditions.0.value', { types: ['email.opened'], conditions: [{ path: 'amount', op: 'gt', value: '5' }] }],
    ['lt without a value', 'conditions.0.value', { types: ['email.opened'], conditions: [{ path: 'amount', op: 'lt' }] }],
    ['a too long value', 'conditions.0.value', { types: ['email.opened'], conditions: [{ path: 'id', op: 'eq', value: 'x'.repeat(1025) }] }],
    ['an unknown condition field', 'conditions.0.note', { types: ['email.opened'], conditions: [{ path: 'id', op: 'exists', note: 1 }] }],
    ['an unknown verdict', 'verdicts.0', { types: ['email.opened'], verdicts: ['robot'] }],
    ['an empty verdict list', 'verdicts', { types: ['email.opened'], verdicts: [] }],
    ['an unknown filter field', 'campaign', { types: ['email.opened'], campaign: 'x' }],
  ])('refuses %s, naming %s', (_what, field, filter) => {
    const parsed = notificationFilter.safeParse(filter);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(describeBodyError(parsed.error).field).toBe(field);
  });
});
