import { z } from 'zod';

export const incidentsQuery = z.strictObject({
  status: z.enum(['firing', 'resolved'], 'must be firing or resolved').optional(),
  ruleId: z.uuid({ error: 'must be a rule id (uuid)' }).optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').default(100),
});
export type IncidentsQuery = z.output<typeof incidentsQuery>;

export const incidentId = z.uuid({ error: 'must be an incident id (uuid)' });
