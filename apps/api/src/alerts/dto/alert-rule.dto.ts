import { z } from 'zod';

export const THRESHOLD_METRICS = [
  'complaint_rate',
  'hard_bounce_rate',
  'bounce_rate',
  'unsubscribe_rate',
  'delivery_rate',
  'sent',
  'delivered',
  'bounced',
  'complained',
] as const;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

export const COMPARATORS = ['gt', 'gte', 'lt', 'lte'] as const;
export type Comparator = (typeof COMPARATORS)[number];

const filterText = z.string().trim().min(1, 'must not be empty').max(254, 'must be at most 254 characters');

export const thresholdDefinition = z
  .strictObject({
    metric: z.enum(THRESHOLD_METRICS, `must be one of ${THRESHOLD_METRICS.join(', ')}`),
    comparator: z.enum(COMPARATORS, `must be one of ${COMPARATORS.join(', ')}`).default('gte'),
    /** The value at which the rule fires as a warning (rates are fractions: 0.001 is 0.1 %). */
    value: z.number({ error: 'must be a number' }).min(0, 'must be at least 0'),
    /** Optional: past this value the incident is critical. */
    criticalValue: z.number({ error: 'must be a number' }).min(0, 'must be at least 0').optional(),
    windowMinutes: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1440, 'must be at most 1440').default(60),
    /** Messages sent in the window before the rule may fire. */
    minimumVolume: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be at least 0').default(0),
    filter: z
      .strictObject({ campaignId: filterText.optional(), recipientDomain: filterText.toLowerCase().optional(), variant: filterText.optional() })
      .default({}),
  })
  .superRefine((d, ctx) => {
    if (d.criticalValue === undefined) return;
    const lower = d.comparator === 'lt' || d.comparator === 'lte';
    if (lower ? d.criticalValue > d.value : d.criticalValue < d.value) {
      ctx.addIssue({ code: 'custom', path: ['criticalValue'], message: `must be ${lower ? 'at most' : 'at least'} value (it is the worse level)` });
    }
  });
export type ThresholdDefinition = z.output<typeof thresholdDefinition>;

export const anomalyDefinition = z.strictObject({
  /** Only anomalies of this metric (e.g. `complaint_rate`); any when absent. */
  metric: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters').optional(),
  /** Least severity that fires. */
  minimumSeverity: z.enum(['warning', 'critical'], 'must be warning or critical').default('warning'),
  /** An anomaly fires while its bucket is within this many minutes of the evaluation. */
  windowMinutes: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(10_080, 'must be at most 10080').default(60),
});
export type AnomalyDefinition = z.output<typeof anomalyDefinition>;

export const infrastructureDefinition = z.strictObject({
  check: z.enum(['smtp', 'dns'], 'must be smtp or dns'),
});
export type InfrastructureDefinition = z.output<typeof infrastructureDefinition>;

const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const cooldownMinutes = z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be at least 0').max(1440, 'must be at most 1440');

export const createRuleBody = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('threshold'), name, enabled: z.boolean().default(true), cooldownMinutes: cooldownMinutes.default(15), definition: thresholdDefinition }),
    z.strictObject({ kind: z.literal('anomaly'), name, enabled: z.boolean().default(true), cooldownMinutes: cooldownMinutes.default(15), definition: anomalyDefinition }),
    z.strictObject({ kind: z.literal('infrastructure'), name, enabled: z.boolean().default(true), cooldownMinutes: cooldownMinutes.default(15), definition: infrastructureDefinition }),
  ],
  { error: 'must be threshold, anomaly or infrastructure' },
);
export type CreateRuleBody = z.output<typeof createRuleBody>;

/** A change to a rule; `definition`, when given, replaces the whole definition and is checked against the rule's kind. */
export const updateRuleBody = z.strictObject({
  name: name.optional(),
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
  cooldownMinutes: cooldownMinutes.optional(),
  definition: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
});
export type UpdateRuleBody = z.output<typeof updateRuleBody>;

export type RuleKind = CreateRuleBody['kind'];
export const definitionSchemas = { threshold: thresholdDefinition, anomaly: anomalyDefinition, infrastructure: infrastructureDefinition } as const;

export const ruleId = z.uuid({ error: 'must be a rule id (uuid)' });
