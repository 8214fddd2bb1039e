import {
  BENCHMARK_SOURCE,
  DEFAULT_BENCHMARK_INDUSTRY,
  findIndustryBenchmark,
  INDUSTRY_BENCHMARKS,
} from './industry-benchmarks';

describe('industry benchmarks', () => {
  it('ships a dated, sourced table', () => {
    expect(BENCHMARK_SOURCE.publisher).toBe('Mailchimp');
    expect(BENCHMARK_SOURCE.url).toMatch(/^https:\/\/mailchimp\.com\//);
    expect(BENCHMARK_SOURCE.publishedOn).toMatch(/^\d{4}-\d{2}$/);
    expect(INDUSTRY_BENCHMARKS).toHaveLength(25);
  });

  it('has unique slug ids and names', () => {
    const ids = INDUSTRY_BENCHMARKS.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(INDUSTRY_BENCHMARKS.map((b) => b.name)).size).toBe(
      ids.length,
    );
  });

  it.each(INDUSTRY_BENCHMARKS.map((b) => [b.id, b] as const))(
    '%s: every rate is a fraction in [0, 1) or null, bounce = hard + soft',
    (_id, b) => {
      for (const key of [
        'open',
        'click',
        'bounce',
        'hardBounce',
        'softBounce',
        'unsubscribe',
        'complaint',
      ] as const) {
        const v = b[key];
        if (v !== null) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThan(0.5);
        }
      }
      if (b.hardBounce !== null && b.softBounce !== null)
        expect(b.bounce).toBeCloseTo(b.hardBounce + b.softBounce, 10);
    },
  );

  it('keeps the published figures (percent → fraction)', () => {
    expect(findIndustryBenchmark('government')).toEqual({
      id: 'government',
      name: 'Government',
      open: 0.2652,
      click: 0.0365,
      bounce: 0.0083,
      hardBounce: 0.0034,
      softBounce: 0.0049,
      unsubscribe: 0.0013,
      complaint: 0.00006,
    });
    expect(findIndustryBenchmark(DEFAULT_BENCHMARK_INDUSTRY)?.open).toBe(
      0.2109,
    );
    expect(findIndustryBenchmark('nope')).toBeUndefined();
  });
});
