import { z } from 'zod';

/** Body of `PUT /v1/retention`: days of raw events to keep (0 = forever), or null to follow the default. */
export const retentionBody = z.strictObject(
  {
    retentionDays: z
      .number({ error: (issue) => (issue.input === undefined ? 'is required (a number of days, 0 for forever, or null for the default)' : 'must be a number of days or null') })
      .int('must be a whole number of days')
      .min(0, 'must be 0 (keep forever) or more')
      .max(36_500, 'must be at most 36500 days')
      .nullable(),
  },
  { error: 'must be a JSON object like {"retentionDays": 90}' },
);
