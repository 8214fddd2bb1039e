import { BandForecaster, DEFAULT_BAND_PARAMS } from './anomaly-band';
import { bestSendHour } from './best-send-hour';
import { emptyBucket } from './bucket-metrics';
import { addToAudience, audienceRates, CAMPAIGN_FEATURES, campaignFeatureVector, emptyAudience } from './campaign-features';
import { campaignSeries, seriesLift } from './campaign-series';
import { emptyProfile } from './contact-profile';
import { subjectTraits } from './subject-traits';

describe('subjectTraits', () => {
  it.each([
    ['{{firstName}}, new arrivals are here', { emoji: false, personalized: true, length: 36, discountPercent: 0 }],
    ['🔥 Flash sale (30% off) — see what is new', { emoji: true, personalized: false, length: 40, discountPercent: 30 }],
    ['Weekly picks', { emoji: false, personalized: false, length: 12, discountPercent: 0 }],
  ])('%s', (subject, traits) => expect(subjectTraits(subject)).toEqual(traits));
});

describe('campaign features', () => {
  it('sums the audience and reads its rates', () => {
    const a = emptyAudience();
    const p1 = { ...emptyProfile('a'), sent: 10, delivered: 9, bounced: 1, opened: 6, humanOpened: 3, clicked: 2, humanClicked: 1 };
    const p2 = { ...emptyProfile('b'), sent: 10, delivered: 10, opened: 4, humanOpened: 1 };
    addToAudience(a, 'gmail.com', p1);
    addToAudience(a, 'acme.example', p2);
    addToAudience(a, 'gmail.com', null);
    expect(a).toMatchObject({ contacts: 3, known: 2, sent: 20, delivered: 19, humanOpened: 4, domains: { 'gmail.com': 2, other: 1 } });
    const rates = audienceRates(a);
    expect(rates.humanOpenRate).toBeCloseTo(4 / 19, 12);
    expect(rates.openRate).toBeCloseTo(10 / 19, 12);
    expect(rates.bounceRate).toBeCloseTo(1 / 20, 12);
    const v = campaignFeatureVector({ sendAt: new Date('2026-11-02T06:00:00Z'), subject: '{{firstName}}, hello', audience: a });
    expect(v).toHaveLength(CAMPAIGN_FEATURES.length);
    const f = (name: string) => v[CAMPAIGN_FEATURES.indexOf(name as (typeof CAMPAIGN_FEATURES)[number])];
    expect(f('audience.knownShare')).toBeCloseTo(2 / 3, 12);
    expect(f('send.hourSin')).toBeCloseTo(1, 12); // 06:00 is a quarter turn
    expect(f('send.weekdayCos')).toBeCloseTo(1, 12); // Monday
    expect(f('domain.gmail.com')).toBeCloseTo(2 / 3, 12);
    expect(f('subject.personalized')).toBe(1);
  });
});

describe('campaign series', () => {
  it.each([
    ['Flash sale · 22 Nov', 'flash sale'],
    ['Flash sale - 6 December', 'flash sale'],
    ['Weekly picks #12', 'weekly picks'],
    ['Newsletter: spring edition', 'newsletter'],
  ])('%s → %s', (name, series) => expect(campaignSeries(name)).toBe(series));

  it('compares the series with every past campaign, target by target', () => {
    const past = [
      { series: 'flash sale', rates: [0.3, 0.5, 0.04, 0.2, 0.01] },
      { series: 'weekly picks', rates: [0.2, 0.4, 0.02, 0.2, 0.01] },
      { series: 'weekly picks', rates: [0.1, 0.3, 0.03, 0.2, 0.01] },
    ];
    const lift = seriesLift(past, 'flash sale');
    expect(lift.campaigns).toBe(1);
    // human opens: ln(0.3 / 0.2) = 0.405465; clicks: ln(0.04 / 0.03) = 0.287682; the rest equal: 0
    expect(lift.logLift[0]).toBeCloseTo(0.405465, 6);
    expect(lift.logLift[1]).toBeCloseTo(Math.log(0.5 / 0.4), 12);
    expect(lift.logLift[2]).toBeCloseTo(0.287682, 6);
    expect(lift.logLift[3]).toBeCloseTo(0, 12);
    expect(seriesLift(past, 'style guide')).toEqual({ campaigns: 0, logLift: [0, 0, 0, 0, 0] });
  });
});

describe('bestSendHour', () => {
  const workspace = Array.from({ length: 24 }, (_, h) => (h === 9 ? 100 : 10));
  const segment = Array.from({ length: 24 }, (_, h) => (h === 20 ? 40 : 0));

  it("takes the contact's own peak when it has enough opens", () => {
    const contact = Array.from({ length: 24 }, (_, h) => (h === 6 ? 3 : h === 7 ? 1 : 0));
    expect(bestSendHour(contact, segment, workspace)).toEqual({ hourUtc: 6, source: 'contact', opens: 4, confidence: expect.any(Number) });
  });

  it('falls back to the segment, then to the workspace, when history is thin', () => {
    const one = Array.from({ length: 24 }, (_, h) => (h === 2 ? 1 : 0));
    expect(bestSendHour(one, segment, workspace)).toMatchObject({ hourUtc: 20, source: 'segment', opens: 40 });
    expect(bestSendHour(new Array(24).fill(0), new Array(24).fill(0), workspace)).toMatchObject({ hourUtc: 9, source: 'workspace', opens: 330 });
  });
});

describe('BandForecaster', () => {
  it('learns a steady bounce rate and flags a spike with its band and severity', () => {
    const f = new BandForecaster({ ...DEFAULT_BAND_PARAMS, warmupBuckets: 5 });
    const start = Date.parse('2026-11-01T00:00:00Z');
    const bucket = (i: number, bounced: number) => {
      const b = { ...emptyBucket(), sent: 1000, bounced, heartbeats: 60, smtpChecks: 12 };
      return f.observe(new Date(start + i * 3_600_000), b);
    };
    for (let i = 0; i < 30; i++) expect(bucket(i, 20).filter((s) => s.anomalous)).toEqual([]);
    const scored = bucket(30, 150).find((s) => s.metric === 'bounce_rate')!;
    // expected 2 %: sd = sqrt(0.02 × 0.98 / 1000 + (0.3 × 0.02)²) = 0.0074565; z = 5 gives the band 0 … 0.0572827
    expect(scored).toMatchObject({ observed: 0.15, expected: 0.02, lower: 0, anomalous: true, severity: 'critical' });
    expect(scored.upper).toBeCloseTo(0.0572827, 6);
    expect(scored.score).toBeCloseTo(17.43, 2);
    // The spike does not move the level: the next normal bucket is expected at 2 % again.
    expect(bucket(31, 20).find((s) => s.metric === 'bounce_rate')).toMatchObject({ expected: 0.02, anomalous: false });
  });

  it('flags a drop in heartbeat volume', () => {
    // sd = sqrt(60 + (0.1 × 60)²) = 9.80: 6 heartbeats instead of 60 is 5.5 sd below
    const f = new BandForecaster({ ...DEFAULT_BAND_PARAMS, warmupBuckets: 5 });
    for (let i = 0; i < 10; i++) f.observe(new Date(i * 3_600_000), { ...emptyBucket(), heartbeats: 60 });
    const s = f.observe(new Date(10 * 3_600_000), { ...emptyBucket(), heartbeats: 6 }).find((x) => x.metric === 'event_volume')!;
    expect(s).toMatchObject({ observed: 6, expected: 60, anomalous: true });
  });
});
