import type { BenchmarksResponse } from '@mailpulse/contracts';
import { benchmarkRows, formatBenchmarkRate, standing } from './benchmark-rows';

describe('benchmark rows', () => {
  it.each([
    [0.3, 0.2, true, 'better'],
    [0.1, 0.2, true, 'worse'],
    [0.21, 0.2, true, 'level'],
    [0.01, 0.005, false, 'worse'],
    [0.001, 0.005, false, 'better'],
    [null, 0.2, true, 'no-data'],
    [0.2, null, true, 'no-data'],
  ] as const)('workspace %p vs benchmark %p (higher is better: %p) is %s', (w, b, higher, expected) => {
    expect(standing(w, b, higher)).toBe(expected);
  });

  it('puts human-only and all opens beside the same published open rate, flagged', () => {
    const rows = benchmarkRows({
      industry: { id: 'government', name: 'Government', open: 0.2652, click: 0.0365, bounce: 0.0083, hardBounce: 0.0034, softBounce: 0.0049, unsubscribe: 0.0013, complaint: 0.00006 },
      workspace: { compared: { humanOpen: 0.18, allOpen: 0.42, click: 0.04, bounce: 0.02, hardBounce: 0.01, softBounce: 0.01, unsubscribe: 0.0013, complaint: null } },
    } as unknown as BenchmarksResponse);
    expect(rows.map((r) => [r.metric, r.benchmark, r.standing, r.caveat])).toEqual([
      ['Open rate (human only)', 0.2652, 'worse', true],
      ['Open rate (all opens)', 0.2652, 'inflated', true],
      ['Click rate', 0.0365, 'level', false],
      ['Bounce rate', 0.0083, 'worse', false],
      ['Hard bounce rate', 0.0034, 'worse', false],
      ['Soft bounce rate', 0.0049, 'worse', false],
      ['Unsubscribe rate', 0.0013, 'level', false],
      ['Complaint rate', 0.00006, 'no-data', false],
    ]);
  });

  it('shows complaint-sized rates with three decimals', () => {
    expect(formatBenchmarkRate(0.00012, 'en-US')).toBe('0.012%');
    expect(formatBenchmarkRate(0.2109, 'en-US')).toBe('21.1%');
    expect(formatBenchmarkRate(null, 'en-US')).toBe('—');
  });
});
