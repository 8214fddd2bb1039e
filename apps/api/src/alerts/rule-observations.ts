import type { Observation, Severity } from './alert-rule';
import type { AnomalyDefinition } from './dto/alert-rule.dto';
import type { AnomalySignal, DnsProblem, SmtpFailure } from './alert-signal.repository';

/** Pure: one observation per failing SMTP probe (subject `host:port`). */
export function observeSmtp(failures: SmtpFailure[], at: Date): Observation[] {
  return failures.map((f) => ({
    subject: `${f.host}:${f.port}`,
    breached: true,
    severity: 'critical',
    value: null,
    threshold: null,
    volume: null,
    windowStart: f.since.toISOString(),
    windowEnd: at.toISOString(),
    summary: `SMTP probe of ${f.host}:${f.port} failing since ${f.since.toISOString()}${f.error ? `: ${f.error}` : ''}`,
  }));
}

/** Pure: one observation per missing or broken SPF/DKIM/DMARC record (subject `domain/record[:selector]`). */
export function observeDns(problems: DnsProblem[], at: Date): Observation[] {
  return problems.map((p) => {
    const record = p.record.toUpperCase() + (p.selector ? ` (selector ${p.selector})` : '');
    return {
      subject: `${p.domain}/${p.record}${p.selector ? `:${p.selector}` : ''}`,
      breached: true,
      // Without SPF or DKIM mail fails authentication now; a missing DMARC policy weakens it.
      severity: p.record === 'dmarc' ? 'warning' : 'critical',
      value: null,
      threshold: null,
      volume: null,
      windowStart: p.since.toISOString(),
      windowEnd: at.toISOString(),
      summary: `${record} record of ${p.domain} is ${p.status} since ${p.since.toISOString()}${p.detail ? `: ${p.detail}` : ''}`,
    };
  });
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { warning: 0, critical: 1 };

/** Pure: the anomalies in the window, grouped by metric and domain (subject `metric` or `metric@domain`), worst kept. */
export function observeAnomalies(d: AnomalyDefinition, signals: AnomalySignal[], from: Date, at: Date): Observation[] {
  const bySubject = new Map<string, AnomalySignal[]>();
  for (const s of signals) {
    if (SEVERITY_RANK[s.severity] < SEVERITY_RANK[d.minimumSeverity]) continue;
    const subject = s.recipientDomain ? `${s.metric}@${s.recipientDomain}` : s.metric;
    bySubject.set(subject, [...(bySubject.get(subject) ?? []), s]);
  }
  return [...bySubject].map(([subject, list]) => {
    const worst = list.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] || b.bucket > a.bucket ? b : a));
    const severity: Severity = list.some((s) => s.severity === 'critical') ? 'critical' : 'warning';
    return {
      subject,
      breached: true,
      severity,
      value: worst.observed,
      threshold: worst.observed > worst.upperBound ? worst.upperBound : worst.lowerBound,
      volume: null,
      windowStart: from.toISOString(),
      windowEnd: at.toISOString(),
      summary:
        `${list.length} anomalous bucket${list.length === 1 ? '' : 's'} of ${worst.metric}${worst.recipientDomain ? ` at ${worst.recipientDomain}` : ''}: ` +
        `observed ${round(worst.observed)} where ${round(worst.lowerBound)}–${round(worst.upperBound)} was expected (${worst.bucket.toISOString()})`,
    };
  });
}

function round(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

/** The observation of a subject that is no longer reported (probe recovered, anomaly out of the window). */
export function clearObservation(subject: string, from: Date, at: Date, what: string): Observation {
  return {
    subject,
    breached: false,
    severity: 'warning',
    value: null,
    threshold: null,
    volume: null,
    windowStart: from.toISOString(),
    windowEnd: at.toISOString(),
    summary: `${what} is clear`,
  };
}
