import { aggregateByDay } from './daily-aggregates';
import { addContactDay, contactEngagement, emptyProfile } from './contact-profile';
import { MessageSummaryBuilder } from './message-summary.builder';
import type { MessageSummary } from './message-summary';

const at = (s: string) => new Date(s);

function message(overrides: Partial<MessageSummary>): MessageSummary {
  return {
    campaignId: 'c1', variant: 'A', contact: 'ann@gmail.com', recipientDomain: 'gmail.com', sentAt: at('2026-11-02T09:00:00Z'),
    delivered: true, deferred: false, bounced: false, hardBounced: false, firstOpenAt: null, firstHumanOpenAt: null,
    firstClickAt: null, firstHumanClickAt: null, complained: false, unsubscribed: false, ...overrides,
  };
}

describe('aggregateByDay', () => {
  // Monday 2 November 2026: ann opens at 18:xx (twice, on two messages), clicks once; bob hard-bounces; a message
  // sent on the 3rd goes to another day; one never sent is left out.
  const messages = [
    message({ firstOpenAt: at('2026-11-02T18:05:00Z'), firstHumanOpenAt: at('2026-11-02T18:05:00Z'), firstClickAt: at('2026-11-02T18:06:00Z'), firstHumanClickAt: at('2026-11-02T18:06:00Z') }),
    message({ campaignId: 'c2', sentAt: at('2026-11-02T10:00:00Z'), firstOpenAt: at('2026-11-02T10:00:30Z'), firstHumanOpenAt: at('2026-11-04T18:40:00Z') }),
    message({ contact: 'bob@yahoo.com', recipientDomain: 'yahoo.com', delivered: false, bounced: true, hardBounced: true }),
    message({ contact: 'cy@gmail.com', firstOpenAt: at('2026-11-02T09:00:05Z'), complained: true, unsubscribed: true }),
    message({ sentAt: at('2026-11-03T09:00:00Z') }),
    message({ sentAt: null }),
  ];
  const { campaigns, contacts, domains } = aggregateByDay(messages);

  it('counts each campaign per day of sending', () => {
    const c1 = campaigns.find((c) => c.campaignId === 'c1' && c.day === '2026-11-02')!;
    expect(c1).toEqual({
      campaignId: 'c1', day: '2026-11-02', sent: 3, delivered: 2, bounced: 1, hardBounced: 1, opened: 2, humanOpened: 1, clicked: 1, humanClicked: 1,
      complained: 1, unsubscribed: 1, firstSentAt: at('2026-11-02T09:00:00Z'),
    });
    expect(campaigns.map((c) => `${c.campaignId}/${c.day}/${c.sent}`).sort()).toEqual(['c1/2026-11-02/3', 'c1/2026-11-03/1', 'c2/2026-11-02/1']);
  });

  it('builds contact days with first human opens by hour and weekday', () => {
    const ann = contacts.find((c) => c.contact === 'ann@gmail.com' && c.day === '2026-11-02')!;
    expect(ann).toMatchObject({ sent: 2, delivered: 2, opened: 2, humanOpened: 2, clicked: 1, humanClicked: 1, lastOpenAt: at('2026-11-04T18:40:00Z') });
    expect(ann.openHours[18]).toBe(2);
    expect(ann.openHours.reduce((a, b) => a + b)).toBe(2);
    // Monday (index 0) and Wednesday (index 2)
    expect(ann.openWeekdays).toEqual([1, 0, 1, 0, 0, 0, 0]);
    expect(ann.clickHours[18]).toBe(1);
    const bob = contacts.find((c) => c.contact === 'bob@yahoo.com')!;
    expect(bob).toMatchObject({ sent: 1, delivered: 0, bounced: 1, hardBounced: 1, lastBouncedAt: at('2026-11-02T09:00:00Z') });
  });

  it('sums per recipient domain', () => {
    const gmail = domains.find((d) => d.recipientDomain === 'gmail.com' && d.day === '2026-11-02')!;
    expect(gmail).toEqual({ recipientDomain: 'gmail.com', day: '2026-11-02', sent: 3, delivered: 3, deferred: 0, bounced: 0, hardBounced: 0, opened: 3, humanOpened: 2, humanClicked: 1, complained: 1 });
  });

  it('turns days into a profile and smoothed engagement', () => {
    const profile = emptyProfile('ann@gmail.com');
    for (const d of contacts.filter((c) => c.contact === 'ann@gmail.com')) addContactDay(profile, d);
    expect(profile).toMatchObject({ sent: 3, delivered: 3, humanOpened: 2 });
    const e = contactEngagement(profile, at('2026-11-10T18:40:00Z'), 30, { humanOpenRate: 0.2, humanClickRate: 0.02, bounceRate: 0.01 });
    // (2 + 2 × 0.2) / (3 + 2) = 0.48; (1 + 2 × 0.02) / 5 = 0.208; (0 + 2 × 0.01) / 5 = 0.004
    expect(e.humanOpenRate).toBeCloseTo(0.48, 10);
    expect(e.humanClickRate).toBeCloseTo(0.208, 10);
    expect(e.bounceRate).toBeCloseTo(0.004, 10);
    expect(e.daysSinceOpen).toBeCloseTo(6, 10);
    expect(e.sendsPer30Days).toBe(3);
  });
});

describe('MessageSummaryBuilder', () => {
  it('merges events in any order as the message state does', () => {
    const b = new MessageSummaryBuilder();
    const base = { messageId: 'm1', campaignId: 'c1', contact: { email: 'Ann@Gmail.com' }, properties: { variant: 'B' } };
    b.add({ ...base, type: 'email.opened', occurredAt: '2026-11-02T09:05:00Z' }, 'machine');
    b.add({ ...base, type: 'email.bounced', occurredAt: '2026-11-02T09:00:10Z', properties: { bounceClass: 'soft' } }, 'unknown');
    b.add({ ...base, type: 'email.delivered', occurredAt: '2026-11-02T09:30:00Z' }, 'unknown');
    b.add({ ...base, type: 'email.sent', occurredAt: '2026-11-02T09:00:00Z' }, 'unknown');
    b.add({ ...base, type: 'email.opened', occurredAt: '2026-11-02T19:00:00Z' }, 'human');
    b.add({ ...base, type: 'email.opened', occurredAt: '2026-11-02T18:00:00Z' }, 'human');
    b.add({ type: 'infra.vps', occurredAt: '2026-11-02T09:00:00Z' }, 'unknown');
    const [m] = [...b.summaries()];
    expect(b.size).toBe(1);
    expect(m).toEqual({
      campaignId: 'c1', variant: 'B', contact: 'ann@gmail.com', recipientDomain: 'gmail.com', sentAt: at('2026-11-02T09:00:00Z'),
      delivered: true, deferred: false, bounced: false, hardBounced: false, firstOpenAt: at('2026-11-02T09:05:00Z'),
      firstHumanOpenAt: at('2026-11-02T18:00:00Z'), firstClickAt: null, firstHumanClickAt: null, complained: false, unsubscribed: false,
    });
  });
});
