import { z } from 'zod';

/** `GET /v1/jobs/runs?job=etl.nightly&limit=50` */
export const jobRunsQuery = z
  .object({
    job: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
