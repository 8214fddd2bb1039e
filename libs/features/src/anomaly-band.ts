import { ANOMALY_METRICS, type BucketCounts, emptyBucket, type MetricDefinition } from './bucket-metrics';

/** Tunables of the band forecaster; `ml-models` calibrates `z` per metric on normal traffic. */
export interface BandParams {
  /** Half-life of the level forecast, in buckets. */
  halfLifeBuckets: number;
  /** Buckets a stream must have seen before it is scored. */
  warmupBuckets: number;
  /** Standard scores beyond which a bucket is anomalous, per metric name. */
  z: Record<string, number>;
  /** Extra relative spread beyond sampling noise, per metric name (real rates wander more than a binomial). */
  overdispersion: Record<string, number>;
  /** Least relative change from the forecast that counts (0.5: half again as much, or half as much). */
  minChange: number;
}

export const DEFAULT_BAND_PARAMS: BandParams = {
  halfLifeBuckets: 72,
  warmupBuckets: 24,
  z: { event_volume: 4, bounce_rate: 5, complaint_rate: 5, open_rate: 6, deferral_rate: 5, smtp_error_rate: 5, dns_failures: 3 },
  overdispersion: { event_volume: 0.1, bounce_rate: 0.3, complaint_rate: 0.5, open_rate: 0.35, deferral_rate: 0.5, smtp_error_rate: 0.5, dns_failures: 0 },
  minChange: 0.5,
};

/** One scored stream in one bucket: the expected band, what was observed, and whether it is an anomaly. */
export interface BandScore {
  metric: string;
  /** '' for the workspace-wide stream. */
  domain: string;
  bucketStart: Date;
  observed: number;
  expected: number;
  lower: number;
  upper: number;
  /** Standard score in the metric's anomalous direction (positive = towards an anomaly). */
  score: number;
  anomalous: boolean;
  severity: 'warning' | 'critical';
}

interface StreamState {
  num: number;
  den: number;
  seen: number;
  trailing: BucketCounts[];
}

const TRAILING = 24;

/**
 * Forecasts each metric stream (workspace-wide and per recipient domain) as an exponentially weighted level of
 * its numerator and denominator, puts a band around it from sampling noise plus overdispersion, and scores each
 * closed bucket against it. Anomalous buckets do not move the level, so a lasting incident keeps being flagged.
 * Feed buckets in time order; the state is small enough to rebuild by replaying the last days.
 */
export class BandForecaster {
  private readonly streams = new Map<string, StreamState>();
  private readonly decay: number;

  constructor(
    private readonly params: BandParams = DEFAULT_BAND_PARAMS,
    private readonly metrics: readonly MetricDefinition[] = ANOMALY_METRICS,
  ) {
    this.decay = Math.pow(0.5, 1 / params.halfLifeBuckets);
  }

  /** Scores one closed bucket (workspace totals and per-domain counts) and learns from it; returns every scored stream. */
  observe(bucketStart: Date, total: BucketCounts, byDomain: ReadonlyMap<string, BucketCounts> = new Map()): BandScore[] {
    const out: BandScore[] = [];
    for (const metric of this.metrics) {
      this.observeStream(metric, '', bucketStart, total, out);
      if (metric.perDomain) for (const [domain, counts] of byDomain) if (domain) this.observeStream(metric, domain, bucketStart, counts, out);
    }
    return out;
  }

  private observeStream(metric: MetricDefinition, domain: string, bucketStart: Date, b: BucketCounts, out: BandScore[]): void {
    const key = `${metric.name}\u0000${domain}`;
    let s = this.streams.get(key);
    if (!s) {
      s = { num: 0, den: 0, seen: 0, trailing: [] };
      this.streams.set(key, s);
    }
    s.trailing.push(b);
    if (s.trailing.length > TRAILING) s.trailing.shift();
    const trailing = sumBuckets(s.trailing);
    const num = metric.numerator(b);
    const den = metric.denominator ? metric.denominator(b, trailing) : 1;
    const score = s.seen >= this.params.warmupBuckets ? this.score(metric, domain, bucketStart, s, num, den) : null;
    if (score) out.push(score);
    if (!score?.anomalous) {
      if (metric.denominator === null || den > 0) {
        s.num = s.num * this.decay + num;
        s.den = s.den * this.decay + den;
        s.seen++;
      }
    }
  }

  private score(metric: MetricDefinition, domain: string, bucketStart: Date, s: StreamState, num: number, den: number): BandScore | null {
    const phi = this.params.overdispersion[metric.name] ?? 0.3;
    const z = this.params.z[metric.name] ?? 5;
    let expected: number;
    let observed: number;
    let sd: number;
    if (metric.denominator === null) {
      expected = s.den > 0 ? s.num / s.den : 0;
      if (expected < metric.minVolume && metric.direction === 'down') return null;
      observed = num;
      const lambda = Math.max(expected, 0.01);
      sd = Math.sqrt(lambda + (phi * lambda) ** 2);
    } else {
      if (den < metric.minVolume || s.den <= 0) return null;
      expected = s.num / s.den;
      observed = num / den;
      const p = Math.min(Math.max(expected, 0.5 / den), 1 - 0.5 / den);
      sd = Math.sqrt((p * (1 - p)) / den + (phi * p) ** 2);
    }
    const signed = metric.direction === 'up' ? (observed - expected) / sd : (expected - observed) / sd;
    const change = metric.direction === 'up' ? observed - expected * (1 + this.params.minChange) : expected * (1 - this.params.minChange) - observed;
    const anomalous = signed >= z && change > 0;
    return {
      metric: metric.name,
      domain,
      bucketStart,
      observed: round(observed),
      expected: round(expected),
      lower: round(Math.max(0, expected - z * sd)),
      upper: round(expected + z * sd),
      score: Math.round(signed * 100) / 100,
      anomalous,
      severity: signed >= 2 * z ? 'critical' : 'warning',
    };
  }
}

export function sumBuckets(buckets: readonly BucketCounts[]): BucketCounts {
  const s = emptyBucket();
  for (const b of buckets) for (const k of Object.keys(s) as (keyof BucketCounts)[]) s[k] += b[k];
  return s;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
