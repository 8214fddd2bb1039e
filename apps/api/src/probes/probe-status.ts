import type { DnsAssessment, DnsRecordKind } from './dns/dns-assessment';
import type { SmtpProbeResult } from './smtp/smtp.prober';

/** A stored DNS check status: what the last check found, `changed` when an ok record's value differs from before. */
export type DnsStatus = 'ok' | 'missing' | 'broken' | 'changed' | 'error';

export interface DnsStatusRow {
  domain: string;
  record: DnsRecordKind;
  selector: string;
  status: DnsStatus;
  value: string | null;
  detail: string;
  facts: Record<string, unknown>;
  checkedAt: Date;
  /** When the current value was first seen. */
  valueChangedAt: Date;
  statusChangedAt: Date;
}

export interface SmtpStatusRow {
  host: string;
  port: number;
  ok: boolean;
  latencyMs: number;
  error: string | null;
  facts: Record<string, unknown>;
  checkedAt: Date;
  statusChangedAt: Date;
}

/** The status after a check, and the value it replaced when that value changed. */
export interface DnsStatusUpdate {
  row: DnsStatusRow;
  previousValue: string | null;
  valueChanged: boolean;
}

/**
 * Folds one check into the previous status. A record that is fine but whose value differs from the last one
 * seen is `changed` (the next run with the same value says `ok` again; valueChangedAt keeps the time). A check
 * that could not be made (`error`) keeps the last value, so a change is still noticed after a resolver outage.
 */
export function nextDnsStatus(
  previous: DnsStatusRow | undefined,
  check: { domain: string; record: DnsRecordKind; selector: string; assessment: DnsAssessment },
  now: Date,
): DnsStatusUpdate {
  const { assessment } = check;
  const previousValue = previous?.value ?? null;
  const valueChanged = assessment.status !== 'error' && previous !== undefined && previousValue !== assessment.value;
  const status: DnsStatus = assessment.status === 'ok' && valueChanged && previousValue !== null ? 'changed' : assessment.status;
  const value = assessment.status === 'error' ? previousValue : assessment.value;
  return {
    row: {
      domain: check.domain,
      record: check.record,
      selector: check.selector,
      status,
      value,
      detail: assessment.detail,
      facts: assessment.facts,
      checkedAt: now,
      valueChangedAt: previous === undefined || valueChanged ? now : previous.valueChangedAt,
      statusChangedAt: previous?.status === status ? previous.statusChangedAt : now,
    },
    previousValue,
    valueChanged,
  };
}

export function nextSmtpStatus(previous: SmtpStatusRow | undefined, result: SmtpProbeResult, now: Date): SmtpStatusRow {
  const { host, port, ok, latencyMs, error, ...facts } = result;
  return {
    host,
    port,
    ok,
    latencyMs,
    error: error ?? null,
    facts,
    checkedAt: now,
    statusChangedAt: previous?.ok === ok ? previous.statusChangedAt : now,
  };
}

const SEVERITY: Record<DnsStatus | 'pending', number> = { broken: 5, missing: 4, error: 3, changed: 2, ok: 1, pending: 0 };

/** A domain's overall status: its worst check (`pending` before the first run). */
export function worstDnsStatus(statuses: DnsStatus[]): DnsStatus | 'pending' {
  return statuses.reduce<DnsStatus | 'pending'>((worst, s) => (SEVERITY[s] > SEVERITY[worst] ? s : worst), 'pending');
}
