import { createValidatorStep } from './validator.step';
import type { CollectedItem } from './pipeline.types';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const validator = createValidatorStep({ maxFutureSeconds: 900, maxAgeDays: 400, now: () => NOW });
const item = (payload: unknown): CollectedItem => ({ index: 0, workspaceId: 'w', source: 'api', receivedAt: new Date(NOW), payload, mayContainNul: true });
const sent = { type: 'email.sent', occurredAt: '2026-11-22T11:00:00Z', messageId: 'm-1', campaignId: 'c-1', contact: { email: 'Ada@Example.com' } };

describe('validator step', () => {
  it('accepts a valid event, lower-cases the email and keeps the sender id', () => {
    const r = validator.apply(item({ ...sent, id: 'evt-1' }));
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.value.id).toBe('evt-1');
    expect(r.value.event.contact?.email).toBe('ada@example.com');
    expect(r.value.occurredAt.toISOString()).toBe('2026-11-22T11:00:00.000Z');
  });

  it('derives the same id from the same content when the sender sends none', () => {
    const a = validator.apply(item(sent));
    const b = validator.apply(item({ ...sent, contact: { email: 'ada@example.com' }, occurredAt: '2026-11-22T12:00:00+01:00' }));
    const c = validator.apply(item({ ...sent, messageId: 'm-2' }));
    expect(a.kind === 'ok' && b.kind === 'ok' && a.value.id === b.value.id).toBe(true);
    expect(a.kind === 'ok' && c.kind === 'ok' && a.value.id !== c.value.id).toBe(true);
  });

  it.each([
    ['not an object', 'just text', undefined, /event: must be a JSON object/],
    ['an array instead of an event', [1, 2], undefined, /event: must be a JSON object/],
    ['missing type', { occurredAt: sent.occurredAt }, 'type', /type: is required/],
    ['unknown type', { ...sent, type: 'email.teleported' }, 'type', /unknown event type "email.teleported"/],
    ['type of the wrong kind', { ...sent, type: 42 }, 'type', /type/],
    ['missing occurredAt', { type: 'email.sent', messageId: 'm' }, 'occurredAt', /occurredAt: is required/],
    ['occurredAt not a timestamp', { ...sent, occurredAt: 'yesterday' }, 'occurredAt', /ISO 8601/],
    ['occurredAt without a time zone', { ...sent, occurredAt: '2026-11-22T11:00:00' }, 'occurredAt', /time zone/],
    ['occurredAt far in the future', { ...sent, occurredAt: '2026-11-23T12:00:00Z' }, 'occurredAt', /in the future/],
    ['occurredAt too far in the past', { ...sent, occurredAt: '2024-01-01T00:00:00Z' }, 'occurredAt', /days in the past/],
    ['id of the wrong type', { ...sent, id: 7 }, 'id', /^id: /],
    ['empty id', { ...sent, id: '' }, 'id', /id: must not be empty/],
    ['email event without messageId', { type: 'email.opened', occurredAt: sent.occurredAt }, 'messageId', /messageId: is required for email.opened/],
    ['campaign event without campaignId', { type: 'campaign.started', occurredAt: sent.occurredAt }, 'campaignId', /campaignId: is required/],
    ['contact with neither email nor id', { ...sent, contact: {} }, 'contact', /needs email or externalId/],
    ['contact email malformed', { ...sent, contact: { email: 'not-an-email' } }, 'contact.email', /email address/],
    ['unknown envelope field', { ...sent, campaign: 'c' }, 'campaign', /not a known field/],
    ['properties not an object', { ...sent, properties: 'x' }, 'properties', /^properties: /],
    ['bounce without class', { type: 'email.bounced', occurredAt: sent.occurredAt, messageId: 'm' }, 'properties.bounceClass', /bounceClass: is required; it must be one of hard, soft, block/],
    ['click without url', { type: 'email.clicked', occurredAt: sent.occurredAt, messageId: 'm' }, 'properties.url', /properties.url/],
    ['click with a non-http url', { type: 'email.clicked', occurredAt: sent.occurredAt, messageId: 'm', properties: { url: 'javascript:alert(1)' } }, 'properties.url', /http\(s\) URL/],
    ['open with a bad ip', { type: 'email.opened', occurredAt: sent.occurredAt, messageId: 'm', properties: { ip: '999.1.1.1' } }, 'properties.ip', /IPv4 or IPv6/],
    ['conversion with a negative amount', { type: 'conversion', occurredAt: sent.occurredAt, properties: { amount: -1, currency: 'EUR' } }, 'properties.amount', /amount/],
    ['conversion amount as a string', { type: 'conversion', occurredAt: sent.occurredAt, properties: { amount: '10', currency: 'EUR' } }, 'properties.amount', /expected number/],
    ['conversion with a bad currency', { type: 'conversion', occurredAt: sent.occurredAt, properties: { amount: 1, currency: 'euro' } }, 'properties.currency', /ISO 4217/],
    ['user action without action', { type: 'user.action', occurredAt: sent.occurredAt, properties: { userId: 'u' } }, 'properties.action', /action/],
    ['dns with an unknown record', { type: 'infra.dns', occurredAt: sent.occurredAt, properties: { domain: 'x.com', record: 'txt', status: 'ok' } }, 'properties.record', /record/],
    ['vps without any metric', { type: 'infra.vps', occurredAt: sent.occurredAt, properties: { host: 'a' } }, 'properties', /needs cpuPercent/],
    ['vps cpu over 100', { type: 'infra.vps', occurredAt: sent.occurredAt, properties: { host: 'a', cpuPercent: 140 } }, 'properties.cpuPercent', /cpuPercent/],
    ['a NUL character', { ...sent, properties: { subject: 'a\u0000b' } }, undefined, /NUL/],
  ])('rejects %s with a reason naming the field', (_name, payload, field, reason) => {
    const r = validator.apply(item(payload));
    expect(r.kind).toBe('deadLetter');
    if (r.kind !== 'deadLetter') return;
    expect(r.reason).toMatch(reason);
    if (field) {
      expect(r.field).toBe(field);
      expect(r.reason.startsWith(field)).toBe(true);
    }
  });

  it.each([
    ['email.delivered', { messageId: 'm' }],
    ['email.deferred', { messageId: 'm', properties: { reason: '421 try later', attempt: 2 } }],
    ['email.replied', { messageId: 'm' }],
    ['email.complained', { messageId: 'm', properties: { feedbackType: 'abuse' } }],
    ['email.unsubscribed', { messageId: 'm', properties: { source: 'one-click' } }],
    ['campaign.created', { campaignId: 'c', properties: { name: 'Spring', variants: ['A', 'B'] } }],
    ['user.login', { properties: { userId: 'u1' } }],
    ['user.error', { properties: { code: 'E42' } }],
    ['infra.smtp', { properties: { host: 'mx1', ok: false, latencyMs: 1200, error: 'timeout' } }],
    ['infra.dns', { properties: { domain: 'news.example.com', record: 'dkim', status: 'broken' } }],
    ['infra.vps', { properties: { host: 'vps-1', diskPercent: 91.5 } }],
    ['conversion', { contact: { externalId: 'cust-9' }, properties: { amount: 49.9, currency: 'EUR', orderId: 'o-1' } }],
  ])('accepts a well-formed %s', (type, extra) => {
    expect(validator.apply(item({ type, occurredAt: sent.occurredAt, ...extra })).kind).toBe('ok');
  });
});
