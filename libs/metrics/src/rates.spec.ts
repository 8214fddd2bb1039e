import { emptyCounts, MessageCounts } from './counts';
import { computeRates, ratio } from './rates';

function counts(): MessageCounts {
  const c = emptyCounts();
  c.sent = 1000;
  c.delivered = 950;
  c.bounces = { hard: 20, soft: 20, block: 10 };
  c.opens = {
    human: { unique: 300, total: 420 },
    machine: { unique: 150, total: 210 },
    total: { unique: 450, total: 630 },
  };
  c.clicks = {
    human: { unique: 60, total: 90 },
    machine: { unique: 35, total: 120 },
    total: { unique: 95, total: 210 },
  };
  c.complaints = 1;
  c.unsubscribes = 19;
  c.conversions = 38;
  c.revenue = 1234.5;
  return c;
}

describe('rates', () => {
  it('computes every rate from its documented numerator and denominator', () => {
    const r = computeRates(counts());
    expect(r.delivery).toBeCloseTo(0.95, 12);
    expect(r.bounce).toBeCloseTo(0.05, 12);
    expect(r.hardBounce).toBeCloseTo(0.02, 12);
    expect(r.softBounce).toBeCloseTo(0.02, 12);
    expect(r.blockBounce).toBeCloseTo(0.01, 12);
    expect(r.complaint).toBeCloseTo(1 / 950, 12);
    expect(r.unsubscribe).toBeCloseTo(0.02, 12);
    expect(r.conversion).toBeCloseTo(0.04, 12);
    expect(r.open.human).toEqual({ unique: 300 / 950, total: 420 / 950 });
    expect(r.open.machine).toEqual({ unique: 150 / 950, total: 210 / 950 });
    expect(r.open.total).toEqual({ unique: 450 / 950, total: 630 / 950 });
    expect(r.click.human).toEqual({ unique: 60 / 950, total: 90 / 950 });
    expect(r.clickToOpen.human).toEqual({ unique: 60 / 300, total: 90 / 420 });
    expect(r.clickToOpen.machine).toEqual({
      unique: 35 / 150,
      total: 120 / 210,
    });
    expect(r.clickToOpen.total).toEqual({ unique: 95 / 450, total: 210 / 630 });
  });

  it('says null, not 0, when there is nothing to divide by', () => {
    const r = computeRates(emptyCounts());
    expect(r.delivery).toBeNull();
    expect(r.bounce).toBeNull();
    expect(r.complaint).toBeNull();
    expect(r.open.human).toEqual({ unique: null, total: null });
    expect(r.clickToOpen.total).toEqual({ unique: null, total: null });
  });

  it.each([
    [1, 0, null],
    [0, 5, 0],
    [1, Infinity, null],
    [3, 4, 0.75],
  ])('ratio(%p, %p) = %p', (n, d, expected) => {
    expect(ratio(n, d)).toBe(expected);
  });
});
