/** Numbers and dates in the reader's locale (the browser's language), one formatter per kind. */
export function userLocale(): string {
  return (typeof navigator !== 'undefined' && navigator.language) || 'en-US';
}

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale}|${key}`;
  let f = cache.get(id);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(id, f);
  }
  return f;
}

export function formatCount(value: number | null | undefined, locale = userLocale()): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return numberFormat(locale, 'count', { maximumFractionDigits: 0 }).format(value);
}

/** 12 345 678 → "12M"; small numbers stay exact. */
export function formatCompact(value: number | null | undefined, locale = userLocale()): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Math.abs(value) < 10_000) return formatCount(value, locale);
  return numberFormat(locale, 'compact', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A rate between 0 and 1 as a percentage; small rates keep two decimals so 0.08 % is not shown as 0 %. */
export function formatRate(rate: number | null | undefined, locale = userLocale()): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  const digits = rate === 0 ? 0 : Math.abs(rate) < 0.01 ? 2 : 1;
  return numberFormat(locale, `pct${digits}`, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(rate);
}

export function formatMoney(value: number | null | undefined, currency = 'USD', locale = userLocale()): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return numberFormat(locale, `money-${currency}`, { style: 'currency', currency, maximumFractionDigits: 2 }).format(value);
}

export type ChangeDirection = 'up' | 'down' | 'flat' | 'new';

export interface Change {
  direction: ChangeDirection;
  /** "+12.5 %", "−3 %", "new", "no change". */
  text: string;
}

/** The change of a value against the previous period, in words a KPI card can show. */
export function describeChange(current: number, previous: number | null | undefined, locale = userLocale()): Change {
  if (previous === null || previous === undefined || !Number.isFinite(previous)) return { direction: 'flat', text: 'no earlier data' };
  if (previous === 0) return current === 0 ? { direction: 'flat', text: 'no change' } : { direction: 'new', text: 'new this period' };
  const ratio = (current - previous) / Math.abs(previous);
  if (Math.abs(ratio) < 0.0005) return { direction: 'flat', text: 'no change' };
  const pct = numberFormat(locale, 'delta', { style: 'percent', maximumFractionDigits: 1, signDisplay: 'always' }).format(ratio);
  return { direction: ratio > 0 ? 'up' : 'down', text: pct };
}

/** The change of a rate in percentage points: 2.1 % → 2.6 % is "+0.5 pts". */
export function describeRateChange(current: number, previous: number | null | undefined, locale = userLocale()): Change {
  if (previous === null || previous === undefined || !Number.isFinite(previous)) return { direction: 'flat', text: 'no earlier data' };
  const pts = (current - previous) * 100;
  if (Math.abs(pts) < 0.005) return { direction: 'flat', text: 'no change' };
  const f = numberFormat(locale, 'pts', { maximumFractionDigits: 2, signDisplay: 'always' });
  return { direction: pts > 0 ? 'up' : 'down', text: `${f.format(pts)} pts` };
}

export function formatDateTime(iso: string | Date | null | undefined, locale = userLocale()): string {
  if (!iso) return '—';
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatTime(iso: string | Date | number, locale = userLocale()): string {
  const d = iso instanceof Date ? iso : new Date(iso);
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(d);
}

/** "3 min ago", "in 2 h": for probe checks and feed items. */
export function formatRelative(iso: string | Date | null | undefined, now = Date.now(), locale = userLocale()): string {
  if (!iso) return '—';
  const t = (typeof iso === 'string' ? new Date(iso) : iso).getTime();
  if (Number.isNaN(t)) return '—';
  const seconds = Math.round((t - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}
