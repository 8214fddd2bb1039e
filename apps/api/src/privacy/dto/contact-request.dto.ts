import { z } from 'zod';

/** Body of `POST /v1/privacy/export` and `/erase`: `{"contact": {"email": "…"}}` or `{"contact": {"externalId": "…"}}` (or both). */
export const contactRequestBody = z.strictObject(
  {
    contact: z
      .strictObject(
        {
          email: z.email('must be an email address').max(254, 'must be at most 254 characters').toLowerCase().optional(),
          externalId: z.string('must be a string').min(1, 'must not be empty').max(256, 'must be at most 256 characters').optional(),
        },
        { error: (issue) => (issue.input === undefined ? 'is required: {"email": "…"} or {"externalId": "…"}' : 'must be an object like {"email": "…"}') },
      )
      .refine((c) => c.email !== undefined || c.externalId !== undefined, 'needs an email or an externalId'),
  },
  { error: 'must be a JSON object like {"contact": {"email": "…"}}' },
);
