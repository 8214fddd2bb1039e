import { z } from 'zod';
import {
  DEFAULT_BENCHMARK_INDUSTRY,
  findIndustryBenchmark,
  INDUSTRY_BENCHMARKS,
} from '@mailpulse/metrics';
import { withRange } from '../query/analytics-query';

const industryIds = INDUSTRY_BENCHMARKS.map((b) => b.id) as [
  string,
  ...string[],
];

/** `?industry=` (one of the shipped industries' ids) and the range (default 30 days, at most 400). */
export const benchmarksQuery = withRange(
  {
    industry: z
      .enum(industryIds, {
        error: () => `must be one of ${industryIds.join(', ')}`,
      })
      .default(DEFAULT_BENCHMARK_INDUSTRY)
      .transform((id) => findIndustryBenchmark(id)!),
  },
  30,
  400,
);
