import { AB_TEST_METRICS, CAMPAIGN_SORT_FIELDS } from '@mailpulse/contracts';
import { z } from 'zod';
import {
  cursor,
  id,
  intParam,
  numberParam,
  verdict,
} from '../query/analytics-query';

export const campaignListQuery = z.strictObject({
  sort: z
    .enum(
      CAMPAIGN_SORT_FIELDS,
      `must be one of ${CAMPAIGN_SORT_FIELDS.join(', ')}`,
    )
    .default('lastActivity'),
  order: z.enum(['asc', 'desc'], 'must be asc or desc').default('desc'),
  limit: intParam(1, 200, 50),
  offset: intParam(0, 1_000_000, 0),
  verdict,
});

export const campaignIdParam = id;

export const compareQuery = z.strictObject({
  ids: z
    .string({ error: 'is required: 2 to 10 comma-separated campaign ids' })
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ])
    .refine(
      (ids) => ids.length >= 2 && ids.length <= 10,
      'must name 2 to 10 campaigns, comma-separated',
    ),
  verdict,
});

export const detailQuery = z.strictObject({ verdict });

export const recipientsQuery = z.strictObject({
  action: z.enum(['opened', 'clicked'], 'must be opened or clicked'),
  verdict,
  limit: intParam(1, 500, 50),
  cursor,
});

export const costBody = z.strictObject({
  cost: z
    .number({ error: 'must be a number' })
    .min(0, 'must be at least 0')
    .max(1e12, 'must be at most 1e12'),
  currency: z
    .string({ error: 'is required' })
    .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR'),
});

export const abTestQuery = z.strictObject({
  metric: z
    .enum(AB_TEST_METRICS, `must be one of ${AB_TEST_METRICS.join(', ')}`)
    .default('open'),
  verdict,
  control: id.optional(),
  confidence: numberParam(0.8, 0.999, 0.95),
  lift: numberParam(0.01, 10, 0.1),
  power: numberParam(0.5, 0.99, 0.8),
});
