import type { AnomalyDefinition, InfrastructureDefinition, ThresholdDefinition } from './dto/alert-rule.dto';

export type Severity = 'warning' | 'critical';

interface RuleBase {
  id: string;
  workspaceId: string;
  name: string;
  enabled: boolean;
  cooldownMinutes: number;
  /** Set on the rules every workspace starts with. */
  builtin: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type AlertRule =
  | (RuleBase & { kind: 'threshold'; definition: ThresholdDefinition })
  | (RuleBase & { kind: 'anomaly'; definition: AnomalyDefinition })
  | (RuleBase & { kind: 'infrastructure'; definition: InfrastructureDefinition });

/**
 * What one evaluation found for one subject of a rule (a threshold rule has one subject, ''; an SMTP rule one per
 * probed host). `breached` false means the condition is clear (or there is too little volume to judge).
 */
export interface Observation {
  subject: string;
  breached: boolean;
  severity: Severity;
  /** The measured value (a rate as a fraction, a count, an anomaly's observed value) or null when not measurable. */
  value: number | null;
  /** The value it was compared with. */
  threshold: number | null;
  /** Messages sent in the window (threshold rules). */
  volume: number | null;
  windowStart: string;
  windowEnd: string;
  /** One line in words: what happened, with the numbers. */
  summary: string;
}
