import { z } from 'zod';
import { notificationFilter } from '../notification-filter';
import { FIRST_OCCURRENCE_SCOPES } from '../notification-rule';

const name = z.string({ error: 'must be a text' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const enabled = z.boolean({ error: 'must be true or false' });
const firstOccurrence = z.enum(FIRST_OCCURRENCE_SCOPES, `must be ${FIRST_OCCURRENCE_SCOPES.join(' or ')}, or null`).nullable();
const channelIds = z
  .array(z.uuid({ error: 'must be an alert channel id (uuid)' }), { error: 'must be a list of alert channel ids' })
  .min(1, 'must name at least one alert channel')
  .max(20, 'must name at most 20 alert channels')
  .transform((ids) => [...new Set(ids)]);
const limitCount = z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000');
const limitMinutes = z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1440, 'must be at most 1440');

export const DEFAULT_RATE_LIMIT = { count: 10, windowMinutes: 10 } as const;

export const createNotificationRuleBody = z.strictObject({
  name,
  enabled: enabled.default(true),
  filter: notificationFilter,
  firstOccurrence: firstOccurrence.default(null),
  channelIds,
  rateLimit: z
    .strictObject({ count: limitCount.default(DEFAULT_RATE_LIMIT.count), windowMinutes: limitMinutes.default(DEFAULT_RATE_LIMIT.windowMinutes) }, { error: 'must be an object' })
    .default({ ...DEFAULT_RATE_LIMIT }),
});
export type CreateNotificationRuleBody = z.output<typeof createNotificationRuleBody>;

/** A change to a rule: `filter` and `channelIds`, when given, replace the whole value; `rateLimit` the parts given. */
export const updateNotificationRuleBody = z.strictObject({
  name: name.optional(),
  enabled: enabled.optional(),
  filter: notificationFilter.optional(),
  firstOccurrence: firstOccurrence.optional(),
  channelIds: channelIds.optional(),
  rateLimit: z.strictObject({ count: limitCount.optional(), windowMinutes: limitMinutes.optional() }, { error: 'must be an object' }).optional(),
});
export type UpdateNotificationRuleBody = z.output<typeof updateNotificationRuleBody>;

export const notificationRuleId = z.uuid({ error: 'must be a notification rule id (uuid)' });

export const deliveriesQuery = z.strictObject({
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').default(50),
  status: z.enum(['pending', 'delivered', 'failed'], 'must be pending, delivered or failed').optional(),
  kind: z.enum(['match', 'summary', 'test'], 'must be match, summary or test').optional(),
});
export type DeliveriesQuery = z.output<typeof deliveriesQuery>;
