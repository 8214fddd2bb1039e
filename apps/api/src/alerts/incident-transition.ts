import type { Observation, Severity } from './alert-rule';

/** The part of an open incident the state machine looks at. */
export interface OpenIncident {
  severity: Severity;
  /** When the condition was first seen clear since it last held; null while it holds. */
  clearSince: Date | null;
}

/**
 * What to do with one subject of a rule after an evaluation at `at`:
 * - `open`: no incident and the condition holds → a new incident, one `firing` notice;
 * - `escalate`: the incident is a warning and the condition is now critical → one `escalated` notice;
 * - `hold`: still breached (clears any pending resolution);
 * - `clearing`: first clear evaluation of an open incident → start the cooldown;
 * - `resolve`: clear for at least the cooldown → the incident ends, one `resolved` notice;
 * - `none`: nothing open and nothing breached, or still cooling down.
 * Flapping inside the cooldown therefore stays one incident: one alert and one resolution.
 */
export type IncidentAction =
  | { type: 'open'; severity: Severity }
  | { type: 'escalate'; severity: Severity }
  | { type: 'hold' }
  | { type: 'clearing' }
  | { type: 'resolve' }
  | { type: 'none' };

export function nextIncidentAction(open: OpenIncident | null, observation: Pick<Observation, 'breached' | 'severity'>, at: Date, cooldownMinutes: number): IncidentAction {
  if (observation.breached) {
    if (!open) return { type: 'open', severity: observation.severity };
    if (open.severity === 'warning' && observation.severity === 'critical') return { type: 'escalate', severity: 'critical' };
    return { type: 'hold' };
  }
  if (!open) return { type: 'none' };
  if (!open.clearSince) return cooldownMinutes === 0 ? { type: 'resolve' } : { type: 'clearing' };
  return at.getTime() - open.clearSince.getTime() >= cooldownMinutes * 60_000 ? { type: 'resolve' } : { type: 'none' };
}
