import type { DashboardRange, DashboardWidget, DashboardWidgetKind, TimeBucket, TimeSeriesMetric, TimeSeriesPoint, VerdictVariant, WidgetFilters } from '@mailpulse/contracts';
import { RANGES as RANGE_OPTIONS, RangeOption, rangeWindow, splitTotals } from '../overview/overview-range';

/**
 * How a widget turns its settings into analytics requests and its answers into figures. Pure, so the widgets stay
 * thin and the rules are tested once.
 */

export function rangeOption(range: DashboardRange): RangeOption {
  return RANGE_OPTIONS.find((r) => r.id === range) ?? RANGE_OPTIONS[1];
}

export const RANGE_WORDS: Record<DashboardRange, string> = { '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days' };

/** The bucket a range is read in: minute for 1h, hour for 24h and 7d, day for 30d and 90d (the contract's choice). */
export function bucketOf(range: DashboardRange): TimeBucket {
  return rangeOption(range).bucket;
}

/**
 * The window asked of GET /v1/timeseries: the range ending with the bucket that is filling now, and (`from` of the
 * KPI window) the range before it, for the change. `split` is where the current range starts.
 */
export function widgetWindow(range: DashboardRange, now: number): { from: string; to: string; split: number; bucket: TimeBucket; currentFrom: string } {
  const option = rangeOption(range);
  const w = rangeWindow(option, now);
  return { ...w, bucket: option.bucket, currentFrom: new Date(w.split).toISOString() };
}

/** Rate metrics as the API defines them: the numerator over the denominator, both counted metrics. */
export const RATE_PARTS: Partial<Record<TimeSeriesMetric, [TimeSeriesMetric, TimeSeriesMetric]>> = {
  delivery_rate: ['delivered', 'sent'],
  bounce_rate: ['bounces', 'sent'],
  open_rate: ['opens', 'delivered'],
  click_rate: ['clicks', 'delivered'],
  click_to_open_rate: ['clicks', 'opens'],
  complaint_rate: ['complaints', 'delivered'],
  unsubscribe_rate: ['unsubscribes', 'delivered'],
};

export type MetricFormat = 'count' | 'rate' | 'money';

export function metricFormat(metric: TimeSeriesMetric): MetricFormat {
  if (RATE_PARTS[metric]) return 'rate';
  return metric === 'revenue' ? 'money' : 'count';
}

export const METRIC_LABELS: Record<TimeSeriesMetric, string> = {
  sent: 'Sent',
  delivered: 'Delivered',
  deferred: 'Deferred',
  bounces: 'Bounces',
  opens: 'Opens',
  clicks: 'Clicks',
  replies: 'Replies',
  complaints: 'Complaints',
  unsubscribes: 'Unsubscribes',
  conversions: 'Conversions',
  revenue: 'Revenue',
  delivery_rate: 'Delivery rate',
  bounce_rate: 'Bounce rate',
  open_rate: 'Open rate',
  click_rate: 'Click rate',
  click_to_open_rate: 'Click-to-open rate',
  complaint_rate: 'Complaint rate',
  unsubscribe_rate: 'Unsubscribe rate',
};

const LOWER_IS_BETTER = new Set<TimeSeriesMetric>(['deferred', 'bounces', 'complaints', 'unsubscribes', 'bounce_rate', 'complaint_rate', 'unsubscribe_rate']);

/** Bounces, complaints, unsubscribes and their rates: a rise is bad news and is coloured so. */
export function lowerIsBetter(metric: TimeSeriesMetric): boolean {
  return LOWER_IS_BETTER.has(metric);
}

/** The counted metrics a KPI reads: the metric itself, or a rate's numerator and denominator. */
export function kpiReads(metric: TimeSeriesMetric): TimeSeriesMetric[] {
  return RATE_PARTS[metric] ?? [metric];
}

/**
 * A KPI's figure over its range and the range before: a counted metric summed, a rate over the whole range (the
 * numerator's sum over the denominator's; null when there is nothing to divide by), not an average of bucket rates.
 */
export function kpiFigure(metric: TimeSeriesMetric, points: Partial<Record<TimeSeriesMetric, readonly TimeSeriesPoint[]>>, split: number): { current: number | null; previous: number | null } {
  const parts = RATE_PARTS[metric];
  if (!parts) {
    const t = splitTotals(points[metric] ?? [], split);
    return { current: t.current, previous: t.previous };
  }
  const n = splitTotals(points[parts[0]] ?? [], split);
  const d = splitTotals(points[parts[1]] ?? [], split);
  return { current: d.current > 0 ? n.current / d.current : null, previous: d.previous > 0 ? n.previous / d.previous : null };
}

const ENGAGEMENT = new Set<TimeSeriesMetric>(['opens', 'clicks', 'open_rate', 'click_rate', 'click_to_open_rate']);

/** Whether the verdict (human, machine, total) changes what a widget shows. */
export function takesVerdict(kind: DashboardWidgetKind, metric?: TimeSeriesMetric): boolean {
  switch (kind) {
    case 'kpi':
    case 'timeseries':
      return metric === undefined || ENGAGEMENT.has(metric);
    case 'funnel':
    case 'top-links':
    case 'top-domains':
      return true;
    case 'live-feed':
    case 'anomalies':
      return false;
  }
}

/** `total` opens or clicks over time are drawn as human and machine stacked: the split is the point of the total. */
export function verdictSplit(widget: Pick<DashboardWidget, 'kind' | 'metric' | 'verdict'>): VerdictVariant[] | null {
  return widget.kind === 'timeseries' && widget.verdict === 'total' && (widget.metric === 'opens' || widget.metric === 'clicks') ? ['human', 'machine'] : null;
}

/** Which filters each kind can narrow by (the analytics route behind it takes these). */
export function filtersFor(kind: DashboardWidgetKind): Array<keyof WidgetFilters> {
  switch (kind) {
    case 'kpi':
    case 'timeseries':
      return ['campaignId', 'variant', 'domain'];
    case 'funnel':
    case 'top-links':
    case 'live-feed':
      return ['campaignId'];
    case 'top-domains':
      return ['campaignId', 'domain'];
    case 'anomalies':
      return ['domain'];
  }
}

/** Query parameters of GET /v1/timeseries for a widget's metric (or one part of a rate). */
export function timeseriesParams(
  metric: TimeSeriesMetric,
  window: { from: string; to: string; bucket: TimeBucket },
  verdict: VerdictVariant,
  filters: WidgetFilters | undefined,
): Record<string, string> {
  const params: Record<string, string> = { metric, bucket: window.bucket, from: window.from, to: window.to, verdict };
  for (const key of ['campaignId', 'variant', 'domain'] as const) {
    const value = filters?.[key];
    if (value) params[key] = value;
  }
  return params;
}

/** The anomalies of a range, newest first (the API answers oldest first), optionally of one recipient domain. */
export function anomaliesWithin<T extends { bucketStart: string; recipientDomain: string }>(list: readonly T[], range: DashboardRange, now: number, domain?: string): T[] {
  const since = now - rangeOption(range).ms;
  const wanted = domain?.toLowerCase();
  return list
    .filter((a) => Date.parse(a.bucketStart) >= since && (!wanted || a.recipientDomain.toLowerCase() === wanted))
    .sort((a, b) => Date.parse(b.bucketStart) - Date.parse(a.bucketStart));
}
