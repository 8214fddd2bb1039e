import { EVENT_TYPES, eventSchema } from '@mailpulse/contracts';
import type { z } from 'zod';
import { containsNul } from './contains-nul';
import { containsUnpairedSurrogate } from './contains-unpaired-surrogate';
import { contentEventId } from './event-id';
import type { CollectedItem, ValidatedItem } from './pipeline.types';
import { deadLetter, ok, Step, StepResult } from './step';

export interface ValidatorOptions {
  maxFutureSeconds: number;
  maxAgeDays: number;
  now: () => number;
}

function valueAt(payload: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = payload;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** Turns the first schema issue into a reason that names the field, e.g. `properties.bounceClass: must be one of …`. */
export function describeIssue(issue: z.core.$ZodIssue, payload: unknown): { field: string | undefined; reason: string } {
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path, issue.keys[0]].join('.');
    return { field, reason: `${field}: is not a known field of the event envelope (custom data belongs in properties)` };
  }
  const field = issue.path.length ? issue.path.map(String).join('.') : undefined;
  if (field === 'type' && issue.code === 'invalid_union') {
    const type = (payload as { type?: unknown }).type;
    const reason = type === undefined ? 'type: is required' : `type: unknown event type ${JSON.stringify(type)}; expected one of ${EVENT_TYPES.join(', ')}`;
    return { field, reason };
  }
  const missing = field !== undefined && issue.code !== 'custom' && valueAt(payload, issue.path) === undefined;
  const message = missing ? (issue.code === 'invalid_value' ? `is required; it ${issue.message}` : 'is required') : issue.message;
  return { field, reason: field ? `${field}: ${message}` : message };
}

/** The validator: schema, then time bounds. Rejections carry a reason naming the field and go to the dead-letter table. */
export function createValidatorStep(opts: ValidatorOptions): Step<CollectedItem, ValidatedItem> {
  return {
    name: 'validator',
    apply(item: CollectedItem): StepResult<ValidatedItem> {
      if (item.payload === null || typeof item.payload !== 'object' || Array.isArray(item.payload)) {
        return deadLetter('event: must be a JSON object');
      }
      if (item.mayContainNul && containsNul(item.payload)) return deadLetter('event: contains a NUL character (\\u0000), which cannot be stored');
      if (item.mayContainNul && containsUnpairedSurrogate(item.payload)) {
        return deadLetter('event: contains an unpaired UTF-16 surrogate (\\ud800-\\udfff), which cannot be stored as text');
      }
      const parsed = eventSchema.safeParse(item.payload);
      if (!parsed.success) {
        const { field, reason } = describeIssue(parsed.error.issues[0]!, item.payload);
        return deadLetter(reason, field);
      }
      const event = parsed.data;
      const occurredAt = new Date(event.occurredAt);
      const now = opts.now();
      if (occurredAt.getTime() > now + opts.maxFutureSeconds * 1000) {
        return deadLetter(`occurredAt: is more than ${opts.maxFutureSeconds} s in the future (${event.occurredAt}); check the sender's clock`, 'occurredAt');
      }
      if (occurredAt.getTime() < now - opts.maxAgeDays * 86_400_000) {
        return deadLetter(`occurredAt: is more than ${opts.maxAgeDays} days in the past (${event.occurredAt})`, 'occurredAt');
      }
      const id = event.id ?? contentEventId(event, occurredAt.toISOString());
      return ok({ index: item.index, workspaceId: item.workspaceId, source: item.source, receivedAt: item.receivedAt, payload: item.payload, mayContainNul: item.mayContainNul, event, id, occurredAt });
    },
  };
}
