import type { EventType, Verdict } from '@mailpulse/contracts';
import type { EnrichedEvent } from '../ingestion/pipeline/pipeline.types';
import { addCounts, emptyCounts, isBatchSummary, summarizeBatch, toDeltaCounts } from './delta-counts';

let n = 0;
function stored(type: EventType, overrides: Partial<EnrichedEvent> = {}): EnrichedEvent {
  n++;
  return {
    index: n,
    workspaceId: 'w1',
    id: `e${n}`,
    type,
    occurredAt: new Date(1_700_000_000_000),
    receivedAt: new Date(1_700_000_000_000 + n),
    campaignId: null,
    messageId: `m${n}`,
    contactEmail: null,
    contactExternalId: null,
    recipientDomain: null,
    variant: null,
    verdict: 'unknown' as Verdict,
    verdictReasons: [],
    amount: null,
    bounceClass: null,
    client: null,
    os: null,
    device: null,
    properties: {},
    ...overrides,
  };
}

describe('summarizeBatch', () => {
  it('counts per type and verdict for the workspace and each campaign, revenue from conversions only', () => {
    const events = [
      stored('email.sent', { campaignId: 'spring' }),
      stored('email.opened', { campaignId: 'spring', verdict: 'human' }),
      stored('email.opened', { campaignId: 'spring', verdict: 'machine' }),
      stored('email.opened', { campaignId: 'autumn', verdict: 'machine' }),
      stored('conversion', { campaignId: 'spring', amount: 19.99 }),
      stored('conversion', { amount: 5.01 }),
      // An amount on another type is not revenue.
      stored('email.clicked', { verdict: 'human', amount: 100 }),
    ];
    const s = summarizeBatch('w1', events);
    expect(s.workspace.events).toBe(7);
    expect(s.workspace.byType).toEqual({
      'email.sent': { total: 1, human: 0, machine: 0, unknown: 1 },
      'email.opened': { total: 3, human: 1, machine: 2, unknown: 0 },
      conversion: { total: 2, human: 0, machine: 0, unknown: 2 },
      'email.clicked': { total: 1, human: 1, machine: 0, unknown: 0 },
    });
    expect(s.workspace.revenue).toBeCloseTo(25, 10);
    expect(Object.keys(s.campaigns).sort()).toEqual(['autumn', 'spring']);
    expect(s.campaigns['spring']!.events).toBe(4);
    expect(s.campaigns['spring']!.revenue).toBeCloseTo(19.99, 10);
    expect(s.campaigns['autumn']!.byType).toEqual({ 'email.opened': { total: 1, human: 0, machine: 1, unknown: 0 } });
    expect(s.workspace.firstReceivedAt).toBe(events[0]!.receivedAt.getTime());
    expect(s.workspace.lastReceivedAt).toBe(events[6]!.receivedAt.getTime());
  });
});

describe('addCounts', () => {
  it('sums batches exactly, whatever their order', () => {
    const batches = Array.from({ length: 50 }, (_, i) =>
      summarizeBatch('w1', [stored('email.delivered'), ...(i % 2 ? [stored('email.clicked', { verdict: 'machine' })] : []), stored('conversion', { amount: 0.1 })]),
    );
    const forward = batches.reduce((acc, b) => addCounts(acc, b.workspace), emptyCounts());
    const backward = [...batches].reverse().reduce((acc, b) => addCounts(acc, b.workspace), emptyCounts());
    expect(forward.events).toBe(125);
    expect(forward.byType['email.delivered']).toEqual({ total: 50, human: 0, machine: 0, unknown: 50 });
    expect(forward.byType['email.clicked']).toEqual({ total: 25, human: 0, machine: 25, unknown: 0 });
    expect(toDeltaCounts(forward).revenue).toBe(5);
    expect(toDeltaCounts(backward)).toEqual(toDeltaCounts(forward));
  });

  it('survives the trip between API processes as JSON', () => {
    const s = summarizeBatch('w1', [stored('email.sent', { campaignId: 'c' })]);
    const back: unknown = JSON.parse(JSON.stringify(s));
    expect(isBatchSummary(back)).toBe(true);
    expect(back).toEqual(s);
  });

  it.each([null, 'x', {}, { workspaceId: 'w1' }, { workspaceId: 'w1', workspace: { events: '1' }, campaigns: {} }])('rejects a malformed summary %#', (value) => {
    expect(isBatchSummary(value)).toBe(false);
  });
});
