const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH = /^(\d{1,16})(?:\.(\d+))?$/;
/** 13+ integer digits is past the year 5000 in seconds: such values are epoch milliseconds (SendGrid Single Sends). */
const MILLISECOND_DIGITS = 13;

/**
 * A vendor's timestamp as ISO 8601 UTC to the millisecond, or null when it is not one. Accepts ISO 8601 with
 * any number of fractional digits (.NET writes seven: `2014-08-01T13:28:10.2735393-04:00`) and an offset
 * (`Z`, `±hh:mm`, `±hhmm`, `±hh`; none means UTC, as the vendors document UTC), and epoch seconds with a
 * fraction as a number or string (Mailgun: `1521233195.375624`), or epoch milliseconds when the integer part
 * has 13 digits or more. Fractions are cut, not rounded, to the millisecond, and read as digits, so no float
 * error creeps in.
 */
export function parseVendorTimestamp(value: unknown): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    return parseEpoch(String(value));
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return EPOCH.test(text) ? parseEpoch(text) : parseIso(text);
}

function parseEpoch(text: string): string | null {
  const m = EPOCH.exec(text);
  if (!m) return null;
  const ms = m[1]!.length >= MILLISECOND_DIGITS ? Number(m[1]) : Number(m[1]) * 1000 + Number(((m[2] ?? '') + '000').slice(0, 3));
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function parseIso(text: string): string | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(local).getUTCDate() !== day) return null;
  return new Date(local - offsetMinutes(m[8]) * 60_000).toISOString();
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
  return zone[0] === '-' ? -minutes : minutes;
}
