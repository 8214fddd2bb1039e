import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { contactSchema, MAX_ID_LENGTH, MAX_TEXT_LENGTH } from '@mailpulse/contracts';
import type { WebhookVendor } from '../webhook-vendor';

/** Narrowing helpers for untrusted vendor JSON: each returns undefined for anything of another shape. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  return undefined;
}

/** A string, or a number written as its digits (ids and codes arrive as either). */
export function asIdString(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return asString(value)?.trim();
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asInteger(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Free text cut to what the event schema stores, never leaving half a surrogate pair behind. */
export function text(value: unknown, max = MAX_TEXT_LENGTH): string | undefined {
  const s = asString(value);
  if (s === undefined || s.length <= max) return s;
  const cut = s.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

export function ipAddress(value: unknown): string | undefined {
  const s = asString(value)?.trim();
  return s !== undefined && isIP(s) ? s : undefined;
}

/** The address in `Name <addr@host>` or a bare address, when the event schema accepts it as an email. */
export function emailAddress(value: unknown): string | undefined {
  const s = asString(value);
  if (s === undefined) return undefined;
  const address = (/<([^<>]+)>/.exec(s)?.[1] ?? s).trim();
  return contactSchema.safeParse({ email: address }).success ? address.toLowerCase() : undefined;
}

/**
 * An id in the vendor's namespace, `<vendor>:<part>:<part>…`, so ids of different vendors never meet. Ids
 * longer than the schema allows become a hash of themselves (still stable, so retries still match).
 */
export function vendorScopedId(vendor: WebhookVendor, ...parts: string[]): string {
  const id = [vendor, ...parts].join(':');
  if (id.length <= MAX_ID_LENGTH) return id;
  return `${vendor}:h:${createHash('sha256').update(id).digest('base64url').slice(0, 43)}`;
}

/** Drops undefined values so the stored properties hold only what the vendor said. */
export function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/** NUL cannot be stored in PostgreSQL text or jsonb; vendor strings get U+FFFD in its place. */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '\ufffd') as T;
  if (Array.isArray(value)) return value.map((v: unknown) => withoutNul(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), withoutNul(v)])) as T;
  }
  return value;
}
