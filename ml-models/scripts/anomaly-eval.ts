import { BandForecaster, type BandParams, type BandScore, emptyBucket } from '@mailpulse/features';
import type { AnomalyTruth } from '@mailpulse/simulator';
import type { SimulatedWorkspace } from './simulated-workspace';

const HOUR_MS = 3_600_000;
/** Buckets after an anomaly ends whose alerts still belong to it (late complaints, deferred mail draining). */
export const AFTERMATH_BUCKETS = 6;
/** Detected in time: within this many buckets after the bucket the anomaly starts in. */
export const MAX_DELAY_BUCKETS = 2;

export function replay(ws: SimulatedWorkspace, params: BandParams): BandScore[] {
  const f = new BandForecaster(params);
  const scores: BandScore[] = [];
  const first = ws.start.getTime();
  for (let t = Math.floor(first / HOUR_MS) * HOUR_MS; t < ws.end.getTime(); t += HOUR_MS) {
    // Every hour is observed, as the API does: an hour without events is data too.
    const b = ws.buckets.get(t);
    scores.push(...(b ? f.observe(new Date(t), b.total, b.byDomain) : f.observe(new Date(t), emptyBucket())));
  }
  return scores;
}

function inWindow(at: number, a: AnomalyTruth, afterBuckets: number): boolean {
  const start = Math.floor(Date.parse(a.start) / HOUR_MS) * HOUR_MS;
  return at >= start && at < Date.parse(a.end) + afterBuckets * HOUR_MS;
}

/** Normal buckets: outside every anomaly and its aftermath. */
export function isNormal(at: number, anomalies: readonly AnomalyTruth[]): boolean {
  return !anomalies.some((a) => inWindow(at, a, AFTERMATH_BUCKETS + 18));
}

/** Calibrates the per-metric thresholds: just above the highest score each metric reached on normal traffic. */
export function calibrate(workspaces: readonly SimulatedWorkspace[], params: BandParams, margin = 1.15, floor = 4): BandParams {
  const loose: BandParams = { ...params, z: Object.fromEntries(Object.keys(params.z).map((k) => [k, Infinity])) };
  const maxNormal: Record<string, number> = {};
  for (const ws of workspaces) {
    for (const s of replay(ws, loose)) {
      if (!isNormal(s.bucketStart.getTime(), ws.truth.anomalies)) continue;
      maxNormal[s.metric] = Math.max(maxNormal[s.metric] ?? 0, s.score);
    }
  }
  const z: Record<string, number> = {};
  for (const k of Object.keys(params.z)) z[k] = Math.round(Math.max(floor, (maxNormal[k] ?? 0) * margin) * 100) / 100;
  return { ...params, z };
}

export interface AnomalyEvaluation {
  anomalies: number;
  detected: number;
  detectedInTime: number;
  incidents: number;
  falseIncidents: number;
  precision: number;
  recall: number;
  f1: number;
  meanDelayBuckets: number;
  maxDelayBuckets: number;
  normalDays: number;
  falseAlarmsPerNormalDay: number;
  perKind: Record<string, { anomalies: number; detectedInTime: number }>;
}

/**
 * Scores the detector on labelled anomalies. Consecutive anomalous buckets (any metric) form one incident; an
 * anomaly counts as found when an incident starts within MAX_DELAY_BUCKETS of the bucket it started in; an
 * incident overlapping no anomaly (or its aftermath) is a false alarm.
 */
export function evaluateAnomalies(workspaces: readonly SimulatedWorkspace[], params: BandParams): AnomalyEvaluation {
  let anomalies = 0, detected = 0, inTime = 0, incidents = 0, falseIncidents = 0, normalHours = 0;
  const delays: number[] = [];
  const perKind: AnomalyEvaluation['perKind'] = {};
  for (const ws of workspaces) {
    const alertHours = [...new Set(replay(ws, params).filter((s) => s.anomalous).map((s) => s.bucketStart.getTime()))].sort((a, b) => a - b);
    const groups: number[][] = [];
    for (const h of alertHours) {
      const last = groups[groups.length - 1];
      if (last && h - last[last.length - 1]! <= 2 * HOUR_MS) last.push(h);
      else groups.push([h]);
    }
    incidents += groups.length;
    for (const g of groups) if (!ws.truth.anomalies.some((a) => g.some((h) => inWindow(h, a, AFTERMATH_BUCKETS)))) falseIncidents++;
    for (const a of ws.truth.anomalies) {
      anomalies++;
      const k = (perKind[a.kind] ??= { anomalies: 0, detectedInTime: 0 });
      k.anomalies++;
      const startBucket = Math.floor(Date.parse(a.start) / HOUR_MS) * HOUR_MS;
      const first = alertHours.find((h) => inWindow(h, a, AFTERMATH_BUCKETS));
      if (first === undefined) continue;
      detected++;
      const delay = (first - startBucket) / HOUR_MS;
      delays.push(delay);
      if (delay <= MAX_DELAY_BUCKETS) {
        inTime++;
        k.detectedInTime++;
      }
    }
    for (let t = Math.floor(ws.start.getTime() / HOUR_MS) * HOUR_MS; t < ws.end.getTime(); t += HOUR_MS) if (isNormal(t, ws.truth.anomalies)) normalHours++;
  }
  const truePositives = incidents - falseIncidents;
  const precision = incidents === 0 ? 1 : truePositives / incidents;
  const recall = anomalies === 0 ? 1 : inTime / anomalies;
  return {
    anomalies,
    detected,
    detectedInTime: inTime,
    incidents,
    falseIncidents,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    meanDelayBuckets: delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : NaN,
    maxDelayBuckets: delays.length ? Math.max(...delays) : NaN,
    normalDays: normalHours / 24,
    falseAlarmsPerNormalDay: normalHours === 0 ? 0 : falseIncidents / (normalHours / 24),
    perKind,
  };
}
