import { z } from 'zod';
import { BOUNCE_CLASSES } from './event-types';

/**
 * The event envelope, one for every family:
 * `{ id, type, occurredAt, campaignId?, messageId?, contact?, properties }`.
 *
 * Each type has its own `properties` schema below. Properties not named here are kept as sent (custom
 * properties are part of the product), but the named ones must have the documented shape.
 */

export const MAX_ID_LENGTH = 128;
export const MAX_TEXT_LENGTH = 1024;

const idString = z.string().trim().min(1, 'must not be empty').max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`);
const text = z.string().max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`);
const httpUrl = z
  .string()
  .max(4096)
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), 'must be an http(s) URL');
const percent = z.number().min(0).max(100);
const ip = z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' });
const requestMethod = z.enum(['GET', 'HEAD', 'POST']);

export const contactSchema = z
  .strictObject({
    email: z.email('must be an email address').max(254).toLowerCase().optional(),
    externalId: idString.optional(),
  })
  .refine((c) => c.email !== undefined || c.externalId !== undefined, 'needs email or externalId');

/** Signals the tracking endpoints and ESPs know about an open or a click. */
const engagementSignals = {
  userAgent: text.optional(),
  ip: ip.optional(),
  /** HEAD and prefetch requests are machine signals, recorded rather than dropped. */
  method: requestMethod.optional(),
  prefetch: z.boolean().optional(),
};

export const propertySchemas = {
  'email.sent': z.looseObject({ variant: idString.optional(), subject: text.optional(), sendingDomain: text.optional(), esp: text.optional() }),
  'email.delivered': z.looseObject({ variant: idString.optional(), smtpResponse: text.optional() }),
  'email.deferred': z.looseObject({ reason: text.optional(), attempt: z.int().min(0).optional() }),
  'email.opened': z.looseObject({ ...engagementSignals }),
  'email.clicked': z.looseObject({ ...engagementSignals, url: httpUrl, linkId: idString.optional() }),
  'email.replied': z.looseObject({}),
  'email.bounced': z.looseObject({
    bounceClass: z.enum(BOUNCE_CLASSES, `must be one of ${BOUNCE_CLASSES.join(', ')}`),
    reason: text.optional(),
    smtpCode: z.union([z.string().max(16), z.int()]).optional(),
  }),
  'email.complained': z.looseObject({ feedbackType: text.optional() }),
  'email.unsubscribed': z.looseObject({ source: z.enum(['link', 'one-click', 'header', 'esp', 'api']).optional(), list: text.optional() }),
  'campaign.created': z.looseObject({ name: text.optional(), audienceSize: z.int().min(0).optional(), variants: z.array(idString).max(26).optional() }),
  'campaign.started': z.looseObject({ audienceSize: z.int().min(0).optional() }),
  'campaign.paused': z.looseObject({ reason: text.optional() }),
  'campaign.stopped': z.looseObject({ reason: text.optional() }),
  'user.login': z.looseObject({ userId: idString }),
  'user.logout': z.looseObject({ userId: idString }),
  'user.action': z.looseObject({ userId: idString, action: idString }),
  'user.error': z.looseObject({ userId: idString.optional(), code: idString, message: text.optional() }),
  'infra.smtp': z.looseObject({ host: idString, ok: z.boolean(), latencyMs: z.number().min(0).optional(), error: text.optional() }),
  'infra.dns': z.looseObject({
    domain: idString,
    record: z.enum(['spf', 'dkim', 'dmarc', 'mx', 'ptr']),
    status: z.enum(['ok', 'missing', 'broken', 'changed']),
    value: text.optional(),
  }),
  'infra.vps': z
    .looseObject({ host: idString, cpuPercent: percent.optional(), memoryPercent: percent.optional(), diskPercent: percent.optional() })
    .refine((p) => p.cpuPercent !== undefined || p.memoryPercent !== undefined || p.diskPercent !== undefined, 'needs cpuPercent, memoryPercent or diskPercent'),
  conversion: z.looseObject({
    amount: z.number().min(0).max(1e12),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR'),
    orderId: idString.optional(),
  }),
} as const;

const envelope = {
  /** The sender's idempotency key. Made by the server from the event's content when absent. */
  id: idString.optional(),
  /** ISO 8601 with a time zone, e.g. `2026-11-22T09:30:00Z`. */
  occurredAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp with a time zone' }),
  campaignId: idString.optional(),
  messageId: idString.optional(),
  contact: contactSchema.optional(),
};

type EventTypeKey = keyof typeof propertySchemas;

function member<T extends EventTypeKey, S extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(type: T, properties: S) {
  // An event without `properties` is checked as if it sent {}, so a missing required property is named.
  return z.strictObject({ ...envelope, type: z.literal(type), properties: properties.prefault({} as never) });
}

export const eventSchema = z
  .discriminatedUnion('type', [
    member('email.sent', propertySchemas['email.sent']),
    member('email.delivered', propertySchemas['email.delivered']),
    member('email.deferred', propertySchemas['email.deferred']),
    member('email.opened', propertySchemas['email.opened']),
    member('email.clicked', propertySchemas['email.clicked']),
    member('email.replied', propertySchemas['email.replied']),
    member('email.bounced', propertySchemas['email.bounced']),
    member('email.complained', propertySchemas['email.complained']),
    member('email.unsubscribed', propertySchemas['email.unsubscribed']),
    member('campaign.created', propertySchemas['campaign.created']),
    member('campaign.started', propertySchemas['campaign.started']),
    member('campaign.paused', propertySchemas['campaign.paused']),
    member('campaign.stopped', propertySchemas['campaign.stopped']),
    member('user.login', propertySchemas['user.login']),
    member('user.logout', propertySchemas['user.logout']),
    member('user.action', propertySchemas['user.action']),
    member('user.error', propertySchemas['user.error']),
    member('infra.smtp', propertySchemas['infra.smtp']),
    member('infra.dns', propertySchemas['infra.dns']),
    member('infra.vps', propertySchemas['infra.vps']),
    member('conversion', propertySchemas['conversion']),
  ])
  .superRefine((e, ctx) => {
    if (e.type.startsWith('email.') && e.messageId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['messageId'], message: `is required for ${e.type} events` });
    }
    if (e.type.startsWith('campaign.') && e.campaignId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['campaignId'], message: `is required for ${e.type} events` });
    }
  });

/** An event as a sender writes it. */
export type IngestEvent = z.input<typeof eventSchema>;
/** An event after validation: trimmed ids, lower-cased email, typed properties. */
export type ValidEvent = z.output<typeof eventSchema>;
export type EventContact = z.output<typeof contactSchema>;
