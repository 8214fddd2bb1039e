import { Injectable } from '@nestjs/common';
import type {
  TimeBucket,
  TimeSeriesMetric,
  TimeSeriesResponse,
} from '@mailpulse/contracts';
import { ratio, VerdictVariant } from '@mailpulse/metrics';
import { round4 } from '../counts/message-counts.sql';
import {
  SeriesFilter,
  SeriesPart,
  TimeSeriesRepository,
} from './timeseries.repository';

const BUCKET_MS: Record<TimeBucket, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

const COUNT_TYPES: Record<string, string> = {
  sent: 'email.sent',
  delivered: 'email.delivered',
  deferred: 'email.deferred',
  bounces: 'email.bounced',
  opens: 'email.opened',
  clicks: 'email.clicked',
  replies: 'email.replied',
  complaints: 'email.complained',
  unsubscribes: 'email.unsubscribed',
  conversions: 'conversion',
};

/** Rate metrics: numerator and denominator metric in the same bucket. */
const RATES: Record<string, [string, string]> = {
  delivery_rate: ['delivered', 'sent'],
  bounce_rate: ['bounces', 'sent'],
  open_rate: ['opens', 'delivered'],
  click_rate: ['clicks', 'delivered'],
  click_to_open_rate: ['clicks', 'opens'],
  complaint_rate: ['complaints', 'delivered'],
  unsubscribe_rate: ['unsubscribes', 'delivered'],
};

function partOf(metric: string): SeriesPart {
  if (metric === 'revenue')
    return { name: metric, type: 'conversion', sum: 'amount' };
  return { name: metric, type: COUNT_TYPES[metric]!, sum: 'count' };
}

/** Start of the bucket holding `t` (UTC). */
export function bucketStart(t: number, bucket: TimeBucket): number {
  return Math.floor(t / BUCKET_MS[bucket]) * BUCKET_MS[bucket];
}

@Injectable()
export class TimeSeriesService {
  constructor(private readonly repo: TimeSeriesRepository) {}

  /** One zero-filled point per bucket from the bucket holding `from` up to `to` (exclusive). */
  async series(
    workspaceId: string,
    q: {
      metric: TimeSeriesMetric;
      bucket: TimeBucket;
      from: Date;
      to: Date;
      verdict: VerdictVariant;
    } & SeriesFilter,
  ): Promise<TimeSeriesResponse> {
    const start = bucketStart(q.from.getTime(), q.bucket);
    const rate = RATES[q.metric];
    const parts = rate
      ? [partOf(rate[0]), partOf(rate[1])]
      : [partOf(q.metric)];
    const filter: SeriesFilter = {
      campaignId: q.campaignId,
      variant: q.variant,
      domain: q.domain,
    };
    const rows = await this.repo.sums(
      workspaceId,
      q.bucket,
      new Date(start),
      q.to,
      parts,
      q.verdict,
      filter,
    );
    const byBucket = new Map(rows.map((r) => [r.bucket.getTime(), r]));
    const points: TimeSeriesResponse['points'] = [];
    for (let t = start; t < q.to.getTime(); t += BUCKET_MS[q.bucket]) {
      const row = byBucket.get(t);
      let value: number | null;
      if (rate) value = ratio(row?.[rate[0]] ?? 0, row?.[rate[1]] ?? 0);
      else value = round4(row?.[q.metric] ?? 0);
      points.push({ t: new Date(t).toISOString(), value });
    }
    const filters = Object.fromEntries(
      Object.entries(filter).filter(([, v]) => v !== undefined),
    );
    return {
      metric: q.metric,
      bucket: q.bucket,
      from: new Date(start).toISOString(),
      to: q.to.toISOString(),
      verdict: q.verdict,
      filters,
      points,
    };
  }
}
