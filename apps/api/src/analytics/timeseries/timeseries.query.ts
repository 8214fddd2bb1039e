import { TIME_BUCKETS, TIME_SERIES_METRICS } from '@mailpulse/contracts';
import { z } from 'zod';
import { id, verdict, withRange } from '../query/analytics-query';

/** At most this many buckets per request (e.g. 14 days of hours, 5 years of days, 3.5 days of minutes). */
export const MAX_POINTS = 5_000;
const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

export const timeSeriesQuery = withRange(
  {
    metric: z.enum(
      TIME_SERIES_METRICS,
      `must be one of ${TIME_SERIES_METRICS.join(', ')}`,
    ),
    bucket: z.enum(TIME_BUCKETS, `must be one of ${TIME_BUCKETS.join(', ')}`),
    campaignId: id.optional(),
    variant: id.optional(),
    domain: id.optional(),
    verdict,
  },
  1,
  3_660,
).superRefine((q, ctx) => {
  const points = Math.ceil(
    (q.to.getTime() - q.from.getTime()) / BUCKET_MS[q.bucket],
  );
  if (points > MAX_POINTS) {
    ctx.addIssue({
      code: 'custom',
      path: ['bucket'],
      message: `${q.bucket} buckets over this range make ${points} points (at most ${MAX_POINTS}); choose a larger bucket or a shorter range`,
    });
  }
});
