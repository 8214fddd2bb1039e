import type { EventType } from '@mailpulse/contracts';
import type { AlertChannelView, ConditionOp, CreateRuleBody, FilterCondition, NotificationDelivery, NotificationRule, Scalar, Verdict } from './notification-rule.types';

export const CONDITION_OPS: ReadonlyArray<{ op: ConditionOp; label: string }> = [
  { op: 'eq', label: 'is' },
  { op: 'neq', label: 'is not' },
  { op: 'in', label: 'is one of' },
  { op: 'contains', label: 'contains' },
  { op: 'exists', label: 'is present' },
  { op: 'gt', label: 'is above' },
  { op: 'lt', label: 'is below' },
];

/** What the create form holds, as typed. */
export interface ConditionDraft {
  path: string;
  op: ConditionOp;
  value: string;
}

export interface RuleDraft {
  name: string;
  types: EventType[];
  conditions: ConditionDraft[];
  humanOnly: boolean;
  firstOccurrence: '' | 'contact' | 'campaign';
  channelIds: string[];
  rateCount: number | string;
  rateWindowMinutes: number | string;
}

export function emptyDraft(): RuleDraft {
  return { name: '', types: [], conditions: [], humanOnly: false, firstOccurrence: '', channelIds: [], rateCount: 10, rateWindowMinutes: 10 };
}

export type DraftResult = { ok: true; body: CreateRuleBody } | { ok: false; field: string; message: string };

/** A typed value: true/false, a number when it reads back the same ("500", not "007" or "0x10"), else the text. */
export function parseScalar(text: string): Scalar {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t !== '' && String(Number(t)) === t) return Number(t);
  return t;
}

function conditionOf(d: ConditionDraft, i: number): FilterCondition | { field: string; message: string } {
  const path = d.path.trim();
  const field = `filter.conditions.${i}`;
  if (!path) return { field: `${field}.path`, message: `Condition ${i + 1}: name a field, such as properties.plan or contact.email.` };
  const raw = d.value.trim();
  switch (d.op) {
    case 'exists':
      return { path, op: 'exists', value: true };
    case 'gt':
    case 'lt': {
      const n = Number(raw);
      if (raw === '' || !Number.isFinite(n)) return { field: `${field}.value`, message: `Condition ${i + 1}: "${d.op === 'gt' ? 'is above' : 'is below'}" needs a number.` };
      return { path, op: d.op, value: n };
    }
    case 'in': {
      const values = raw.split(',').map((v) => v.trim()).filter(Boolean);
      if (values.length === 0) return { field: `${field}.value`, message: `Condition ${i + 1}: list at least one value, separated by commas.` };
      return { path, op: 'in', value: values.map(parseScalar) };
    }
    case 'contains':
      if (!raw) return { field: `${field}.value`, message: `Condition ${i + 1}: say what it should contain.` };
      return { path, op: 'contains', value: raw };
    case 'eq':
    case 'neq':
      if (!raw) return { field: `${field}.value`, message: `Condition ${i + 1}: give a value.` };
      return { path, op: d.op, value: parseScalar(raw) };
  }
}

function wholeNumber(v: number | string, min: number, max: number): number | null {
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** The request body for a draft, or the first thing wrong with it (named like the API names fields). */
export function buildRuleBody(d: RuleDraft): DraftResult {
  const name = d.name.trim();
  if (!name) return { ok: false, field: 'name', message: 'Give the rule a name.' };
  if (d.types.length === 0) return { ok: false, field: 'filter.types', message: 'Pick at least one event type.' };
  const conditions: FilterCondition[] = [];
  for (const [i, c] of d.conditions.entries()) {
    const parsed = conditionOf(c, i);
    if ('field' in parsed) return { ok: false, ...parsed };
    conditions.push(parsed);
  }
  if (d.channelIds.length === 0) return { ok: false, field: 'channelIds', message: 'Pick at least one alert channel to send to.' };
  const count = wholeNumber(d.rateCount, 1, 1000);
  if (count === null) return { ok: false, field: 'rateLimit.count', message: 'Messages per window: a whole number from 1 to 1000.' };
  const windowMinutes = wholeNumber(d.rateWindowMinutes, 1, 1440);
  if (windowMinutes === null) return { ok: false, field: 'rateLimit.windowMinutes', message: 'Window: a whole number of minutes from 1 to 1440.' };
  const verdicts: Verdict[] = d.humanOnly ? ['human'] : ['human', 'unknown'];
  return {
    ok: true,
    body: { name, filter: { types: [...d.types], conditions, verdicts }, firstOccurrence: d.firstOccurrence || null, channelIds: [...d.channelIds], rateLimit: { count, windowMinutes } },
  };
}

function valueText(v: unknown): string {
  return Array.isArray(v) ? v.map((x) => valueText(x)).join(', ') : typeof v === 'string' ? `"${v}"` : String(v);
}

/** A rule's filter in words: "email.clicked where properties.plan is "pro", people only, first per contact". */
export function describeFilter(rule: Pick<NotificationRule, 'filter' | 'firstOccurrence'>): string {
  const words = new Map(CONDITION_OPS.map((o) => [o.op, o.label]));
  const parts = [rule.filter.types.join(' or ')];
  const conditions = rule.filter.conditions.map((c) =>
    c.op === 'exists' ? `${c.path} ${c.value ? 'is present' : 'is absent'}` : `${c.path} ${words.get(c.op)} ${valueText(c.value)}`,
  );
  if (conditions.length) parts.push(`where ${conditions.join(' and ')}`);
  const engagement = rule.filter.types.some((t) => t === 'email.opened' || t === 'email.clicked');
  if (engagement) {
    const v = rule.filter.verdicts;
    parts.push(v.length === 1 && v[0] === 'human' ? 'people only' : v.includes('machine') ? 'machines included' : 'machine opens and clicks left out');
  }
  if (rule.firstOccurrence) parts.push(`first per ${rule.firstOccurrence}`);
  return parts.join(', ');
}

export function describeRateLimit(r: NotificationRule['rateLimit']): string {
  return `at most ${r.count} per ${r.windowMinutes === 1 ? 'minute' : r.windowMinutes % 60 === 0 ? `${r.windowMinutes / 60} h` : `${r.windowMinutes} min`}`;
}

/** The rule's channels by name; a channel deleted since is said so. */
export function channelNames(rule: Pick<NotificationRule, 'channelIds'>, channels: readonly AlertChannelView[]): string {
  return rule.channelIds.map((id) => channels.find((c) => c.id === id)?.name ?? 'a deleted channel').join(', ');
}

/** One delivery in words: what it was about and how it went. */
export function describeDelivery(d: NotificationDelivery): { what: string; outcome: string } {
  const p = d.payload;
  let what: string;
  if (d.kind === 'summary') {
    what = `${String(p['count'])} more matched (rate limit)`;
  } else {
    const e = (p['event'] ?? {}) as Record<string, unknown>;
    const contact = (e['contact'] ?? null) as { email?: string | null; externalId?: string | null } | null;
    const who = contact?.email ?? contact?.externalId ?? null;
    what = (d.kind === 'test' ? 'Test: ' : '') + [String(e['type'] ?? 'event'), e['campaignId'] ? `campaign ${String(e['campaignId'])}` : null, who].filter(Boolean).join(' · ');
  }
  const tries = `${d.attempts} ${d.attempts === 1 ? 'attempt' : 'attempts'}`;
  const outcome =
    d.status === 'delivered' ? `delivered (${tries})` : d.status === 'failed' ? `failed after ${tries}: ${d.lastError ?? ''}`.trim() : d.attempts === 0 ? 'waiting to be sent' : `retrying (${tries}; ${d.lastError ?? ''})`;
  return { what, outcome };
}
