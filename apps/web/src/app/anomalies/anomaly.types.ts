/** `GET /v1/anomalies` items (apps/api/src/predictions/anomaly.record.ts). */
export interface AnomalyRecord {
  id: number;
  metric: string;
  recipientDomain: string;
  bucketStart: string;
  bucketSeconds: number;
  observed: number;
  expected: number;
  lower: number;
  upper: number;
  severity: 'warning' | 'critical';
  score: number;
  modelVersion: string;
  detectedAt: string;
}

const METRIC_WORDS: Record<string, { label: string; rate: boolean }> = {
  event_volume: { label: 'Event volume', rate: false },
  bounce_rate: { label: 'Bounce rate', rate: true },
  complaint_rate: { label: 'Complaint rate', rate: true },
  open_rate: { label: 'Open rate', rate: true },
  deferral_rate: { label: 'Deferral rate', rate: true },
  smtp_error_rate: { label: 'SMTP error rate', rate: true },
  dns_failures: { label: 'DNS failures', rate: false },
};

/** "bounce_rate" → "Bounce rate" and whether its values are fractions to show as percentages. */
export function anomalyMetric(metric: string): { label: string; rate: boolean } {
  return METRIC_WORDS[metric] ?? { label: metric.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), rate: false };
}

/** Whether the observed value broke out above or below the expected band. */
export function anomalyDirection(a: Pick<AnomalyRecord, 'observed' | 'upper' | 'lower'>): 'above' | 'below' | 'inside' {
  if (a.observed > a.upper) return 'above';
  if (a.observed < a.lower) return 'below';
  return 'inside';
}
