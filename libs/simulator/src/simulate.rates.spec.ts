import { RECIPIENT_DOMAINS } from './world/recipient-domains';
import {
  byMessage,
  collectRun,
  distinctItems,
  domainOf,
  propertiesOf,
  TEST_END,
  timeOf,
  withinPoisson,
} from './testing/collected-run';

const DAY = 86_400_000;

describe('rates over a large sample', () => {
  const { items, truth, contactsByEmail } = collectRun({
    seed: 31,
    days: 14,
    contacts: 12_000,
    background: false,
    duplicateRate: 0.003,
  });
  const distinct = distinctItems(items);
  const messages = [...byMessage(distinct).values()];

  it('bounces each class at the configured per-domain rates', () => {
    const rates = new Map(
      RECIPIENT_DOMAINS.map((d) => [d.name, d.bounceRates]),
    );
    const expected = { hard: 0, soft: 0, block: 0 };
    const observed = { hard: 0, soft: 0, block: 0 };
    for (const { event } of distinct) {
      if (event.contact === undefined) continue;
      const domainRates = rates.get(domainOf(event));
      if (domainRates === undefined)
        throw new Error(`unknown domain ${domainOf(event)}`);
      if (event.type === 'email.sent') {
        expected.hard += domainRates.hard;
        expected.soft += domainRates.soft;
        expected.block += domainRates.block;
      }
      if (event.type === 'email.bounced')
        observed[propertiesOf(event).bounceClass as keyof typeof observed]++;
    }
    expect(expected.hard).toBeGreaterThan(100);
    for (const bounceClass of ['hard', 'soft', 'block'] as const) {
      expect({
        bounceClass,
        ok: withinPoisson(observed[bounceClass], expected[bounceClass]),
      }).toEqual({ bounceClass, ok: true });
    }
  });

  it('delivers most soft-bounced messages on a later retry', () => {
    let soft = 0;
    let recovered = 0;
    for (const events of messages) {
      const bounce = events.find(
        (e) =>
          e.event.type === 'email.bounced' &&
          propertiesOf(e.event).bounceClass === 'soft',
      );
      if (bounce === undefined) continue;
      soft++;
      const delivered = events.find((e) => e.event.type === 'email.delivered');
      if (delivered !== undefined) {
        recovered++;
        expect(timeOf(delivered.event)).toBeGreaterThan(timeOf(bounce.event));
      }
    }
    expect(soft).toBeGreaterThan(100);
    expect(withinPoisson(recovered, 0.6 * soft)).toBe(true);
  });

  it('matches unique human opens to the model’s expectation for every finished campaign', () => {
    const finished = truth.campaigns.filter(
      (c) => Date.parse(c.sendEndedAt) < TEST_END.getTime() - 7 * DAY,
    );
    expect(finished.length).toBeGreaterThanOrEqual(2);
    for (const campaign of finished) {
      const { uniqueHumanOpens, expectedHumanOpens } = campaign.totals;
      expect({
        campaign: campaign.campaignId,
        ok: withinPoisson(uniqueHumanOpens, expectedHumanOpens),
      }).toEqual({ campaign: campaign.campaignId, ok: true });
      // A dashboard that trusts MPP pre-fetches sees far more opens than people made.
      expect(campaign.rates.apparentOpenRate).toBeGreaterThan(
        campaign.rates.humanOpenRate * 1.4,
      );
      expect(campaign.rates.humanOpenRate).toBeGreaterThan(0.12);
      expect(campaign.rates.humanOpenRate).toBeLessThan(0.4);
    }
  });

  it('keeps the truth’s per-campaign counts consistent with the events', () => {
    for (const campaign of truth.campaigns) {
      const own = distinct.filter(
        (e) => e.event.campaignId === campaign.campaignId,
      );
      const count = (type: string) =>
        own.filter((e) => e.event.type === type).length;
      expect(campaign.totals.sent).toBe(count('email.sent'));
      expect(campaign.totals.delivered).toBe(count('email.delivered'));
      expect(campaign.totals.conversions).toBe(count('conversion'));
      const humanOpened = new Set(
        own
          .filter(
            (e) => e.event.type === 'email.opened' && e.truth.label === 'human',
          )
          .map((e) => e.event.messageId),
      );
      expect(campaign.totals.uniqueHumanOpens).toBe(humanOpened.size);
      const revenue = own
        .filter((e) => e.event.type === 'conversion')
        .reduce((sum, e) => sum + (propertiesOf(e.event).amount as number), 0);
      expect(campaign.totals.revenue).toBeCloseTo(revenue, 1);
      const variants = campaign.variants.reduce(
        (sum, v) => sum + v.counts.sent,
        0,
      );
      expect(variants).toBe(campaign.totals.sent);
    }
  });

  it('splits A/B campaigns evenly between the variants', () => {
    const ab = truth.campaigns.filter((c) => c.variants.length === 2);
    expect(ab.length).toBeGreaterThan(0);
    for (const campaign of ab) {
      const [a, b] = campaign.variants;
      expect(withinPoisson(a.counts.sent, campaign.totals.sent / 2)).toBe(true);
      expect(b.counts.sent).toBe(campaign.totals.sent - a.counts.sent);
    }
  });

  it('draws contacts in the configured domain and client mix', () => {
    const contacts = [...contactsByEmail.values()];
    for (const domain of RECIPIENT_DOMAINS.filter((d) => d.share > 0.05)) {
      const here = contacts.filter((c) => c.domain === domain.name);
      expect(withinPoisson(here.length, domain.share * contacts.length)).toBe(
        true,
      );
      const mpp = here.filter((c) => c.client === 'apple-mail-mpp').length;
      expect(
        withinPoisson(mpp, domain.clientMix['apple-mail-mpp'] * here.length),
      ).toBe(true);
    }
    const meanPropensity =
      contacts.reduce((sum, c) => sum + c.propensity, 0) / contacts.length;
    expect(meanPropensity).toBeCloseTo(0.25, 1);
  });

  it('sends two to four campaigns a week, each to most of the list', () => {
    const perWeek = truth.campaigns.length / (14 / 7);
    expect(perWeek).toBeGreaterThanOrEqual(1.5);
    expect(perWeek).toBeLessThanOrEqual(4.5);
    for (const campaign of truth.campaigns)
      expect(campaign.audienceSize / truth.contactCount).toBeGreaterThan(0.55);
  });

  it('makes human opens cluster around each reader’s preferred hour', () => {
    let near = 0;
    let total = 0;
    for (const { event, truth: t } of distinct) {
      if (event.type !== 'email.opened' || t.label !== 'human') continue;
      const contact = contactsByEmail.get(event.contact?.email ?? '');
      if (contact === undefined) continue;
      const hour = new Date(event.occurredAt).getUTCHours();
      const distance = Math.min(
        Math.abs(hour - contact.preferredHourUtc),
        24 - Math.abs(hour - contact.preferredHourUtc),
      );
      if (distance <= 1) near++;
      total++;
    }
    // Uniform timing would put 3/24 of opens within an hour of any given hour.
    expect(near / total).toBeGreaterThan(0.45);
  });
});
