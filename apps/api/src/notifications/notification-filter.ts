import { EVENT_TYPES, VERDICTS } from '@mailpulse/contracts';
import { z } from 'zod';

/** Envelope fields a condition may test, besides `properties.<key>[.<key>…]`. */
export const ENVELOPE_PATHS = [
  'id',
  'type',
  'campaignId',
  'messageId',
  'contact.email',
  'contact.externalId',
  'recipientDomain',
  'variant',
  'verdict',
  'client',
  'os',
  'device',
  'bounceClass',
  'amount',
] as const;

export const CONDITION_OPS = ['eq', 'neq', 'in', 'contains', 'exists', 'gt', 'lt'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export const MAX_CONDITIONS = 20;
export const MAX_PROPERTY_DEPTH = 5;
const PROPERTY_PATH = new RegExp(`^properties(\\.[^.\\s]{1,64}){1,${MAX_PROPERTY_DEPTH}}$`);

/** Opens and clicks a machine made (Apple MPP prefetch, link scanners) do not fire a rule unless it asks for them. */
export const DEFAULT_VERDICTS = ['human', 'unknown'] as const;

const path = z
  .string({ error: 'must be a field path such as properties.code or contact.email' })
  .refine((p) => (ENVELOPE_PATHS as readonly string[]).includes(p) || PROPERTY_PATH.test(p), {
    error: `must be one of ${ENVELOPE_PATHS.join(', ')} or properties.<key>[.<key>…] (at most ${MAX_PROPERTY_DEPTH} keys of 1–64 characters without dots or spaces)`,
  });

const text = z.string({ error: 'must be a text' }).max(1024, 'must be at most 1024 characters');
const scalar = z.union([text, z.number().finite(), z.boolean()], { error: 'must be a text, a number or true/false' });
const finite = z.number({ error: 'must be a number' }).finite('must be a finite number');

export const filterCondition = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ path, op: z.literal('eq'), value: scalar }),
    z.strictObject({ path, op: z.literal('neq'), value: scalar }),
    z.strictObject({
      path,
      op: z.literal('in'),
      value: z.array(scalar, { error: 'must be a list of values' }).min(1, 'must name at least one value').max(100, 'must name at most 100 values'),
    }),
    z.strictObject({ path, op: z.literal('contains'), value: text.min(1, 'must not be empty') }),
    z.strictObject({ path, op: z.literal('exists'), value: z.boolean({ error: 'must be true or false' }).default(true) }),
    z.strictObject({ path, op: z.literal('gt'), value: finite }),
    z.strictObject({ path, op: z.literal('lt'), value: finite }),
  ],
  { error: `must be one of ${CONDITION_OPS.join(', ')}` },
);
export type FilterCondition = z.output<typeof filterCondition>;
export type ConditionScalar = z.output<typeof scalar>;

/** Which events a rule fires on: one of `types`, every condition holding, and (opens and clicks) one of `verdicts`. */
export const notificationFilter = z.strictObject({
  types: z
    .array(z.enum(EVENT_TYPES, `must be one of ${EVENT_TYPES.join(', ')}`), { error: 'must be a list of event types' })
    .min(1, 'must name at least one event type')
    .max(EVENT_TYPES.length, `must name at most ${EVENT_TYPES.length} event types`)
    .transform((types) => [...new Set(types)]),
  conditions: z.array(filterCondition, { error: 'must be a list of conditions' }).max(MAX_CONDITIONS, `must hold at most ${MAX_CONDITIONS} conditions`).default([]),
  verdicts: z
    .array(z.enum(VERDICTS, `must be one of ${VERDICTS.join(', ')}`), { error: 'must be a list of verdicts' })
    .min(1, 'must name at least one verdict')
    .transform((v) => [...new Set(v)])
    .default([...DEFAULT_VERDICTS]),
});
export type NotificationFilter = z.output<typeof notificationFilter>;
