/** The models Mailpulse trains; each kind has its own folder of versions under the artefact root. */
export type ModelKind = 'campaign-rates' | 'anomaly-band' | 'send-time';

/**
 * What is saved beside each model version (`card.json`): enough to know what it was trained on, how it scored and
 * whether the API may serve it.
 */
export interface ModelCard {
  kind: ModelKind;
  /** Sortable version: the training time as `YYYYMMDDTHHMMSSZ`. */
  version: string;
  trainedAt: string;
  trainingSeconds: number;
  /** The data it was trained on: simulator settings or a workspace's date range. */
  data: { source: string; from: string; to: string; contacts?: number; samples?: number };
  /** Feature names and whatever the features need at serving time (e.g. standardisation). */
  featureSchema: Record<string, unknown>;
  /** Parameters of a model that is not a network (thresholds, smoothing). */
  params?: Record<string, unknown>;
  metrics: Record<string, number>;
  /** Metric name → goal it had to meet; `passed` is true only when every goal was met. */
  goals: Record<string, string>;
  passed: boolean;
  /** Set by the evaluation script when it scored this version on fresh held-out data. */
  evaluatedAt?: string;
}

export function versionOf(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}
