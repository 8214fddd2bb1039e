import { EVENT_TYPES } from '@mailpulse/contracts';
import { z } from 'zod';
import { id, withRange } from '../../analytics/query/analytics-query';

const KNOWN_TYPES = new Set<string>(EVENT_TYPES);

/** GET /v1/exports/events.csv: the event explorer's filters (no paging: the whole range is streamed). */
export const eventsExportQuery = withRange(
  {
    type: z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .refine((types) => types.length > 0 && types.every((t) => KNOWN_TYPES.has(t)), 'must be event types such as email.opened, comma-separated')
      .optional(),
    campaignId: id.optional(),
    messageId: id.optional(),
    contact: z.string().trim().min(1, 'must not be empty').max(254, 'must be at most 254 characters').optional(),
  },
  7,
  400,
).transform(({ type, ...q }) => ({ ...q, types: type }));
export type EventsExportQuery = z.output<typeof eventsExportQuery>;

/** Contact engagement, bounces and complaints: a range and optionally one campaign. */
export const rangeExportQuery = withRange({ campaignId: id.optional() }, 30, 400);
export type RangeExportQuery = z.output<typeof rangeExportQuery>;

export const noQuery = z.strictObject({});
