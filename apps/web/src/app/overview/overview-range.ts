import type { TimeBucket, TimeSeriesMetric, TimeSeriesPoint } from '@mailpulse/contracts';

export interface RangeOption {
  id: '1h' | '24h' | '7d' | '30d' | '90d';
  label: string;
  /** Full name for screen readers. */
  title: string;
  ms: number;
  bucket: TimeBucket;
}

const HOUR = 3_600_000;
export const RANGES: readonly RangeOption[] = [
  { id: '1h', label: '1 h', title: 'Last hour', ms: HOUR, bucket: 'minute' },
  { id: '24h', label: '24 h', title: 'Last 24 hours', ms: 24 * HOUR, bucket: 'hour' },
  { id: '7d', label: '7 d', title: 'Last 7 days', ms: 7 * 24 * HOUR, bucket: 'hour' },
  { id: '30d', label: '30 d', title: 'Last 30 days', ms: 30 * 24 * HOUR, bucket: 'day' },
  { id: '90d', label: '90 d', title: 'Last 90 days', ms: 90 * 24 * HOUR, bucket: 'day' },
];

const BUCKET_MS: Record<TimeBucket, number> = { minute: 60_000, hour: HOUR, day: 24 * HOUR };

/**
 * The window asked of the API for a range: the range itself and the one before it (for the change), with `to`
 * at the end of the current bucket so the bucket that is filling right now is included.
 */
export function rangeWindow(range: RangeOption, now: number): { from: string; to: string; split: number } {
  const size = BUCKET_MS[range.bucket];
  const to = Math.floor(now / size) * size + size;
  const split = to - range.ms;
  return { from: new Date(split - range.ms).toISOString(), to: new Date(to).toISOString(), split };
}

/** Sums a counted series into the current range and the previous one. */
export function splitTotals(points: readonly TimeSeriesPoint[], split: number): { current: number; previous: number } {
  let current = 0;
  let previous = 0;
  for (const p of points) {
    const v = p.value ?? 0;
    if (Date.parse(p.t) >= split) current += v;
    else previous += v;
  }
  return { current, previous };
}

/** Only the points of the current range, for the chart. */
export function currentPoints(points: readonly TimeSeriesPoint[], split: number): Array<[number, number | null]> {
  return points.filter((p) => Date.parse(p.t) >= split).map((p) => [Date.parse(p.t), p.value]);
}

export interface KpiDefinition {
  metric: TimeSeriesMetric;
  label: string;
  /** The rate shown under the count: numerator is this metric, denominator the named one. */
  rate?: { label: string; over: TimeSeriesMetric };
  money?: boolean;
}

/** The overview's KPI cards; rate definitions follow libs/metrics (bounces over sent, the rest over delivered). */
export const KPIS: readonly KpiDefinition[] = [
  { metric: 'sent', label: 'Sent' },
  { metric: 'delivered', label: 'Delivered', rate: { label: 'delivery rate', over: 'sent' } },
  { metric: 'opens', label: 'Opens', rate: { label: 'opens per delivered', over: 'delivered' } },
  { metric: 'clicks', label: 'Clicks', rate: { label: 'clicks per delivered', over: 'delivered' } },
  { metric: 'bounces', label: 'Bounces', rate: { label: 'bounce rate', over: 'sent' } },
  { metric: 'complaints', label: 'Complaints', rate: { label: 'complaint rate', over: 'delivered' } },
  { metric: 'unsubscribes', label: 'Unsubscribes', rate: { label: 'unsubscribe rate', over: 'delivered' } },
  { metric: 'revenue', label: 'Revenue', money: true },
];

export function safeRatio(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}
