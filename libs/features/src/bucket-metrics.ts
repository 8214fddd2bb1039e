/** Event counts of one workspace in one closed time bucket, optionally for one recipient domain. */
export interface BucketCounts {
  /** Events from always-on sources (VPS agent heartbeats, `infra.vps`): their drop means events are being lost. */
  heartbeats: number;
  sent: number;
  delivered: number;
  deferred: number;
  bounced: number;
  complained: number;
  humanOpens: number;
  smtpChecks: number;
  smtpFailures: number;
  /** DNS checks that found an SPF, DKIM or DMARC record broken. */
  dnsBroken: number;
}

export function emptyBucket(): BucketCounts {
  return { heartbeats: 0, sent: 0, delivered: 0, deferred: 0, bounced: 0, complained: 0, humanOpens: 0, smtpChecks: 0, smtpFailures: 0, dnsBroken: 0 };
}

/** The fields of an event the bucket counter reads. */
export interface CountedEvent {
  type: string;
  properties?: Record<string, unknown>;
}

/** Adds one event to a bucket (in place); `human` is its verdict. */
export function countEvent(b: BucketCounts, e: CountedEvent, human: boolean): void {
  switch (e.type) {
    case 'infra.vps':
      b.heartbeats++;
      break;
    case 'email.sent':
      b.sent++;
      break;
    case 'email.delivered':
      b.delivered++;
      break;
    case 'email.deferred':
      b.deferred++;
      break;
    case 'email.bounced':
      b.bounced++;
      break;
    case 'email.complained':
      b.complained++;
      break;
    case 'email.opened':
      if (human) b.humanOpens++;
      break;
    case 'infra.smtp':
      b.smtpChecks++;
      if (e.properties?.['ok'] === false) b.smtpFailures++;
      break;
    case 'infra.dns':
      if (e.properties?.['status'] === 'broken') b.dnsBroken++;
      break;
    default:
      break;
  }
}

/** How a metric is read from a bucket: a count, or a rate numerator / denominator. */
export interface MetricDefinition {
  name: string;
  /** `up`: only a rise is an anomaly (bounces); `down`: only a fall (volume). */
  direction: 'up' | 'down';
  /** Also tracked per recipient domain (where the domain has volume). */
  perDomain: boolean;
  numerator(b: BucketCounts): number;
  /** Null for a count metric. Otherwise the trials the rate is over; `trailing` sums the last 24 buckets. */
  denominator: ((b: BucketCounts, trailing: BucketCounts) => number) | null;
  /** Least denominator (rate) or expected count before a bucket is scored at all. */
  minVolume: number;
}

export const ANOMALY_METRICS: readonly MetricDefinition[] = [
  { name: 'event_volume', direction: 'down', perDomain: false, numerator: (b) => b.heartbeats, denominator: null, minVolume: 5 },
  { name: 'bounce_rate', direction: 'up', perDomain: true, numerator: (b) => b.bounced, denominator: (b) => b.sent, minVolume: 100 },
  { name: 'complaint_rate', direction: 'up', perDomain: false, numerator: (b) => b.complained, denominator: (_b, t) => t.delivered, minVolume: 1000 },
  { name: 'open_rate', direction: 'down', perDomain: true, numerator: (b) => b.humanOpens, denominator: (_b, t) => t.delivered, minVolume: 1000 },
  { name: 'deferral_rate', direction: 'up', perDomain: false, numerator: (b) => b.deferred, denominator: (b) => b.sent + b.deferred, minVolume: 100 },
  { name: 'smtp_error_rate', direction: 'up', perDomain: false, numerator: (b) => b.smtpFailures, denominator: (b) => b.smtpChecks, minVolume: 5 },
  { name: 'dns_failures', direction: 'up', perDomain: false, numerator: (b) => b.dnsBroken, denominator: null, minVolume: 0 },
];
