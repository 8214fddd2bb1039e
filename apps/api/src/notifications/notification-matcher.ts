import { type EventType, isEngagementEvent, type Verdict } from '@mailpulse/contracts';
import type { EnrichedEvent } from '../ingestion/pipeline/pipeline.types';
import type { ConditionScalar, FilterCondition } from './notification-filter';
import type { FirstOccurrenceScope, NotificationRule } from './notification-rule';

/** The part of a stored event a rule looks at. */
export type MatchableEvent = Pick<
  EnrichedEvent,
  | 'id'
  | 'type'
  | 'occurredAt'
  | 'campaignId'
  | 'messageId'
  | 'contactEmail'
  | 'contactExternalId'
  | 'recipientDomain'
  | 'variant'
  | 'verdict'
  | 'client'
  | 'os'
  | 'device'
  | 'bounceClass'
  | 'amount'
  | 'properties'
>;

/** A field a condition looked at, with the value the event had (null: absent). */
export interface MatchedField {
  path: string;
  op: FilterCondition['op'];
  value: unknown;
}

interface CompiledCondition {
  condition: FilterCondition;
  segments: readonly string[];
}

/** A rule prepared for the hot path: sets instead of lists, paths split once. */
export interface CompiledRule {
  rule: NotificationRule;
  types: ReadonlySet<EventType>;
  verdicts: ReadonlySet<Verdict>;
  conditions: readonly CompiledCondition[];
}

export function compileRule(rule: NotificationRule): CompiledRule {
  return {
    rule,
    types: new Set(rule.filter.types),
    verdicts: new Set(rule.filter.verdicts),
    conditions: rule.filter.conditions.map((condition) => ({ condition, segments: condition.path.split('.') })),
  };
}

function present(v: unknown): unknown {
  return v === null ? undefined : v;
}

/** The event's value at a path (`contact.email`, `properties.plan.tier` …); undefined when absent. */
export function valueAt(e: MatchableEvent, segments: readonly string[]): unknown {
  const [head, ...rest] = segments;
  switch (head) {
    case 'id':
      return e.id;
    case 'type':
      return e.type;
    case 'campaignId':
      return present(e.campaignId);
    case 'messageId':
      return present(e.messageId);
    case 'contact':
      return present(rest[0] === 'email' ? e.contactEmail : rest[0] === 'externalId' ? e.contactExternalId : undefined);
    case 'recipientDomain':
      return present(e.recipientDomain);
    case 'variant':
      return present(e.variant);
    case 'verdict':
      return e.verdict;
    case 'client':
      return present(e.client);
    case 'os':
      return present(e.os);
    case 'device':
      return present(e.device);
    case 'bounceClass':
      return present(e.bounceClass);
    case 'amount':
      return present(e.amount);
    case 'properties': {
      let v: unknown = e.properties;
      for (const key of rest) {
        if (Array.isArray(v) && /^\d+$/.test(key)) v = v[Number(key)];
        else if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, key)) v = (v as Record<string, unknown>)[key];
        else return undefined;
      }
      return present(v);
    }
    default:
      return undefined;
  }
}

/** Same type: strict equality; a number against a text: compared as text ("500" equals 500). */
function scalarEquals(actual: unknown, expected: ConditionScalar): boolean {
  if (typeof actual === typeof expected) return actual === expected;
  if ((typeof actual === 'number' || typeof actual === 'string') && (typeof expected === 'number' || typeof expected === 'string')) {
    return String(actual) === String(expected);
  }
  return false;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Whether one condition holds for a value (undefined: the field is absent). */
export function conditionHolds(c: FilterCondition, actual: unknown): boolean {
  switch (c.op) {
    case 'eq':
      return actual !== undefined && scalarEquals(actual, c.value);
    case 'neq':
      return !(actual !== undefined && scalarEquals(actual, c.value));
    case 'in':
      return actual !== undefined && c.value.some((v) => scalarEquals(actual, v));
    case 'contains':
      if (typeof actual === 'string') return actual.toLowerCase().includes(c.value.toLowerCase());
      if (Array.isArray(actual)) return actual.some((el) => scalarEquals(el, c.value));
      return false;
    case 'exists':
      return (actual !== undefined) === c.value;
    case 'gt': {
      const n = asNumber(actual);
      return n !== undefined && n > c.value;
    }
    case 'lt': {
      const n = asNumber(actual);
      return n !== undefined && n < c.value;
    }
  }
}

function shown(v: unknown): unknown {
  if (typeof v === 'string') return v.length > 200 ? `${v.slice(0, 200)}…` : v;
  if (v !== null && typeof v === 'object') {
    const json = JSON.stringify(v);
    return json.length > 200 ? `${json.slice(0, 200)}…` : v;
  }
  return v ?? null;
}

/**
 * Whether the event fires the rule (first-occurrence aside, which needs the database): its type is one of the
 * rule's, an open or click has one of the rule's verdicts, and every condition holds. Returns the fields the
 * conditions looked at, for the message; null when it does not match.
 */
export function matchEvent(compiled: CompiledRule, e: MatchableEvent): MatchedField[] | null {
  if (!compiled.types.has(e.type)) return null;
  if (isEngagementEvent(e.type) && !compiled.verdicts.has(e.verdict)) return null;
  const matched: MatchedField[] = [];
  for (const { condition, segments } of compiled.conditions) {
    const actual = valueAt(e, segments);
    if (!conditionHolds(condition, actual)) return null;
    matched.push({ path: condition.path, op: condition.op, value: shown(actual) });
  }
  return matched;
}

/** What "first" is counted per: the contact (email, else external id) or the campaign; null when the event has none. */
export function firstOccurrenceKey(scope: FirstOccurrenceScope, e: MatchableEvent): string | null {
  switch (scope) {
    case 'contact':
      return contactFirstOccurrenceKeys({ email: e.contactEmail ?? null, externalId: e.contactExternalId ?? null })[0] ?? null;
    case 'campaign':
      return e.campaignId ? `campaign:${e.campaignId}` : null;
  }
}

/** The first-occurrence keys a contact may have been kept under: by address, else by external id. */
export function contactFirstOccurrenceKeys(contact: { email: string | null; externalId: string | null }): string[] {
  return [contact.email ? `email:${contact.email}` : null, contact.externalId ? `external:${contact.externalId}` : null].filter((k): k is string => k !== null);
}
