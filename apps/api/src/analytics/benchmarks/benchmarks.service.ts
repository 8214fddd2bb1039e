import { Injectable } from '@nestjs/common';
import type {
  BenchmarksResponse,
  IndustryBenchmark,
} from '@mailpulse/contracts';
import {
  APPLE_MPP_RELEASED_ON,
  BENCHMARK_OPEN_RATE_CAVEAT,
  BENCHMARK_SOURCE,
  INDUSTRY_BENCHMARKS,
} from '@mailpulse/metrics';
import { OverviewService } from '../overview/overview.service';

/**
 * The workspace's rates over a range beside one industry's published benchmark. The workspace's counts and rates
 * are the overview's for the period (events of the range, unique opens and clicks the messages first opened or
 * clicked in it; rates from @mailpulse/metrics). The open rate is given twice: human-only (the honest figure) and
 * all verdicts (what a pre-Apple-MPP benchmark measured, now inflated by machine opens); the caveat says so.
 */
@Injectable()
export class BenchmarksService {
  constructor(private readonly overview: OverviewService) {}

  async compare(
    workspaceId: string,
    benchmark: IndustryBenchmark,
    from: Date,
    to: Date,
  ): Promise<BenchmarksResponse> {
    const { counts, rates } = await this.overview.period(workspaceId, from, to);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      industry: benchmark,
      industries: INDUSTRY_BENCHMARKS.map(({ id, name }) => ({ id, name })),
      source: { ...BENCHMARK_SOURCE },
      workspace: {
        counts,
        rates,
        compared: {
          humanOpen: rates.open.human.unique,
          allOpen: rates.open.total.unique,
          click: rates.click.human.unique,
          bounce: rates.bounce,
          hardBounce: rates.hardBounce,
          softBounce: rates.softBounce,
          unsubscribe: rates.unsubscribe,
          complaint: rates.complaint,
        },
      },
      openRateCaveat: BENCHMARK_OPEN_RATE_CAVEAT,
      applePrivacyProtectionSince: APPLE_MPP_RELEASED_ON,
    };
  }
}
