import { bounceRate, complaintRate, deliveryRate, type MessageCounts, unsubscribeRate, totalBounces } from '@mailpulse/metrics';
import type { Observation, Severity } from './alert-rule';
import type { Comparator, ThresholdDefinition, ThresholdMetric } from './dto/alert-rule.dto';

/** The counts a threshold rule is measured from (the rates come from @mailpulse/metrics). */
export type WindowCounts = Pick<MessageCounts, 'sent' | 'delivered' | 'bounces' | 'complaints' | 'unsubscribes'>;

const RATE_METRICS = new Set<ThresholdMetric>(['complaint_rate', 'hard_bounce_rate', 'bounce_rate', 'unsubscribe_rate', 'delivery_rate']);

export const METRIC_LABELS: Readonly<Record<ThresholdMetric, string>> = {
  complaint_rate: 'Complaint rate',
  hard_bounce_rate: 'Hard bounce rate',
  bounce_rate: 'Bounce rate',
  unsubscribe_rate: 'Unsubscribe rate',
  delivery_rate: 'Delivery rate',
  sent: 'Messages sent',
  delivered: 'Messages delivered',
  bounced: 'Messages bounced',
  complained: 'Complaints',
};

const COMPARATOR_WORDS: Readonly<Record<Comparator, string>> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };

export function measure(metric: ThresholdMetric, c: WindowCounts): number | null {
  switch (metric) {
    case 'complaint_rate':
      return complaintRate(c);
    case 'hard_bounce_rate':
      return bounceRate(c, 'hard');
    case 'bounce_rate':
      return bounceRate(c);
    case 'unsubscribe_rate':
      return unsubscribeRate(c);
    case 'delivery_rate':
      return deliveryRate(c);
    case 'sent':
      return c.sent;
    case 'delivered':
      return c.delivered;
    case 'bounced':
      return totalBounces(c.bounces);
    case 'complained':
      return c.complaints;
  }
}

export function compare(value: number, comparator: Comparator, limit: number): boolean {
  switch (comparator) {
    case 'gt':
      return value > limit;
    case 'gte':
      return value >= limit;
    case 'lt':
      return value < limit;
    case 'lte':
      return value <= limit;
  }
}

/** `0.0031` → `0.31 %` for rates; counts as integers. */
export function formatMetric(metric: ThresholdMetric, value: number | null): string {
  if (value === null) return 'n/a';
  if (!RATE_METRICS.has(metric)) return String(Math.round(value));
  return `${parseFloat((value * 100).toPrecision(3))} %`;
}

/** Judges one window of counts against a threshold rule. */
export function observeThreshold(d: ThresholdDefinition, counts: WindowCounts, windowStart: Date, windowEnd: Date): Observation {
  const value = measure(d.metric, counts);
  const enoughVolume = counts.sent >= d.minimumVolume;
  const critical = d.criticalValue !== undefined && value !== null && compare(value, d.comparator, d.criticalValue);
  const breached = enoughVolume && value !== null && compare(value, d.comparator, d.value);
  const severity: Severity = breached && critical ? 'critical' : 'warning';
  const threshold = severity === 'critical' ? d.criticalValue! : d.value;
  const label = METRIC_LABELS[d.metric];
  const minutes = Math.round((windowEnd.getTime() - windowStart.getTime()) / 60_000);
  const scope = [d.filter.campaignId && `campaign ${d.filter.campaignId}`, d.filter.recipientDomain && `domain ${d.filter.recipientDomain}`, d.filter.variant && `variant ${d.filter.variant}`]
    .filter(Boolean)
    .join(', ');
  const summary =
    `${label} ${formatMetric(d.metric, value)} ${breached ? COMPARATOR_WORDS[d.comparator] : 'against'} ${formatMetric(d.metric, threshold)}` +
    ` over the last ${minutes} min (${counts.sent} sent, ${counts.delivered} delivered, ${counts.bounces.hard} hard bounces, ${counts.complaints} complaints)` +
    (scope ? ` for ${scope}` : '') +
    (enoughVolume ? '' : `; below the minimum of ${d.minimumVolume} sent`);
  return {
    subject: '',
    breached,
    severity,
    value,
    threshold,
    volume: counts.sent,
    windowStart: windowStart.toISOString(),
    windowEnd: windowEnd.toISOString(),
    summary,
  };
}
