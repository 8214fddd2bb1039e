import type { AnomalySpec } from '@mailpulse/simulator';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const SHAPES: readonly { kind: AnomalySpec['kind']; hours: number; domains?: string[] }[] = [
  { kind: 'volume-drop', hours: 4 },
  { kind: 'dkim-break', hours: 10, domains: ['gmail.com', 'yahoo.com', 'outlook.com'] },
  { kind: 'complaint-surge', hours: 6 },
  { kind: 'bounce-spike', hours: 6, domains: ['yahoo.com', 'gmail.com', 'hotmail.com'] },
  { kind: 'smtp-outage', hours: 1 },
];

/**
 * `perKind` anomalies of each kind, one every `spacingDays` from day 14 on (the detector needs history first), at
 * seeded hours, so evaluation has many labelled incidents and plenty of normal days between them.
 */
export function anomalyPlan(seed: number, end: Date, days: number, perKind: number, spacingDays = 5): AnomalySpec[] {
  let state = seed >>> 0 || 1;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const start = end.getTime() - days * DAY_MS;
  const specs: AnomalySpec[] = [];
  let day = 14;
  for (let round = 0; round < perKind; round++) {
    for (const shape of SHAPES) {
      if (day + 2 > days) return specs;
      const at = start + day * DAY_MS + Math.floor(7 + next() * 10) * HOUR_MS;
      const domain = shape.domains ? shape.domains[Math.floor(next() * shape.domains.length)] : undefined;
      specs.push({ kind: shape.kind, start: new Date(at), end: new Date(at + shape.hours * HOUR_MS), ...(domain ? { domain } : {}) });
      day += spacingDays;
    }
  }
  return specs;
}
