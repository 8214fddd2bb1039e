import { z } from 'zod';

/** `POST /v1/predictions/campaign` */
export const campaignPredictionBody = z
  .object({
    subject: z.string().min(1).max(500),
    /** The campaign's name: past campaigns of the same series ("Flash sale · 22 Nov" → "flash sale") inform the prediction. */
    name: z.string().min(1).max(500).optional(),
    /** When the campaign will go out (ISO 8601). */
    sendAt: z.iso.datetime({ offset: true }),
    /** The audience by contact email or external id; leave out for everyone the workspace mailed in the last 90 days. */
    contacts: z.array(z.string().min(1).max(320)).min(1).max(200_000).optional(),
  })
  .strict();

/**
 * `GET /v1/anomalies?after=<id>&limit=&from=&to=&order=`: ids above `after`; buckets starting in [from, to);
 * oldest first (`asc`, for polling with the last id seen) or newest first (`desc`, for "the latest").
 */
export const anomaliesQuery = z
  .object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    order: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();
export type AnomaliesQuery = z.output<typeof anomaliesQuery>;

/** `GET /v1/contacts/:id/best-send-time` */
export const contactIdParam = z
  .string()
  .min(1, 'must not be empty')
  .max(320, 'must be at most 320 characters')
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'must not contain control characters');
