import { eventSchema } from '@mailpulse/contracts';
import { createEnricherStep, MessageInfo } from './enricher.step';
import type { ValidatedItem } from './pipeline.types';
import { UserAgentParser } from './user-agent.parser';

const validated = (payload: Record<string, unknown>): ValidatedItem => {
  const event = eventSchema.parse(payload);
  return { index: 3, workspaceId: 'w', source: 'api', receivedAt: new Date(0), payload, mayContainNul: false, event, id: 'e1', occurredAt: new Date(event.occurredAt) };
};

describe('enricher step', () => {
  const known: MessageInfo = { campaignId: 'spring', contactEmail: 'bo@corp.example', contactExternalId: null, recipientDomain: 'corp.example', variant: 'B', deliveredAt: Date.parse('2026-11-22T09:00:00Z') };
  const step = createEnricherStep(new Map([['m-1', known]]), new UserAgentParser());

  it('fills campaign, contact, domain and variant of an open that names only its message', () => {
    const r = step.apply(validated({ type: 'email.opened', occurredAt: '2026-11-22T10:00:00Z', messageId: 'm-1', properties: { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148' } }));
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.value).toMatchObject({ index: 3, campaignId: 'spring', contactEmail: 'bo@corp.example', recipientDomain: 'corp.example', variant: 'B', verdict: 'human', os: 'iOS', device: 'mobile' });
  });

  it('judges a click seconds after the known delivery a machine, with the reason', () => {
    const r = step.apply(validated({ type: 'email.clicked', occurredAt: '2026-11-22T09:00:05Z', messageId: 'm-1', properties: { url: 'https://x.example/a', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36' } }));
    expect(r.kind === 'ok' && r.value).toMatchObject({ verdict: 'machine', verdictReasons: ['click-seconds-after-delivery'] });
  });

  it('judges a scanner by its user agent, from the parse cached for that agent', () => {
    const userAgents = new UserAgentParser();
    const scanner = 'Mozilla/5.0 (compatible; Barracuda Link Protection)';
    expect(userAgents.parse(scanner)).toMatchObject({ bot: true });
    expect(userAgents.parse(scanner)).toBe(userAgents.parse(scanner));
    const r = createEnricherStep(new Map(), userAgents).apply(validated({ type: 'email.clicked', occurredAt: '2026-11-22T10:00:00Z', messageId: 'm-2', properties: { url: 'https://x.example/a', userAgent: scanner } }));
    expect(r.kind === 'ok' && r.value).toMatchObject({ verdict: 'machine', verdictReasons: ['bot-user-agent'] });
    expect(userAgents.parse(undefined)).toEqual({ client: null, os: null, device: null, bot: false });
  });

  it("prefers the event's own facts over the message's", () => {
    const r = step.apply(validated({ type: 'email.delivered', occurredAt: '2026-11-22T10:00:00Z', messageId: 'm-1', campaignId: 'autumn', contact: { email: 'al@gmail.com' }, properties: { variant: 'A' } }));
    expect(r.kind === 'ok' && r.value).toMatchObject({ campaignId: 'autumn', contactEmail: 'al@gmail.com', recipientDomain: 'gmail.com', variant: 'A', verdict: 'unknown' });
  });

  it('takes the amount of a conversion and the class of a bounce', () => {
    const c = step.apply(validated({ type: 'conversion', occurredAt: '2026-11-22T10:00:00Z', contact: { externalId: 'x' }, properties: { amount: 12.5, currency: 'EUR' } }));
    const b = step.apply(validated({ type: 'email.bounced', occurredAt: '2026-11-22T10:00:00Z', messageId: 'm-9', properties: { bounceClass: 'soft' } }));
    expect(c.kind === 'ok' && c.value.amount).toBe(12.5);
    expect(b.kind === 'ok' && b.value).toMatchObject({ bounceClass: 'soft', campaignId: null, recipientDomain: null });
  });
});
