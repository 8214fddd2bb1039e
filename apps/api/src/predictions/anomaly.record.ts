/** One closed bucket whose metric fell outside the detector's expected band. */
export interface AnomalyRecord {
  id: number;
  workspaceId: string;
  /** `event_volume`, `bounce_rate`, `complaint_rate`, `open_rate`, `deferral_rate`, `smtp_error_rate` or `dns_failures`. */
  metric: string;
  /** Recipient domain of a per-domain stream; '' for the workspace as a whole. */
  recipientDomain: string;
  bucketStart: string;
  bucketSeconds: number;
  observed: number;
  expected: number;
  lower: number;
  upper: number;
  severity: 'warning' | 'critical';
  /** Standard score towards the anomalous direction (higher is more unusual). */
  score: number;
  modelVersion: string;
  detectedAt: string;
}
